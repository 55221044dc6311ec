"""DecimalCommaField: hours and amounts typed as a Norwegian writes them."""

from decimal import Decimal

import pytest
from django import forms

from core.forms import DecimalCommaField
from core.numbers import format_input, parse_decimal


class HoursForm(forms.Form):
    hours = DecimalCommaField(label="Timer", max_digits=7, decimal_places=1, min_value=0)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("7,5", Decimal("7.5")),
        ("7.5", Decimal("7.5")),
        (" 12 ", Decimal("12")),
        ("1 388,5", Decimal("1388.5")),
        ("1\u00a0388,5", Decimal("1388.5")),
        ("0,5", Decimal("0.5")),
    ],
)
def test_it_takes_a_decimal_comma(typed, stored):
    form = HoursForm({"hours": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hours"] == stored


@pytest.mark.parametrize("typed", ["sju", "7,5 t", "1.388,5", "NaN", "inf", "1e3", "7,,5"])
def test_it_answers_garbage_with_a_field_error(typed):
    form = HoursForm({"hours": typed})
    assert not form.is_valid()
    assert form.errors["hours"] == ["Skriv et tall, for eksempel 7,5."]


def test_it_still_checks_the_places_and_the_minimum():
    assert "hours" in HoursForm({"hours": "7,55"}).errors
    assert "hours" in HoursForm({"hours": "-1"}).errors


def test_it_is_a_text_input_for_a_phone_keyboard():
    html = str(HoursForm()["hours"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="number"' not in html
    assert "step=" not in html


def test_it_shows_a_stored_number_with_a_comma_and_typed_text_as_typed():
    assert 'value="7,5"' in str(HoursForm(initial={"hours": Decimal("7.50")})["hours"])
    assert 'value="12"' in str(HoursForm(initial={"hours": Decimal("12.0")})["hours"])
    assert 'value="sju"' in str(HoursForm({"hours": "sju"})["hours"])


def test_parse_and_format_input_agree():
    for text in ["7,5", "0,25", "1388", "100"]:
        assert format_input(parse_decimal(text)) == text
    assert parse_decimal("") is None
    assert parse_decimal(None) is None
