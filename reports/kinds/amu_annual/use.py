"""Use of the BHT per 100 employees, sick leave, costs and the BHT's recommendations."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Coalesce

from core.models import ServiceUnit
from reports.document import Cell, Section, Table
from reports.kinds._figures import (
    SUPPRESSION_NOTE,
    half_up,
    hours,
    is_small,
    percent,
    suppress,
)
from reports.sick_leave import sick_leave_percent, sick_leave_totals

from .data import ZERO, _Data


def _use(data: _Data) -> Section:
    return Section(title="Bruk av BHT", tables=[_use_table(data), _never_table(data)])


def _use_table(data: _Data) -> Table:
    orders = {
        row["area_id"]: row["n"]
        for row in data.orders.order_by().values("area_id").annotate(n=Count("pk"))
    }
    inquiries = {
        row["area_ref"]: row["n"]
        for row in data.inquiries.order_by().values("area_ref").annotate(n=Count("pk"))
    }
    rows: list[list[Cell]] = []
    for area in data.areas:
        employees = data.area_employees.get(area.pk, 0)
        n_orders = orders.get(area.pk, 0)
        n_inquiries = inquiries.get(area.pk, 0)

        def rate(n: int, employees: int = employees) -> Decimal | str | None:
            if is_small(n):
                return suppress(n)
            return percent(n, employees, 1)

        rows.append(
            [
                area.name,
                employees,
                suppress(n_orders),
                rate(n_orders),
                suppress(n_inquiries),
                rate(n_inquiries),
            ]
        )
    total_orders = sum(orders.values())
    total_inquiries = sum(inquiries.values())
    return Table(
        title="Bruk per 100 ansatte",
        headers=[
            "Område",
            "Ansatte",
            "Bestillinger",
            "Bestillinger per 100 ansatte",
            "Henvendelser",
            "Henvendelser per 100 ansatte",
        ],
        rows=rows,
        totals=[
            "Hele virksomheten",
            data.org_employees,
            total_orders,
            percent(total_orders, data.org_employees, 1),
            total_inquiries,
            percent(total_inquiries, data.org_employees, 1),
        ]
        if data.area is None
        else None,
        column_formats=["", "count", "count", "decimal", "count", "decimal"],
        note="Ansatte etter registrert antall for året, ellers dagens tall. " + SUPPRESSION_NOTE,
        sheet_name="Bruk per 100 ansatte",
    )


def _never_table(data: _Data) -> Table:
    """Units that placed no order in the year."""
    ordering_units = (
        data.orders.annotate(unit_ref=Coalesce("unit_id", "department__unit_id"))
        .filter(unit_ref__isnull=False)
        .values("unit_ref")
    )
    never = (
        ServiceUnit.objects.filter(area__in=data.areas)
        .exclude(pk__in=ordering_units)
        .select_related("area")
        .order_by("area__name", "name")
    )
    return Table(
        title=f"Tjenesteområder uten bestillinger i {data.year}",
        headers=["Område", "Tjenesteområde", "Ansatte"],
        rows=[[unit.area.name, unit.name, unit.employees] for unit in never],
        sheet_name="Uten bestillinger",
    )


def _sick_leave(data: _Data) -> Section:
    rows: list[list[Cell]] = []
    names = {a.name for a in data.areas}
    for row in sick_leave_totals(organisation=data.organisation, year=data.year, by="area"):
        if row["area_name"] not in names:
            continue
        rows.append(
            [
                row["area_name"],
                sick_leave_percent(row["lost_self"], row["agreed"]),
                sick_leave_percent(row["lost_doctor"], row["agreed"]),
                sick_leave_percent(row["lost_self"] + row["lost_doctor"], row["agreed"]),
            ]
        )
    if not rows:
        return Section(
            title="Sykefravær",
            paragraphs=[f"Det er ikke importert sykefraværstall for {data.year}."],
        )
    table = Table(
        title="Sykefravær per område",
        headers=["Område", "Egenmeldt (%)", "Legemeldt (%)", "Samlet (%)"],
        rows=rows,
        note="Sykefraværsprosent = tapte dagsverk × 100 / avtalte dagsverk (NAV/SSB), "
        "for perioder innenfor året.",
        sheet_name="Sykefravær",
    )
    return Section(title="Sykefravær", tables=[table])


def _costs(data: _Data) -> Section:
    per_area = data.area_hours
    rows: list[list[Cell]] = []
    for area in data.areas:
        plan = data.plans.get(area.pk)
        row = per_area.get(area.pk, {})
        rows.append(
            [
                area.name,
                half_up(plan.fixed_price_amount, 2) if plan and plan.fixed_price_amount else None,
                hours(plan.budget_hours) if plan else None,
                hours(row.get("fixed")),
                hours(row.get("extra")),
                half_up(row.get("extra_amount") or ZERO, 2),
            ]
        )

    def column(index: int) -> Decimal:
        return sum((r[index] or ZERO for r in rows), ZERO)

    table = Table(
        title="Kostnader mot budsjett",
        headers=[
            "Område",
            "Fastpris for planperioden (kr)",
            "Timebudsjett for planperioden",
            f"Fastpristimer {data.year}",
            f"Mersalgstimer {data.year}",
            f"Mersalg {data.year} (kr)",
        ],
        rows=rows,
        totals=["Sum", *(half_up(column(i), 2) for i in range(1, 6))],
        note="Mersalg = timer × timeprisen låst på bestillingen. Fastpris og timebudsjett "
        "er fra den godkjente handlingsplanen og gjelder hele planperioden.",
        sheet_name="Kostnader",
    )
    return Section(title="Kostnader mot budsjett", tables=[table])


def _recommendations(text: str) -> Section:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Section(
        title="BHTs anbefalinger for neste år",
        paragraphs=paragraphs or ["Ingen anbefalinger er skrevet inn."],
    )
