"""FastSelect renders the same <select> as Django's Select, without a template per option."""

from __future__ import annotations

import re

from django import forms

from bht.widgets import FastSelect

CHOICES = [("", "Alle områder"), (1, "Helse & omsorg"), (2, "Skole <nord>")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (value, bool(selected), label)
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html
        )
    ]


def test_it_renders_the_options_of_a_plain_select():
    attrs = {"id": "id_area", "class": "ds-input"}
    plain = forms.Select(choices=CHOICES).render("area", 2, attrs)
    fast = FastSelect(choices=CHOICES).render("area", 2, attrs)
    assert _options(fast) == _options(plain)
    assert _options(fast)[2] == ("2", True, "Skole &lt;nord&gt;")
    assert 'name="area"' in fast and 'id="id_area"' in fast and 'class="ds-input"' in fast


def test_it_selects_the_empty_choice_without_a_value():
    plain = forms.Select(choices=CHOICES).render("area", None)
    fast = FastSelect(choices=CHOICES).render("area", None)
    assert _options(fast) == _options(plain)
    assert [selected for _value, selected, _label in _options(fast)] == [True, False, False]
