"""Form widgets shared by the apps."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeData, mark_safe


def _escape(text: Any) -> str:
    """django.utils.html.conditional_escape without its per-call overhead, which
    was most of the time of a 2 000-option select."""
    return str(text) if isinstance(text, SafeData) else html.escape(str(text))


class FastSelect(forms.Select):
    """A plain <select> rendered in Python instead of through one template per
    option. A list filter of a BHT serving 200 organisations has 2 000 areas, and
    the template-rendered options took 1.5 s of the work queue's 1.7 s
    (benchmarks/RESULTS.md). Same markup and attributes as forms.Select; nested
    option groups fall back to it.

    With `values` (and `label`), a model choice field's options come from one
    `values_list` query instead of a model instance per option (300 advisors
    with their users took 4 ms of SQL and 20 ms of Python per page):
    `FastSelect(values=("name",))` labels each option with the name;
    `label` turns the values into the text when it is not just the first one.
    """

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Iterable[Any] = (),
        *,
        values: tuple[str, ...] = (),
        label: Callable[..., str] | None = None,
    ) -> None:
        super().__init__(attrs, choices)
        self.values = values
        self.option_label = label

    def _option_list(self) -> list[tuple[Any, Any]]:
        queryset = getattr(self.choices, "queryset", None)
        field = getattr(self.choices, "field", None)
        if not self.values or queryset is None or getattr(field, "null_label", None):
            return list(self.choices)
        label = self.option_label or (lambda first, *rest: first)
        options: list[tuple[Any, Any]] = []
        if field is not None and field.empty_label is not None:
            options.append(("", field.empty_label))
        options.extend(
            (pk, label(*values)) for pk, *values in queryset.values_list("pk", *self.values)
        )
        return options

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> str:
        choices = self._option_list()
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        options = []
        for option_value, label in choices:
            key = "" if option_value is None else str(option_value)
            flag = " selected" if key in selected else ""
            options.append(f'<option value="{_escape(key)}"{flag}>{_escape(label)}</option>')
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(options)}</select>")


def person_label(first_name: str, last_name: str, username: str) -> str:
    """User.__str__ from values: the full name, else the username."""
    return f"{first_name} {last_name}".strip() or username


ADVISOR_VALUES = ("user__first_name", "user__last_name", "user__username")
