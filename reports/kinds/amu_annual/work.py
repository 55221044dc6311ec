"""What the BHT did: key figures, hours, preventive work and the action plans."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from actionplans.models import ItemStatus, PlanItem
from core.models import (
    MainContact,
    StatutoryCode,
)
from core.numbers import format_hours, format_number, format_percent
from reports.document import Cell, Section, Table
from reports.kinds._figures import (
    hours,
    nearest_rank,
    percent,
)
from timetracking.selectors import plan_hours_used

from .data import NO_SERVICE, ZERO, _Data


def _key_figures(data: _Data) -> Section:
    order_days, inquiry_days = data.response_days
    both = order_days + inquiry_days
    sla = data.organisation.sla_working_days
    share = percent(sum(1 for d in both if d <= sla), len(both))
    per_area = data.area_hours
    total_hours = sum((r["total"] for r in per_area.values()), ZERO) if per_area else None
    median = nearest_rank(both, 50)
    p90 = nearest_rank(both, 90)
    return Section(
        title="Nøkkeltall",
        facts=[
            ("Ansatte", format_number(data.org_employees)),
            ("Bestillinger", format_number(data.count(data.orders.count()))),
            ("Henvendelser", format_number(data.count(data.inquiries.count()))),
            ("Timer levert", format_hours(hours(total_hours))),
            ("Svartid, median (virkedager)", "–" if median is None else str(median)),
            ("Svartid, 90-persentil (virkedager)", "–" if p90 is None else str(p90)),
            (
                f"Andel besvart innen {sla} virkedager",
                "–" if share is None else format_percent(share),
            ),
        ],
    )


def _hours(data: _Data) -> Section:
    tables = [_area_hours_table(data), _letter_table(data), _competence_table(data)]
    return Section(title="Timer", tables=tables)


def _area_hours_table(data: _Data) -> Table:
    per_area = data.area_hours
    columns = ("fixed", "extra", "statutory", "additional", "unknown", "total")
    rows: list[list[Cell]] = [
        [area.name, *(hours(per_area.get(area.pk, {}).get(c)) for c in columns)]
        for area in data.areas
    ]
    totals = [
        "Sum",
        *(hours(sum((r.get(c) or ZERO for r in per_area.values()), ZERO)) for c in columns),
    ]
    return Table(
        title="Timer per område",
        headers=[
            "Område",
            "Fastpris",
            "Mersalg",
            "Lovpålagt (§ 13-2)",
            "Tilleggstjenester",
            NO_SERVICE,
            "Sum",
        ],
        rows=rows,
        totals=totals,
        note="Timer på bestillinger og tiltak i året; interne aktiviteter er ikke med.",
        sheet_name="Timer per område",
    )


def _letter_table(data: _Data) -> Table:
    by_code = data.hours_by_code
    letter_rows: list[list[Cell]] = [
        [str(c.label), hours(by_code.get(c.value))] for c in StatutoryCode
    ]
    letter_rows.append([NO_SERVICE, hours(by_code.get(None))])
    return Table(
        title="Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester",
        headers=["Oppgave", "Timer"],
        rows=letter_rows,
        totals=["Sum", hours(sum(by_code.values(), ZERO))],
        note="Forskrift om organisering, ledelse og medvirkning § 13-2 bokstav a–h. "
        "Tilleggstjenester holdes atskilt fra lovpålagt arbeid.",
        sheet_name="Timer per § 13-2",
    )


def _competence_table(data: _Data) -> Table:
    competence = (
        data.entries.order_by()
        .annotate(
            competence=Coalesce(
                "order__service__competence_areas__name",
                "plan_item__service__competence_areas__name",
            )
        )
        .values("competence")
        .annotate(total=Sum("hours"))
        .order_by("competence")
    )
    return Table(
        title="Timer per kompetanseområde",
        headers=["Kompetanseområde", "Timer"],
        rows=[[row["competence"] or "Ikke angitt", hours(row["total"])] for row in competence],
        note="En tjeneste med flere kompetanseområder teller med sine timer i hvert av dem, "
        "så summen kan bli større enn timene levert.",
        sheet_name="Timer per kompetanseområde",
    )


# § 13-2 letters a–d: the preventive work (mapping, measures, changes, guidelines).
PREVENTIVE = ("a", "b", "c", "d")


def _prevention(data: _Data) -> Section:
    """How the BHT prioritised preventive work (forskrift om administrative ordninger
    § 2-4): hours delivered per § 13-2 letter against what the approved plans set
    out for the risks they address (their items and budgets per letter)."""
    planned = {
        row["service__statutory_code"]: row
        for row in PlanItem.objects.filter(plan_id__in=[p.pk for p in data.plans.values()])
        .exclude(status=ItemStatus.CANCELLED)
        .order_by()
        .values("service__statutory_code")
        .annotate(items=Count("pk"), budget=Sum("budget_hours"))
    }
    delivered = data.hours_by_code
    rows: list[list[Cell]] = []
    for code in StatutoryCode:
        plan = planned.get(code.value, {})
        rows.append(
            [
                str(code.label),
                "Ja" if code.value in PREVENTIVE else "Nei",
                plan.get("items", 0),
                hours(plan.get("budget")),
                hours(delivered.get(code.value)),
            ]
        )
    statutory = sum(
        (delivered.get(c.value) or ZERO for c in StatutoryCode if c != StatutoryCode.EXTRA), ZERO
    )
    preventive = sum((delivered.get(c) or ZERO for c in PREVENTIVE), ZERO)
    share = percent(preventive, statutory)
    text = (
        "Forebyggende arbeid (§ 13-2 bokstav a–d) utgjorde "
        f"{format_percent(share)} av timene på lovpålagte oppgaver i {data.year}."
        if share is not None
        else f"Det er ikke ført timer på lovpålagte oppgaver i {data.year}."
    )
    table = Table(
        title="Prioritering av forebyggende arbeid",
        headers=[
            "Oppgave (§ 13-2)",
            "Forebyggende",
            "Tiltak i handlingsplanene",
            "Planlagte timer (planperioden)",
            f"Timer levert {data.year}",
        ],
        rows=rows,
        note="Tiltakene i de godkjente handlingsplanene svarer på risikoene virksomheten har "
        "kartlagt; timene er fordelt på oppgaven tjenesten hører til. Planlagte timer gjelder "
        "hele planperioden (to år). Forskrift om administrative ordninger § 2-4.",
        sheet_name="Forebygging",
        column_formats=["", "", "count", "decimal", "decimal"],
    )
    return Section(title="Prioritering av forebyggende arbeid", paragraphs=[text], tables=[table])


def _plans(data: _Data) -> Section:
    plan_ids = [plan.pk for plan in data.plans.values()]
    items = {
        row["plan_id"]: row
        for row in PlanItem.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("plan_id")
        .annotate(
            planned=Count("pk", filter=~Q(status=ItemStatus.CANCELLED)),
            done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        )
    }
    used = plan_hours_used(plan_ids, until=data.year_end)
    contacts = {
        contact.area_id: contact
        for contact in MainContact.objects.current(on=data.year_end)
        .filter(area__organisation=data.organisation)
        .select_related("advisor__user")
    }
    rows: list[list[Cell]] = []
    for area in data.areas:
        plan = data.plans.get(area.pk)
        contact = contacts.get(area.pk)
        contact_name = str(contact.advisor) if contact else "Ingen"
        if plan is None:
            rows.append([area.name, "Ingen godkjent plan", None, None, None, None, contact_name])
            continue
        counts = items.get(plan.pk, {})
        rows.append(
            [
                area.name,
                plan.period_label,
                counts.get("planned", 0),
                counts.get("done", 0),
                hours(plan.budget_hours),
                hours(used.get(plan.pk)),
                contact_name,
            ]
        )
    table = Table(
        title="Handlingsplaner per område",
        headers=[
            "Område",
            "Planperiode",
            "Tiltak planlagt",
            "Tiltak utført",
            "Budsjett (timer)",
            f"Brukt t.o.m. 31.12.{data.year}",
            f"Hovedkontakt per 31.12.{data.year}",
        ],
        rows=rows,
        note="Godkjent plan som dekker året. Budsjettet gjelder hele planperioden (to år); "
        "avlyste tiltak regnes ikke som planlagt.",
        sheet_name="Handlingsplaner",
    )
    return Section(title="Handlingsplaner, budsjett og hovedkontakt", tables=[table])
