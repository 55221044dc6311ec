"""Weekly reminder: plans for the coming period that are not approved yet.

In the last year of a two-year period every area needs an approved plan for the
next one (DESIGN.md §3). Each Monday (bht/celery.py) the area director of every
area whose coming plan is due or overdue gets a reminder, and the BHT's managers
get one summary per organisation.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans.selectors import board_for_areas
from core.models import Organisation, Role, ServiceArea
from core.notifications import absolute_url, notify
from core.selectors import bht_staff_serving

REMIND_STATES = ("due", "overdue")


def unapproved_plan_reminders_send(*, today: datetime.date | None = None) -> int:
    """Sends the reminders; returns the number of areas reminded about."""
    board = board_for_areas(ServiceArea.objects.all(), today=today)
    period = f"{board.next_start}–{board.next_start + 1}"
    url = absolute_url(reverse("actionplans:board"))
    by_organisation: dict[Organisation, list[str]] = defaultdict(list)
    for row in board.rows:
        if row.next_state not in REMIND_STATES:
            continue
        state = (
            _("fristen er passert") if row.next_state == "overdue" else _("skal godkjennes i år")
        )
        line = f"{row.area.name}: {state}"
        if row.next is not None:
            line += f" ({row.next.get_status_display().lower()})"
        by_organisation[row.area.organisation].append(line)
        notify(
            recipients=[row.area.director],
            subject=_("Handlingsplanen for %(period)s er ikke godkjent") % {"period": period},
            body=_(
                "Handlingsplanen for %(area)s for perioden %(period)s er ikke godkjent: %(state)s."
                "\n\nSe planoversikten: %(url)s\n"
            )
            % {"area": row.area.name, "period": period, "state": state, "url": url},
        )
    for organisation, lines in by_organisation.items():
        notify(
            recipients=bht_staff_serving(organisation, Role.BHT_MANAGER),
            subject=_("%(org)s: %(count)s handlingsplaner for %(period)s er ikke godkjent")
            % {"org": organisation.name, "count": len(lines), "period": period},
            body="\n".join(lines) + f"\n\n{url}\n",
        )
    return sum(len(lines) for lines in by_organisation.values())
