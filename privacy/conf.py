"""Retention periods and the words that replace erased personal data.

Read from `settings.PRIVACY_RETENTION_YEARS` (environment, bht/settings.py) on
every call, so `override_settings` / the `settings` fixture take effect in tests.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# What stands where a name or a free text was.
ERASED = "[slettet]"
# Username prefix of a pseudonymised account ("slettet-42").
PSEUDONYM_PREFIX = "slettet-"

RECORD_TYPES = {
    "individual_order": _("Bestillinger om enkeltansatte (fortrolige)"),
    "individual_inquiry": _("Henvendelser om enkeltansatte (fortrolige)"),
    "order": _("Andre bestillinger"),
    "inquiry": _("Andre henvendelser"),
    "user": _("Brukerkontoer"),
    "access_log": _("Tilgangslogg"),
}

RETENTION_STARTS = {
    "individual_order": _("etter at saken er lukket, avslått eller avbrutt"),
    "individual_inquiry": _("etter at henvendelsen er besvart og en eventuell bestilling lukket"),
    "order": _("etter at saken er lukket, avslått eller avbrutt"),
    "inquiry": _("etter at henvendelsen er besvart og en eventuell bestilling lukket"),
    "user": _("etter at siste rolle er avsluttet"),
    "access_log": _("etter lesingen"),
}

DEFAULT_YEARS = {
    "individual_order": 5,
    "individual_inquiry": 5,
    "order": 10,
    "inquiry": 10,
    "user": 3,
    "access_log": 5,
}


def retention_years(record_type: str) -> int:
    """Years a record of this type is kept; 0 means it is never erased automatically."""
    configured = getattr(settings, "PRIVACY_RETENTION_YEARS", {})
    return int(configured.get(record_type, DEFAULT_YEARS[record_type]))


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """`moment` minus whole calendar years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def cutoff(record_type: str, now: datetime.datetime) -> datetime.datetime | None:
    """Records of this type closed before the cutoff have passed their retention."""
    years = retention_years(record_type)
    return years_before(now, years) if years > 0 else None
