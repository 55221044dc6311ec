"""The input parsers (core/parsing.py, parse_hours, the CSV reader) with Hypothesis:
whatever comes in, the answer is a value in range or a per-field message — never
another exception (issue 18, point 4)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import parsing
from core.errors import ApplicationError
from core.imports import OrgImportError, read_csv_table
from timetracking.services import parse_hours

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))

numbers_as_text = st.one_of(
    st.text(max_size=40),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.sampled_from(["1e100", "1E28", "9" * 30, "NaN", "Infinity", "-Infinity", "sNaN",
                     "1E-999999999", "0,25", "24", "24,25", "-0", "1 388,50", "1e999"]),
)  # fmt: skip


@SETTINGS
@given(numbers_as_text)
def test_parse_hours_gives_quarters_up_to_a_day_or_a_message_on_hours(text):
    try:
        hours = parse_hours(text)
    except ApplicationError as exc:
        assert exc.field == "hours" and exc.message
        return
    assert Decimal("0.25") <= hours <= 24
    assert hours % Decimal("0.25") == 0


@pytest.mark.parametrize(
    "text", ["1e100", "1E28", "9" * 30, "NaN", "Infinity", "-Infinity", "1E-999999999"]
)
def test_parse_hours_refuses_what_once_crashed(text):
    with pytest.raises(ApplicationError) as exc:
        parse_hours(text)
    assert exc.value.field == "hours"


@SETTINGS
@given(numbers_as_text, st.integers(1, 15), st.integers(0, 4))
def test_parse_decimal_fits_the_column_or_refuses(text, max_digits, places):
    places = min(places, max_digits)
    try:
        value = parsing.parse_decimal(
            text, field="amount", max_digits=max_digits, decimal_places=places
        )
    except ApplicationError as exc:
        assert exc.field == "amount" and exc.message
        return
    digits = value.as_tuple()
    assert value.is_finite()
    assert -digits.exponent == places  # type: ignore[operator]
    assert abs(value) < Decimal(10) ** (max_digits - places)


@pytest.mark.parametrize("text", ["1e100", "99999999999999", "NaN", "Infinity", "1,234"])
def test_an_amount_beyond_the_column_is_refused(text):
    with pytest.raises(ApplicationError) as exc:
        parsing.parse_decimal(text, field="amount", max_digits=9, decimal_places=2)
    assert exc.value.field == "amount"


def test_an_amount_with_norwegian_separators_is_read():
    assert parsing.parse_decimal(
        "1 388,5", field="amount", max_digits=9, decimal_places=2
    ) == Decimal("1388.50")


@SETTINGS
@given(
    st.one_of(
        st.text(max_size=30), st.dates().map(str), st.dates().map(lambda d: d.strftime("%G-W%V"))
    )
)
def test_parse_iso_week_gives_a_monday_in_range_or_a_message(text):
    try:
        monday = parsing.parse_iso_week(text, field="week")
    except ApplicationError as exc:
        assert exc.field == "week"
        return
    assert monday.weekday() == 0
    assert parsing.MIN_DATE <= monday <= parsing.MAX_DATE
    # Neighbouring weeks and months exist for every accepted week.
    assert monday + datetime.timedelta(days=400) > monday - datetime.timedelta(days=400)


@SETTINGS
@given(st.one_of(st.text(max_size=30), st.dates().map(str)))
def test_parse_date_gives_a_date_in_range_or_a_message(text):
    try:
        day = parsing.parse_date(text, field="dato")
    except ApplicationError as exc:
        assert exc.field == "dato"
        return
    assert parsing.MIN_DATE <= day <= parsing.MAX_DATE


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "9999-W52", "0001-W01", "2026-W60"])
def test_the_ends_of_the_calendar_are_refused(text):
    with pytest.raises(ApplicationError):
        parsing.parse_iso_week(text, field="week")


def test_an_ordinary_week_is_its_monday():
    assert parsing.parse_iso_week("2026-W05", field="week") == datetime.date(2026, 1, 26)


@SETTINGS
@given(st.one_of(st.integers(), st.floats(), st.text(max_size=30), st.booleans()))
def test_parse_id_gives_a_bigint_or_a_message(value):
    try:
        number = parsing.parse_id(value, field="items")
    except ApplicationError as exc:
        assert exc.field == "items"
        return
    assert 1 <= number <= 2**63 - 1


@SETTINGS
@given(st.binary(max_size=300))
def test_the_csv_reader_reads_any_bytes_or_says_why_not(data):
    try:
        rows = read_csv_table(data, columns=("a", "b"), required=("a",))
    except OrgImportError as exc:
        assert exc.errors
        return
    for number, row in rows:
        assert number >= 2
        assert set(row) <= {"a", "b"}


@pytest.mark.parametrize(
    "data",
    [
        b"a;b\n\x81;2\n",
        b"a;b\n" + b"x" * 140_000 + b";2\n",
        b'a;b\n"' + b"y" * 140_000 + b'";2\n',
    ],
    ids=["byte-0x81", "long-field", "long-quoted-field"],
)
def test_the_csv_reader_refuses_unreadable_files_with_a_message(data):
    with pytest.raises(OrgImportError) as exc:
        read_csv_table(data, columns=("a", "b"), required=("a",))
    assert "Filen kan ikke leses" in exc.value.errors[0]
