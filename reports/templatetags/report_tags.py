from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


@register.filter
def cell(value: object) -> str:
    """Numbers the Norwegian way (decimal comma, thin-space thousands); text as is."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u202f")
    if isinstance(value, float | Decimal):
        return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return str(value)
