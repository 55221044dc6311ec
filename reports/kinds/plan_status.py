"""Status of one action plan: items, their status, budget against hours used, feedback."""

from __future__ import annotations

from decimal import Decimal

from actionplans.models import ActionPlan, PlanFeedback, PlanItem
from core.numbers import format_hours
from reports.charts import bar_chart_svg
from reports.document import Chart, Report, Section, Table
from reports.models import ReportRun
from timetracking.selectors import plan_item_hours_used


def compute(run: ReportRun) -> Report:
    assert run.plan_id is not None
    plan = ActionPlan.objects.select_related("area__organisation").get(pk=run.plan_id)
    items = list(
        PlanItem.objects.filter(plan=plan)
        .select_related("service", "unit", "department", "advisor__user")
        .order_by("priority", "title", "pk")
    )
    table, budget_total, used_total, by_status = _items(plan, items)
    feedback = list(
        PlanFeedback.objects.filter(plan=plan).select_related("item").order_by("created_at", "pk")
    )
    feedback_section = Section(
        title="Faglig tilbakemelding fra BHT",
        paragraphs=[(f"{f.item.title}: " if f.item else "") + f.text for f in feedback]
        or ["Ingen tilbakemelding er registrert."],
    )
    return Report(
        kind=run.kind,
        title=f"Status for handlingsplan {plan.area.name} {plan.period_label}",
        subtitle=f"Versjon {plan.version}, {plan.get_status_display().lower()}",
        organisation_name=plan.area.organisation.name,
        period_label=plan.period_label,
        sections=[
            Section(
                title="Oversikt",
                facts=[
                    ("Timebudsjett for planen", format_hours(plan.budget_hours)),
                    ("Budsjett på tiltakene", format_hours(budget_total)),
                    ("Brukte timer", format_hours(used_total)),
                    ("Antall tiltak", str(len(items))),
                ],
                charts=_status_chart(by_status),
            ),
            Section(title="Tiltak", tables=[table]),
            feedback_section,
        ],
    )


def _items(
    plan: ActionPlan, items: list[PlanItem]
) -> tuple[Table, Decimal, Decimal, dict[str, int]]:
    """The items' table, the sums of budget and hours used, and items per status."""
    used = plan_item_hours_used([item.pk for item in items])
    rows: list[list[object]] = []
    budget_total = Decimal(0)
    used_total = Decimal(0)
    by_status: dict[str, int] = {}
    for item in items:
        hours = used.get(item.pk, Decimal(0))
        budget_total += item.budget_hours
        used_total += hours
        status = item.get_status_display()
        by_status[status] = by_status.get(status, 0) + 1
        rows.append(
            [
                item.title,
                item.service.name,
                str(item.department or item.unit or plan.area.name),
                status,
                item.budget_hours,
                hours,
                item.budget_hours - hours,
            ]
        )
    table = Table(
        title="Tiltak",
        headers=[
            "Tiltak",
            "Tjeneste",
            "Gjelder",
            "Status",
            "Budsjett (t)",
            "Brukt (t)",
            "Rest (t)",
        ],
        rows=rows,  # type: ignore[arg-type]
        totals=["Sum", "", "", "", budget_total, used_total, budget_total - used_total],
        note="Brukte timer er timer ført på tiltaket og på bestillinger knyttet til det.",
        sheet_name="Tiltak",
    )
    return table, budget_total, used_total, by_status


def _status_chart(by_status: dict[str, int]) -> list[Chart]:
    if not by_status:
        return []
    return [
        Chart(
            title="Tiltak per status",
            svg=bar_chart_svg(
                "Tiltak per status", list(by_status), [float(v) for v in by_status.values()]
            ),
            alt=", ".join(f"{k}: {v}" for k, v in by_status.items()),
        )
    ]
