"""Daily warning: Arbeidstilsynet's approval of the BHT lapses within 180 days.

Renewal takes months, so from 180 days before `BhtProfile.approval_valid_until`
(and after it, while it has lapsed) the BHT's managers get a warning every
morning (bht/celery.py) until the new date is entered on the BHT profile.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Role
from core.notifications import absolute_url, notify
from core.selectors import bht_profile, bht_staff_serving


def approval_expiry_warning_send(*, today: datetime.date | None = None) -> bool:
    """Sends the warning when due; returns whether it was sent."""
    day = today or timezone.localdate()
    profile = bht_profile()
    if profile is None or profile.approval_status(day) == "valid":
        return False
    until = profile.approval_valid_until
    if until is None:
        subject = _("BHT-en har ingen registrert godkjenning")
        body = _("Registrer godkjenningen fra Arbeidstilsynet på BHT-profilen.")
    elif until < day:
        subject = _("Godkjenningen av BHT-en gikk ut %(date)s") % {
            "date": until.strftime("%d.%m.%Y")
        }
        body = _("Godkjenningen fra Arbeidstilsynet gikk ut %(date)s. Søk om ny godkjenning.") % {
            "date": until.strftime("%d.%m.%Y")
        }
    else:
        days = (until - day).days
        subject = _("Godkjenningen av BHT-en går ut om %(days)s dager") % {"days": days}
        body = _(
            "Godkjenningen fra Arbeidstilsynet (%(number)s) gjelder til %(date)s. "
            "Søk om fornyet godkjenning i god tid."
        ) % {"number": profile.approval_number or "–", "date": until.strftime("%d.%m.%Y")}
    notify(
        recipients=bht_staff_serving(None, Role.BHT_MANAGER),
        subject=subject,
        body=f"{body}\n\n{absolute_url(reverse('bht-profile'))}\n",
    )
    return True
