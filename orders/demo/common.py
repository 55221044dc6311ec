"""The demo's clock, seed and weights, shared by its orders and inquiries."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

OSLO = ZoneInfo("Europe/Oslo")


def _anchor() -> datetime.datetime:
    """The demo's "now": yesterday at 09:00. Its history runs two years back from here,
    so that it ends just before today whatever day the demo is loaded."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    return datetime.datetime.combine(yesterday, datetime.time(9, 0), tzinfo=OSLO)


SEED = 20261102


ORDER_COUNT = 140


# Relative use per area (orders per year, roughly): unequal, as the evaluation found.
AREA_WEIGHTS = {
    "Pleie og omsorg": 30,
    "Helse og sosial": 24,
    "Barnehager": 16,
    "Skole": 14,
    "Barn og ungdom": 12,
    "Eiendom": 8,
    "Kommunalteknisk": 8,
    "Administrasjon": 5,
    "Plan og miljø": 2,
    "Kultur": 0.4,
}
