"""Norwegian number formats, the one home for how a number is written out.

Pages (template filters in core/templatetags/numbers.py), PDF, XLSX captions and
e-mails all use these, whatever the active language: the municipality reads
"1 388,00" and "13 800 kr". A no-break space groups thousands so that a number
never wraps across lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

GROUP = "\u00a0"
DECIMAL = ","

# XLSX number formats with the same meaning (Excel applies the reader's locale
# separators; these say grouping and decimals).
XLSX_INTEGER = "#,##0"
XLSX_DECIMAL = "#,##0.00"
XLSX_PERCENT = "0%"
XLSX_KR = '#,##0" kr"'


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: Any, places: int = 0) -> str:
    """`value` with `places` decimals (half up), grouped: 1388 -> "1 388", (1388, 2) -> "1 388,00".

    A negative `places` means at most that many decimals, trailing zeros dropped
    (as hours are written): (7.50, -2) -> "7,5", (120, -2) -> "120", (0.25, -2) -> "0,25".

    Anything that is not a finite number comes back as its text ("" for None), so a
    template never fails on a missing figure."""
    number = _to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if places < 0:
        rounded = number.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP)
        places = max(0, -rounded.normalize().as_tuple().exponent)  # type: ignore[operator]
    quantum = Decimal(1).scaleb(-places)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):.{places}f}"
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + GROUP.join(groups)
    return f"{out}{DECIMAL}{fraction}" if places else out


def parse_decimal(text: Any) -> Decimal | None:
    """What a person types as a number: "7,5", "7.5", "1 388,50" (spaces or no-break
    spaces group thousands) -> Decimal; None for anything else (also NaN/Infinity).

    A comma and a point together are ambiguous ("1.388,50" or "1,388.50"), so they are
    refused rather than guessed."""
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    if isinstance(text, int | float):
        return _to_decimal(text)
    cleaned = str(text if text is not None else "").strip()
    for space in (" ", GROUP, "\u202f", "\u2009"):
        cleaned = cleaned.replace(space, "")
    if "," in cleaned and "." in cleaned:
        return None
    cleaned = cleaned.replace(DECIMAL, ".").replace("\u2212", "-")
    if not cleaned or not all(c in "0123456789.-+" for c in cleaned):
        return None
    return _to_decimal(cleaned)


def format_input(value: Any) -> str:
    """A number as it is written back into a text field: a decimal comma, no grouping
    and no trailing zeros ("7,5", "1388", "0,25"), so that it reads as typed."""
    number = _to_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    text = f"{number.normalize():f}" if number == number.to_integral_value() else f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", DECIMAL)


def format_hours(value: Any) -> str:
    """Hours with two decimals: "7,50"."""
    return format_number(value, 2)


def format_quarters(value: Any) -> str:
    """Hours as the timesheet shows them: 1.50 -> "1,5", 2.00 -> "2", 1388.5 -> "1 388,5"."""
    return format_number(value, -2)


def format_kr(value: Any, places: int = 0) -> str:
    """An amount in kroner: "13 800 kr", (1150, 2) -> "1 150,00 kr"."""
    text = format_number(value, places)
    return f"{text}{GROUP}kr" if text and _to_decimal(value) is not None else text


def format_percent(value: Any, places: int = 0) -> str:
    """A percentage given in percent (24 -> "24 %")."""
    text = format_number(value, places)
    return f"{text}{GROUP}%" if text and _to_decimal(value) is not None else text
