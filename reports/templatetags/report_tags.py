import base64
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def cell(value: object) -> str:
    """Numbers the Norwegian way (core.numbers: "1 388,00"); text as is."""
    from reports.render import display_cell

    return display_cell(value)  # type: ignore[arg-type]


@register.filter
def svg_data_uri(svg: str) -> str:
    """A chart as an <img> source for the PDF, where an image with `alt` becomes a
    tagged Figure with alternative text (inline SVG would carry none)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
