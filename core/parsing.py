"""One home for turning user input into numbers, dates, weeks and ids.

Every parser refuses what the database cannot hold or the calendar arithmetic around
it cannot handle, with a Norwegian message on the named field
(`ApplicationError(field=...)`: 400 in the API, a field error on a page) — never a
500. Used by pages, the API, CSV imports and commands alike (issue 18, point 4;
CONVENTIONS.md §13).
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ApplicationError

# Dates are kept well inside datetime's own range so that "the Monday of the week",
# "the first of next month" and "a year back" can never overflow.
MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2999, 12, 31)

# PostgreSQL bigint, the type of every primary key (DEFAULT_AUTO_FIELD).
MAX_ID = 2**63 - 1

# Longest text accepted in one field of an imported file (csv.field_size_limit is
# 131 072; a field beyond it must be a clear message, not a csv.Error).
MAX_FIELD_CHARS = 10_000


class InvalidInput(ApplicationError, ValueError):
    """Input that cannot be parsed: an ApplicationError (per-field message, 400) that
    is also a ValueError, so a caller that already handles `fromisoformat`'s
    ValueError handles it the same way."""


def _text(value: Any) -> str:
    return str(value if value is not None else "").strip()


def _to_decimal(value: Any, *, field: str, name: str, allow_comma: bool) -> Decimal:
    """The value as a Decimal (not yet checked against the column)."""
    if isinstance(value, bool):
        raise InvalidInput(_("%(name)s må være et tall.") % {"name": name}, field=field)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidInput(_("%(name)s må være et tall.") % {"name": name}, field=field)
        return Decimal(str(value))
    text = _text(value).replace("\u00a0", "").replace(" ", "")
    if allow_comma:
        text = text.replace(",", ".")
    if not text:
        raise InvalidInput(_("%(name)s mangler.") % {"name": name}, field=field)
    if len(text) > 64:
        raise InvalidInput(_("%(name)s er for stort.") % {"name": name}, field=field)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("%(name)s må være et tall, for eksempel 1,5.") % {"name": name}, field=field
        ) from None


def parse_decimal(
    value: Any,
    *,
    field: str,
    max_digits: int,
    decimal_places: int,
    label: str | None = None,
    minimum: Decimal | None = None,
    allow_comma: bool = True,
) -> Decimal:
    """A decimal that fits a `DecimalField(max_digits, decimal_places)`.

    Accepts "1,5", "1.5", "1 388,50" (spaces as thousands separators) and Decimals;
    refuses NaN, infinities, exponents beyond the column and more decimals than it
    keeps. The message names `label` (or "Verdien").
    """
    name = label or _("Verdien")
    number = _to_decimal(value, field=field, name=name, allow_comma=allow_comma)
    if not number.is_finite():
        raise InvalidInput(_("%(name)s må være et tall.") % {"name": name}, field=field)
    limit = Decimal(10) ** (max_digits - decimal_places)
    if abs(number) >= limit:
        raise InvalidInput(
            _("%(name)s må være mindre enn %(limit)s.") % {"name": name, "limit": f"{limit:,}"},
            field=field,
        )
    exponent = number.as_tuple().exponent
    if (
        isinstance(exponent, int)
        and exponent < -decimal_places
        and number != number.quantize(Decimal(1).scaleb(-decimal_places))
    ):
        raise InvalidInput(
            _("%(name)s kan ha høyst %(places)s desimaler.")
            % {"name": name, "places": decimal_places},
            field=field,
        )
    if minimum is not None and number < minimum:
        raise InvalidInput(
            _("%(name)s kan ikke være under %(min)s.") % {"name": name, "min": minimum},
            field=field,
        )
    return number.quantize(Decimal(1).scaleb(-decimal_places))


def check_date(day: datetime.date, *, field: str) -> datetime.date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise InvalidInput(
            _("Datoen må være mellom %(min)s og %(max)s.")
            % {"min": MIN_DATE.year, "max": MAX_DATE.year},
            field=field,
        )
    return day


def parse_date(value: Any, *, field: str) -> datetime.date:
    """`YYYY-MM-DD` within MIN_DATE..MAX_DATE."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return check_date(value, field=field)
    text = _text(value)
    if not text:
        raise InvalidInput(_("Velg en dato."), field=field)
    try:
        day = datetime.date.fromisoformat(text[:32])
    except ValueError:
        raise InvalidInput(_("Ugyldig dato; skriv den som ÅÅÅÅ-MM-DD."), field=field) from None
    return check_date(day, field=field)


def parse_month(value: Any, *, field: str) -> datetime.date:
    """`YYYY-MM` (or a date) → the first of that month."""
    text = _text(value)
    if len(text) == 7:
        text += "-01"
    return parse_date(text, field=field).replace(day=1)


def parse_iso_week(value: Any, *, field: str) -> datetime.date:
    """`2026-W05` (or any date in the week) → the Monday of that week."""
    text = _text(value)[:32]
    if "W" in text.upper():
        year, _sep, week = text.upper().partition("-W")
        try:
            monday = datetime.date.fromisocalendar(int(year), int(week), 1)
        except (ValueError, OverflowError):
            raise InvalidInput(_("Ugyldig uke; skriv den som ÅÅÅÅ-Uuu."), field=field) from None
        return check_date(monday, field=field)
    day = parse_date(text, field=field)
    return check_date(day - datetime.timedelta(days=day.weekday()), field=field)


def small_number(text: str, *, digits: int) -> int | None:
    """A whole number of 1 to `digits` ASCII digits, or None. Not isdigit alone: it
    admits "²" and other digits that int() refuses with a ValueError, and int()
    refuses more than 4300 digits too."""
    if 1 <= len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def parse_id(value: Any, *, field: str) -> int:
    """A primary key: a whole number 1..MAX_ID (floats such as 1e999 are refused)."""
    if isinstance(value, (bool, float)):
        raise InvalidInput(_("Ugyldig id."), field=field)
    if isinstance(value, int):
        number = value
    else:
        parsed = small_number(_text(value), digits=19)
        if parsed is None:
            raise InvalidInput(_("Ugyldig id."), field=field)
        number = parsed
    if not 1 <= number <= MAX_ID:
        raise InvalidInput(_("Ugyldig id."), field=field)
    return number


def is_valid_id(value: Any) -> bool:
    try:
        parse_id(value, field="id")
    except InvalidInput:
        return False
    return True
