"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    """A plain <select> rendered in Python instead of through one template per
    option. A list filter of a BHT serving 200 organisations has 2 000 areas, and
    the template-rendered options took 1.5 s of the work queue's 1.7 s
    (benchmarks/RESULTS.md). Same markup and attributes as forms.Select; nested
    option groups fall back to it."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> str:
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if key in selected else "", label)
                for key, label in (("" if v is None else str(v), label) for v, label in choices)
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
