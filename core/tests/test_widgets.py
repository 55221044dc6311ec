"""FastSelect renders the same <select> as Django's Select, without a template per option."""

from __future__ import annotations

import re

from django import forms

from core.models import Advisor, ServiceArea
from core.widgets import ADVISOR_VALUES, FastSelect, person_label

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


class _Filters(forms.Form):
    area = forms.ModelChoiceField(
        queryset=None, empty_label="Alle områder", widget=FastSelect(values=("name",))
    )
    advisor = forms.ModelChoiceField(
        queryset=None,
        empty_label="Alle rådgivere",
        widget=FastSelect(values=ADVISOR_VALUES, label=person_label),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ServiceArea.objects.order_by("name")
        self.fields["advisor"].queryset = Advisor.objects.select_related("user").order_by("pk")


def test_model_choices_come_from_one_values_query_with_the_same_options(
    db, django_assert_num_queries
):
    form = _Filters(initial={"area": ServiceArea.objects.order_by("pk").first()})
    with django_assert_num_queries(2):  # one per select: no count, no instances
        fast_area, fast_advisor = str(form["area"]), str(form["advisor"])
    plain_area = forms.Select(choices=form.fields["area"].choices).render(
        "area", form["area"].value()
    )
    plain_advisor = forms.Select(choices=form.fields["advisor"].choices).render("advisor", None)
    assert _options(fast_area) == _options(plain_area)
    assert _options(fast_advisor) == _options(plain_advisor)  # person_label == str(advisor)
    assert len(_options(fast_advisor)) == Advisor.objects.count() + 1
    assert any(selected for _v, selected, _l in _options(fast_area)[1:])
