"""The årshjul (annual cycle) of the working-environment committees: what happens
in a year, month by month — meetings, the 15 January drafts, the deadline for the
next period's plans and the plans' status reviews. Read-only, scoped per user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.translation import gettext as _

from actionplans.models import StatusReview
from actionplans.selectors import NEXT_PLAN_DUE, period_start, plans_visible_to
from core.models import User
from reports import selectors
from reports.kinds import KINDS
from reports.models import REPORT_DRAFTS_DAY


@dataclass
class Entry:
    day: datetime.date
    kind: str  # meeting, drafts, deadline, review
    label: str
    url: str = ""
    detail: str = ""


@dataclass
class Month:
    number: int
    name: str
    entries: list[Entry] = field(default_factory=list)


def cycle_for(user: User, year: int) -> list[Month]:
    """Twelve months with the year's entries the user may see, by date."""
    entries: list[Entry] = []
    for meeting in selectors.meetings_visible_to(user).filter(date__year=year):
        detail = meeting.place
        if meeting.is_locked:
            detail = (detail + " · " if detail else "") + _("protokoll godkjent")
        entries.append(
            Entry(
                meeting.date,
                "meeting",
                _("Møte i %(committee)s") % {"committee": meeting.committee_name},
                reverse("reports:meeting", args=[meeting.pk]),
                detail,
            )
        )
    drafts_day = datetime.date(year, *REPORT_DRAFTS_DAY)
    amu_kinds = [k for k, s in KINDS.items() if s.for_amu]
    drafts = selectors.runs_visible_to(user).filter(kind__in=amu_kinds, year=year - 1)
    released = drafts.filter(released_at__isnull=False).count()
    entries.append(
        Entry(
            drafts_day,
            "drafts",
            _("Utkast til årsrapporter for %(year)s lages") % {"year": year - 1},
            reverse("reports:index"),
            _("%(released)s av %(total)s frigitt til utvalgene")
            % {"released": released, "total": drafts.count()}
            if drafts.exists()
            else "",
        )
    )
    if period_start(year + 1) == year + 1:
        entries.append(
            Entry(
                datetime.date(year, *NEXT_PLAN_DUE),
                "deadline",
                _("Frist: handlingsplaner for %(first)s–%(last)s godkjent i AMU")
                % {"first": year + 1, "last": year + 2},
                reverse("actionplans:board"),
            )
        )
    reviews = (
        StatusReview.objects.filter(plan__in=plans_visible_to(user), held_at__year=year)
        .select_related("plan__area")
        .order_by("held_at")
    )
    for review in reviews:
        entries.append(
            Entry(
                review.held_at,
                "review",
                _("Statusgjennomgang: %(area)s") % {"area": review.plan.area.name},
                reverse("actionplans:plan", args=[review.plan_id]),
            )
        )
    months = [Month(number, str(name)) for number, name in MONTH_NAMES.items()]
    for entry in sorted(entries, key=lambda e: (e.day, e.kind, e.label)):
        months[entry.day.month - 1].entries.append(entry)
    return months
