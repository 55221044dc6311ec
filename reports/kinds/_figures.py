"""Small helpers shared by the report kinds: rounding, percentiles, small-cell
suppression and a plain SVG bar chart. Pure functions, no database."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape

# AMU reports never show a breakdown cell below organisation level with fewer
# than this many cases (DESIGN.md §6).
SMALL_CELL_MIN = 5
SUPPRESSED = "<5"
SUPPRESSION_NOTE = (
    "Celler med 1–4 saker er skjult («<5») for å verne enkeltpersoner; "
    "summer på virksomhetsnivå vises som de er."
)


def half_up(value: Decimal | int, places: int = 0) -> Decimal:
    """Round half up (12.5 → 13), never banker's rounding like Python's round()."""
    exponent = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)


def percent(part: int | Decimal, whole: int | Decimal, places: int = 0) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded half up; None when `whole` is 0."""
    if not whole:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole), places)


def nearest_rank(values: Sequence[int], p: int) -> int | None:
    """The p-th percentile by the nearest-rank method: the smallest value such that
    at least p % of the values are ≤ it, i.e. the value at rank ⌈p/100 × n⌉ in
    sorted order. The median is p = 50 (the lower middle value for even n)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered) / 100))
    return ordered[rank - 1]


def suppress(count: int) -> int | str:
    """A case count for a breakdown below organisation level: 1–4 become "<5".
    Zero is shown: it tells that nothing happened and identifies nobody."""
    return SUPPRESSED if 0 < count < SMALL_CELL_MIN else count


def is_small(count: int) -> bool:
    return 0 < count < SMALL_CELL_MIN


def hours(value: Decimal | None) -> Decimal:
    return half_up(value or Decimal(0), 2)


def bar_chart_svg(title: str, items: Sequence[tuple[str, int | Decimal]]) -> str:
    """A horizontal bar chart as plain, accessible SVG (role="img" with <title>)."""
    label_width, bar_width, row_height, top = 220, 320, 24, 8
    height = top * 2 + row_height * max(len(items), 1)
    width = label_width + bar_width + 60
    largest = max((Decimal(v) for _label, v in items), default=Decimal(0)) or Decimal(1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(items):
        y = top + index * row_height
        length = int(Decimal(value) * bar_width / largest)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="{row_height - 8}" '
            f'fill="#1e6bb8"/>'
            f'<text x="{label_width + length + 4}" y="{y + 16}">{escape(str(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
