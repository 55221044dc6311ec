"""An assignment report for the client: one order's summary, timeline and hours.

A report run is read by everyone who sees the run (the BHT, the area director, the
executive), so it shows what every one of them may see (core.confidentiality with
no single reader): no BHT-internal events, and for a confidential order neither
its title nor its description, and of its timeline only the status changes, as on
the order page for those who see no content.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from core import confidentiality
from core.numbers import format_hours
from orders import selectors as order_selectors
from orders.models import Order
from reports.document import Report, Section, Table
from reports.models import ReportRun
from timetracking.models import Activity, TimeEntry

# A shared document: no single reader (core.confidentiality).
AUDIENCE = None


def compute(run: ReportRun) -> Report:
    assert run.order_id is not None
    order = Order.objects.select_related("organisation", "area", "unit", "department").get(
        pk=run.order_id
    )
    content = confidentiality.order_content_visible(AUDIENCE, order)
    hours_table, total = _hours(order)
    place = order.department or order.unit or order.area
    return Report(
        kind=run.kind,
        title=f"Oppdragsrapport {order.reference}",
        subtitle=confidentiality.order_title(AUDIENCE, order),
        organisation_name=order.organisation.name,
        period_label=timezone.localtime(order.created_at).strftime("%d.%m.%Y"),
        sections=[
            Section(
                title="Sammendrag",
                facts=[
                    ("Referanse", order.reference),
                    ("Gjelder", str(place)),
                    ("Status", order.get_status_display()),
                    ("Fakturering", order.get_billing_display()),
                    ("Timer brukt", format_hours(total)),
                ],
                paragraphs=[p for p in [order.description] if p] if content else [],
            ),
            Section(
                title="Timer per rådgiver og aktivitet",
                tables=[hours_table, _entries(order, content)],
            ),
            Section(title="Forløp", tables=[_timeline(order, content)]),
        ],
    )


def _hours(order: Order) -> tuple[Table, Decimal]:
    """Hours per advisor and activity, and their sum."""
    hours = list(
        TimeEntry.objects.filter(order=order)
        .order_by()
        .values("advisor__user__first_name", "advisor__user__last_name", "activity")
        .annotate(total=Sum("hours"))
        .order_by("advisor__user__first_name", "advisor__user__last_name", "activity")
    )
    activities = dict(Activity.choices)
    rows: list[list[object]] = [
        [
            f"{h['advisor__user__first_name']} {h['advisor__user__last_name']}".strip(),
            str(activities.get(h["activity"], h["activity"])),
            h["total"],
        ]
        for h in hours
    ]
    total = sum((h["total"] for h in hours), Decimal(0))
    table = Table(
        title="Timer",
        headers=["Rådgiver", "Aktivitet", "Timer"],
        rows=rows,  # type: ignore[arg-type]
        totals=["Sum", "", total],
        sheet_name="Timer",
    )
    return table, total


def _entries(order: Order, content: bool) -> Table:
    """Each time entry; its note as the confidentiality policy shows it to all readers."""
    entries = (
        TimeEntry.objects.filter(order=order)
        .select_related("order", "advisor__user")
        .order_by("date", "pk")
    )
    rows: list[list[object]] = [
        [
            e.date.strftime("%d.%m.%Y"),
            e.advisor.user.get_full_name(),
            e.get_activity_display(),
            e.hours,
            confidentiality.entry_note(AUDIENCE, e),
        ]
        for e in entries
    ]
    return Table(
        title="Timeføringer",
        headers=["Dato", "Rådgiver", "Aktivitet", "Timer", "Notat"],
        rows=rows,  # type: ignore[arg-type]
        note="" if content else "Bestillingen er fortrolig: notatene er bare for BHT.",
        sheet_name="Timeføringer",
    )


def _timeline(order: Order, content: bool) -> Table:
    rows = [
        [
            timezone.localtime(e.at).strftime("%d.%m.%Y"),
            e.get_kind_display(),
            e.actor.get_full_name() if e.actor else "",
            (e.text or e.file_name) if content else "",
        ]
        for e in order_selectors.timeline_events(order, reader=AUDIENCE)
    ]
    note = "BHTs interne notater er ikke med."
    if not content:
        note += " Bestillingen er fortrolig: bare statusendringer er med, uten tekst."
    return Table(
        title="Hendelser",
        headers=["Dato", "Hendelse", "Av", "Tekst"],
        rows=rows,  # type: ignore[arg-type]
        note=note,
        sheet_name="Forløp",
    )
