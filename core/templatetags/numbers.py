"""Norwegian number filters for templates: {% load numbers %}, then
{{ hours|nb_hours }}, {{ amount|nb_kr }}, {{ count|nb_number }}, {{ share|nb_percent }}.
The formats themselves live in core/numbers.py."""

from __future__ import annotations

from typing import Any

from django import template

from core import numbers

register = template.Library()


@register.filter
def nb_number(value: Any, places: int = 0) -> str:
    return numbers.format_number(value, int(places))


@register.filter
def nb_hours(value: Any) -> str:
    return numbers.format_hours(value)


@register.filter
def nb_kr(value: Any, places: int = 0) -> str:
    return numbers.format_kr(value, int(places))


@register.filter
def nb_percent(value: Any, places: int = 0) -> str:
    return numbers.format_percent(value, int(places))
