"""The cases: categories, declined orders, response times and satisfaction."""

from __future__ import annotations

from django.db.models import Count, Q

from orders.models import (
    FEEDBACK_SCALES,
    NOT_SURE,
    DeclineReason,
    OrderStatus,
)
from reports.document import Cell, Chart, Section, Table
from reports.kinds._figures import (
    SUPPRESSED,
    SUPPRESSION_NOTE,
    bar_chart_svg,
    is_small,
    percent,
    suppress,
)

from .data import ANSWERS, NO_CATEGORY, _Data, _response_row


def _categories(data: _Data) -> Section:
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for kind, qs in (("inquiries", data.inquiries), ("orders", data.orders)):
        for row in (
            qs.order_by().values("category__sort_order", "category__name").annotate(n=Count("pk"))
        ):
            key = (
                row["category__sort_order"] if row["category__name"] else 10_000,
                row["category__name"] or NO_CATEGORY,
            )
            counts.setdefault(key, {"inquiries": 0, "orders": 0})[kind] = row["n"]
    keys = sorted(counts)
    raw = [[name, counts[k]["inquiries"], counts[k]["orders"]] for k in keys for name in [k[1]]]
    rows: list[list[Cell]] = [[r[0], data.count(r[1]), data.count(r[2])] for r in raw]
    table = Table(
        title="Henvendelser og bestillinger per kategori",
        headers=["Kategori", "Henvendelser", "Bestillinger"],
        rows=rows,
        totals=[
            "Sum",
            data.count(sum(r[1] for r in raw)),
            data.count(sum(r[2] for r in raw)),
        ],
        note=SUPPRESSION_NOTE if data.area is not None else "",
        sheet_name="Per kategori",
        column_formats=["", "count", "count"],
    )
    # The chart shows only what the table shows: no bar for a hidden cell.
    items = [(str(r[0]), r[1] + r[2]) for r in raw if not is_small(r[1] + r[2]) or not data.area]
    chart = Chart(
        title="Henvendelser og bestillinger per kategori",
        svg=bar_chart_svg("Henvendelser og bestillinger per kategori", items),
        alt="; ".join(f"{label}: {value}" for label, value in items) or "Ingen saker i året.",
    )
    tables = [table] if data.area is not None else [table, _categories_per_area(data)]
    return Section(title="Henvendelser og bestillinger", tables=tables, charts=[chart])


def _categories_per_area(data: _Data) -> Table:
    """The same counts per area: a breakdown below organisation level, so small
    cells are hidden."""
    counts: dict[tuple[int | None, str], dict[str, int]] = {}
    for kind, qs, area_key in (
        ("inquiries", data.inquiries, "area_ref"),
        ("orders", data.orders, "area_id"),
    ):
        for row in qs.order_by().values(area_key, "category__name").annotate(n=Count("pk")):
            key = (row[area_key], row["category__name"] or NO_CATEGORY)
            counts.setdefault(key, {"inquiries": 0, "orders": 0})[kind] = row["n"]
    rows: list[list[Cell]] = [
        [area.name, category, suppress(n["inquiries"]), suppress(n["orders"])]
        for area in data.areas
        for (area_id, category), n in sorted(counts.items(), key=lambda item: item[0][1])
        if area_id == area.pk
    ]
    return Table(
        title="Henvendelser og bestillinger per område og kategori",
        headers=["Område", "Kategori", "Henvendelser", "Bestillinger"],
        rows=rows,
        note=SUPPRESSION_NOTE,
        sheet_name="Per område og kategori",
    )


def _declined(data: _Data) -> Section:
    counts = {
        row["decline_reason_code"]: row["n"]
        for row in data.orders.filter(status=OrderStatus.DECLINED)
        .order_by()
        .values("decline_reason_code")
        .annotate(n=Count("pk"))
    }
    rows: list[list[Cell]] = [
        [str(reason.label), data.count(counts.get(reason.value, 0))] for reason in DeclineReason
    ]
    table = Table(
        title="Avslåtte bestillinger etter årsak",
        headers=["Årsak", "Antall"],
        rows=rows,
        totals=["Sum", data.count(sum(counts.values()))],
        note=SUPPRESSION_NOTE if data.area is not None else "",
        sheet_name="Avslag",
        column_formats=["", "count"],
    )
    return Section(title="Avslåtte bestillinger", tables=[table])


def _response_times(data: _Data) -> Section:
    order_days, inquiry_days = data.response_days
    sla = data.organisation.sla_working_days
    table = Table(
        title="Svartid mot svarfrist",
        headers=[
            "Gjelder",
            "Besvart",
            "Median (virkedager)",
            "90-persentil (virkedager)",
            f"Andel innen {sla} virkedager (%)",
        ],
        rows=[
            _response_row("Henvendelser", inquiry_days, sla, data),
            _response_row("Bestillinger", order_days, sla, data),
            _response_row("Samlet", order_days + inquiry_days, sla, data),
        ],
        column_formats=["", "count", "count", "count", "percent"],
        note="Svartid i virkedager fra mottatt (henvendelse) eller sendt (bestilling) til første "
        "svar, uten helger og helligdager. Persentiler etter nærmeste-rang-metoden: verdien på "
        "plass ⌈p/100 × n⌉ i sortert rekkefølge. Ubesvarte saker er ikke med.",
        sheet_name="Svartid",
    )
    return Section(title="Svartid", tables=[table])


def _satisfaction(data: _Data) -> Section:
    counts = data.feedback.aggregate(
        **{
            f"{scale}_{answer}": Count("pk", filter=Q(**{scale: answer}))
            for scale, _label in FEEDBACK_SCALES
            for answer in ANSWERS
        }
    )
    rows: list[list[Cell]] = []
    hidden = False
    for scale, label in FEEDBACK_SCALES:
        answers = [counts[f"{scale}_{answer}"] for answer in ANSWERS]
        total = sum(answers)
        if data.area is not None and is_small(total):
            # Fewer than five answers in an area: no split that could identify anyone.
            hidden = True
            rows.append([str(label), *([None, None] * len(ANSWERS)), SUPPRESSED])
            continue
        cells: list[Cell] = []
        for n in answers:
            cells += [percent(n, total), n] if total else [None, 0]
        rows.append([str(label), *cells, total])
    headers = ["Spørsmål"]
    for answer in ANSWERS:
        name = "Vet ikke" if answer == NOT_SURE else str(answer)
        headers += [f"{name} (%)", f"{name} (antall)"]
    headers.append("Antall svar")
    note = (
        "Prosent av alle svar (også «vet ikke»), avrundet half opp til hele prosent, med "
        "antall svar i egen kolonne. Skala 1 (svært misfornøyd) til 5 (svært fornøyd)."
    )
    if hidden:
        note += " Spørsmål med 1–4 svar i området vises ikke fordelt («<5»)."
    table = Table(
        title="Fornøydhet",
        headers=headers,
        rows=rows,
        note=note,
        sheet_name="Fornøydhet",
        column_formats=["", *(["percent", "count"] * len(ANSWERS)), "count"],
    )
    return Section(title="Tilbakemeldinger", tables=[table])
