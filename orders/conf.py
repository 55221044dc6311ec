"""Settings of the orders app, read from Django settings with defaults here
(not in bht/settings.py: the core project does not know about orders).

They are functions so that `override_settings` in tests takes effect.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

# The extra-sale rate (NOK per hour) when no HourlyRate is set for the year in
# time tracking (see hourly_rate); snapshotted on the order with the estimate.
DEFAULT_HOURLY_RATE = Decimal("1150")

# Who decides on orders besides the BHT manager: with this on (default), the
# current main contact of the order's service area may accept or decline too.
# The BHT manager turns it off for a BHT that wants every decision on one desk.
DEFAULT_ADVISORS_MAY_DECIDE = True

# Attachments on the timeline (delivery reports, minutes, surveys): a subset of
# core.uploads.TYPES; the size limit defaults to the project's UPLOAD_MAX_BYTES.
DEFAULT_ATTACHMENT_EXTENSIONS = (
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "txt",
    "csv",
    "png",
    "jpg",
    "jpeg",
)


# Who knows the rate of a year: time tracking (the app that owns rates, above this
# one) registers its selector here at start (TimetrackingConfig.ready), so orders
# never imports it. `f(year) -> Decimal | None`.
_hourly_rate_provider: Callable[[int], Decimal | None] | None = None


def register_hourly_rate_provider(provider: Callable[[int], Decimal | None] | None) -> None:
    global _hourly_rate_provider
    _hourly_rate_provider = provider


def hourly_rate(year: int | None = None) -> Decimal:
    """The extra-sale rate of `year` (default this year): from the registered
    provider (time tracking's HourlyRate), else ORDERS_DEFAULT_HOURLY_RATE."""
    if _hourly_rate_provider is not None:
        rate = _hourly_rate_provider(year or timezone.localdate().year)
        if rate is not None:
            return Decimal(str(rate))
    return Decimal(str(getattr(settings, "ORDERS_DEFAULT_HOURLY_RATE", DEFAULT_HOURLY_RATE)))


def advisors_may_decide() -> bool:
    return bool(getattr(settings, "ORDERS_ADVISORS_MAY_DECIDE", DEFAULT_ADVISORS_MAY_DECIDE))


def attachment_max_bytes() -> int:
    from core.uploads import max_bytes

    return int(getattr(settings, "ORDERS_ATTACHMENT_MAX_BYTES", max_bytes()))


def attachment_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "ORDERS_ATTACHMENT_EXTENSIONS", DEFAULT_ATTACHMENT_EXTENSIONS))
