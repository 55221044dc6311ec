from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value: Decimal | None) -> str:
    """1.50 → "1,5", 2.00 → "2", 0.25 → "0,25" (locale's decimal separator)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return number_format(value, decimal_pos=min(places, 2))
