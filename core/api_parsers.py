"""The API's JSON parser: numbers beyond a float stay numbers, never infinity.

Python's `json` turns `1e999` into `float("inf")`, and every id field then fails with
OverflowError (`int(inf)`) — a 500 on every endpoint that takes an id. Here a float
literal that does not fit a finite float becomes a Decimal: an id field looks it up,
finds nothing and answers 400 on that field; a number field refuses it by its range.
NaN and Infinity literals are refused by DRF's strict JSON (settings.STRICT_JSON).
"""

from __future__ import annotations

import codecs
import json
import math
from decimal import Decimal
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant


def parse_float(text: str) -> float | Decimal:
    value = float(text)
    return value if math.isfinite(value) else Decimal(text)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", "utf-8")
        try:
            decoded = codecs.getreader(encoding)(stream)
            return json.load(
                decoded,
                parse_float=parse_float,
                parse_constant=strict_constant if api_settings.STRICT_JSON else None,
            )
        except ValueError as exc:
            raise ParseError(f"Ugyldig JSON: {exc}") from None
