"""An assignment report for the client: one order's summary, timeline and hours.

BHT-internal notes and internal events are left out: the report goes to the client.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from orders.models import EventKind, Order, OrderEvent
from reports.document import Report, Section, Table
from reports.models import ReportRun
from timetracking.models import Activity, TimeEntry


def compute(run: ReportRun) -> Report:
    assert run.order_id is not None
    order = Order.objects.select_related("organisation", "area", "unit", "department").get(
        pk=run.order_id
    )
    events = (
        OrderEvent.objects.filter(order=order, internal=False)
        .exclude(kind=EventKind.INTERNAL_NOTE)
        .select_related("actor")
        .order_by("at", "pk")
    )
    timeline = [
        [
            timezone.localtime(e.at).strftime("%d.%m.%Y"),
            e.get_kind_display(),
            e.actor.get_full_name() if e.actor else "",
            "" if order.confidential else (e.text or e.file_name),
        ]
        for e in events
    ]
    hours = list(
        TimeEntry.objects.filter(order=order)
        .order_by()
        .values("advisor__user__first_name", "advisor__user__last_name", "activity")
        .annotate(total=Sum("hours"))
        .order_by("advisor__user__first_name", "advisor__user__last_name", "activity")
    )
    activities = dict(Activity.choices)
    hour_rows: list[list[object]] = [
        [
            f"{h['advisor__user__first_name']} {h['advisor__user__last_name']}".strip(),
            str(activities.get(h["activity"], h["activity"])),
            h["total"],
        ]
        for h in hours
    ]
    total = sum((h["total"] for h in hours), Decimal(0))
    place = order.department or order.unit or order.area
    return Report(
        kind=run.kind,
        title=f"Oppdragsrapport {order.reference}",
        # A confidential order's title is case content: never in a report.
        subtitle="Fortrolig sak" if order.confidential else order.title,
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
                    ("Timer brukt", f"{total}"),
                ],
                paragraphs=[] if order.confidential else [p for p in [order.description] if p],
            ),
            Section(
                title="Timer per rådgiver og aktivitet",
                tables=[
                    Table(
                        title="Timer",
                        headers=["Rådgiver", "Aktivitet", "Timer"],
                        rows=hour_rows,  # type: ignore[arg-type]
                        totals=["Sum", "", total],
                        sheet_name="Timer",
                    )
                ],
            ),
            Section(
                title="Forløp",
                tables=[
                    Table(
                        title="Hendelser",
                        headers=["Dato", "Hendelse", "Av", "Tekst"],
                        rows=timeline,  # type: ignore[arg-type]
                        note="BHTs interne notater er ikke med."
                        + (
                            " Bestillingen er konfidensiell: tekster er utelatt."
                            if order.confidential
                            else ""
                        ),
                        sheet_name="Forløp",
                    )
                ],
            ),
        ],
    )
