"""Settings of the orders app, read from Django settings with defaults here
(not in bht/settings.py: the core project does not know about orders).

They are functions so that `override_settings` in tests takes effect.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

# Until time tracking (a later issue) adds `HourlyRate` per year, an extra-sale
# estimate is priced with this rate (NOK per hour), snapshotted on the order
# when the BHT enters the estimate. Time tracking replaces the lookup.
DEFAULT_HOURLY_RATE = Decimal("1150")

# Who decides on orders besides the BHT manager: with this on (default), the
# current main contact of the order's service area may accept or decline too.
# The BHT manager turns it off for a BHT that wants every decision on one desk.
DEFAULT_ADVISORS_MAY_DECIDE = True

# Attachments on the timeline (delivery reports, minutes, surveys).
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_ATTACHMENT_EXTENSIONS = (
    "pdf",
    "docx",
    "xlsx",
    "pptx",
    "odt",
    "ods",
    "txt",
    "png",
    "jpg",
    "jpeg",
)


def hourly_rate() -> Decimal:
    return Decimal(str(getattr(settings, "ORDERS_DEFAULT_HOURLY_RATE", DEFAULT_HOURLY_RATE)))


def advisors_may_decide() -> bool:
    return bool(getattr(settings, "ORDERS_ADVISORS_MAY_DECIDE", DEFAULT_ADVISORS_MAY_DECIDE))


def attachment_max_bytes() -> int:
    return int(getattr(settings, "ORDERS_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def attachment_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "ORDERS_ATTACHMENT_EXTENSIONS", DEFAULT_ATTACHMENT_EXTENSIONS))
