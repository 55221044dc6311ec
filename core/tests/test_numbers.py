from decimal import Decimal

import pytest
from django.template import Context, Template

from core import numbers

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (1388, 2, f"1{NB}388,00"),
        (Decimal("1388.005"), 2, f"1{NB}388,01"),
        (9344, 0, f"9{NB}344"),
        (999, 0, "999"),
        (1000, 0, f"1{NB}000"),
        (1234567.5, 1, f"1{NB}234{NB}567,5"),
        (-13800, 0, f"-13{NB}800"),
        (0, 2, "0,00"),
        ("7.5", 2, "7,50"),
    ],
)
def test_format_number(value, places, expected):
    assert numbers.format_number(value, places) == expected


def test_units_and_missing_values():
    assert numbers.format_kr(13800) == f"13{NB}800{NB}kr"
    assert numbers.format_kr(Decimal("1150"), 2) == f"1{NB}150,00{NB}kr"
    assert numbers.format_percent(24) == f"24{NB}%"
    assert numbers.format_hours(Decimal("7.5")) == "7,50"
    assert numbers.format_number(None) == ""
    assert numbers.format_kr(None) == ""
    assert numbers.format_number("–") == "–"
    assert numbers.format_number("NaN") == "NaN"


def test_template_filters():
    rendered = Template(
        "{% load numbers %}{{ a|nb_kr }} {{ h|nb_hours }} {{ n|nb_number }} {{ p|nb_percent:1 }}"
    ).render(Context({"a": 13800, "h": Decimal("1388"), "n": 9344, "p": 12.25}))
    assert rendered == f"13{NB}800{NB}kr 1{NB}388,00 9{NB}344 12,3{NB}%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("7.50"), "7,5"),
        (Decimal("120.00"), "120"),
        (Decimal("0.25"), "0,25"),
        (Decimal("1388.5"), f"1{NB}388,5"),
        (Decimal("7.125"), "7,13"),
        (Decimal("1E+2"), "100"),
    ],
)
def test_negative_places_drop_trailing_zeros(value, expected):
    assert numbers.format_number(value, -2) == expected
    assert numbers.format_quarters(value) == expected


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize("language", ["nb", "en"])
def test_pages_group_thousands_the_norwegian_way_in_any_language(client, radgiver, language):
    from django.conf import settings
    from django.urls import reverse

    from core.models import Organisation

    organisation = Organisation.objects.filter(employees__gte=1000).first()
    assert organisation is not None
    client.force_login(radgiver)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("organisation-detail", args=[organisation.slug])).content.decode()
    assert numbers.format_number(organisation.employees) in page
    assert f">{organisation.employees}<" not in page
    assert f"{organisation.employees:,}" not in page


def test_the_english_interface_keeps_norwegian_dates_and_numbers():
    import datetime

    from django.utils import formats, translation

    with translation.override("en"):
        assert formats.date_format(datetime.date(2026, 12, 5), "SHORT_DATE_FORMAT") == "05.12.2026"
        assert formats.number_format(Decimal("1388.5"), 2, force_grouping=True) == f"1{NB}388,50"
    with translation.override("nb"):
        assert formats.date_format(datetime.date(2026, 12, 5), "SHORT_DATE_FORMAT") == "05.12.2026"
