"""Boundaries of the report figures and charts that a mutation check found untested
(issue 18, point 5): small-cell suppression at exactly 5, zero totals and empty lists,
and the SVG bars (proportional, zero, the largest at full length)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from reports import charts
from reports.kinds import _figures as figures


@pytest.mark.parametrize(
    ("count", "shown", "small"),
    [(0, 0, False), (1, "<5", True), (4, "<5", True), (5, 5, False), (6, 6, False)],
)
def test_it_suppresses_counts_below_five_and_shows_exactly_five(count, shown, small):
    assert figures.SMALL_CELL_MIN == 5
    assert figures.suppress(count) == shown
    assert figures.is_small(count) is small


def test_a_zero_total_gives_no_percentage_instead_of_a_crash():
    assert figures.percent(3, 0) is None
    assert figures.percent(0, 0) is None
    assert figures.percent(1, 3) == Decimal(33)
    assert figures.percent(1, 8, 1) == Decimal("12.5")


def test_an_empty_list_has_no_percentile():
    assert figures.nearest_rank([], 50) is None
    assert figures.nearest_rank([7], 50) == 7
    assert figures.nearest_rank([1, 2, 3, 4], 50) == 2


def _widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]


def test_the_figures_chart_draws_bars_in_proportion():
    svg = figures.bar_chart_svg("Saker", [("A", 10), ("B", 5), ("C", 0), ("D", Decimal("2.5"))])

    assert _widths(svg) == [320, 160, 0, 80]
    assert "<title" in svg and 'role="img"' in svg


def test_the_figures_chart_survives_no_bars_and_only_zeros():
    assert _widths(figures.bar_chart_svg("Tomt", [])) == []
    assert _widths(figures.bar_chart_svg("Null", [("A", 0), ("B", 0)])) == [0, 0]


def test_the_report_chart_draws_bars_in_proportion_with_the_largest_at_full_length():
    span = charts.WIDTH - charts.LABEL_WIDTH - 70
    svg = charts.bar_chart_svg("Timer", ["A", "B", "C"], [8.0, 2.0, 0.0])

    assert _widths(svg) == [span, span / 4, 0.0]
    assert "8,0" in svg and "2,0" in svg


def test_the_report_chart_shows_a_tiny_value_as_at_least_one_pixel():
    widths = _widths(charts.bar_chart_svg("Timer", ["A", "B"], [1000.0, 0.01]))

    assert widths[1] == 1.0


def test_the_report_chart_survives_no_bars_and_only_zeros():
    assert _widths(charts.bar_chart_svg("Tomt", [], [])) == []
    assert _widths(charts.bar_chart_svg("Null", ["A"], [0.0])) == [0.0]
