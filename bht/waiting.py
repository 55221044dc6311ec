""" "Venter på deg": what waits for the person on every start page, with counts and links.

Each role's part is one small function over the apps' selectors (no queries here);
`waiting_for` runs every part that applies and keeps the items with something in
them. To add a part (e.g. from a higher app), append a function taking the user and
returning `WaitingItem`s to `CONTRIBUTIONS`. The start-page tests pin the number of
queries per role, so a part should cost one or two queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from actionplans import selectors as plan_selectors
from core import access
from core.models import Role, User
from orders import selectors as order_selectors
from reports import selectors as report_selectors
from timetracking import selectors as time_selectors


@dataclass(frozen=True)
class WaitingRow:
    """One line under an item (e.g. one of the advisor's open orders)."""

    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class WaitingItem:
    key: str
    count: int
    label: str
    url: str
    # Shown with a warning colour (e.g. orders past their SLA).
    urgent: bool = False
    rows: list[WaitingRow] = field(default_factory=list)
    # Kept even at zero (the advisor's own orders are a list, not an alarm).
    always: bool = False


Contribution = Callable[[User], list[WaitingItem]]

LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.UNIT_LEADER, Role.AREA_DIRECTOR)


def _orders_list(status: str) -> str:
    return f"{reverse('orders:list')}?status={status}"


def leader_part(user: User) -> list[WaitingItem]:
    if not access.has_role(user, *LEADER_ROLES):
        return []
    counts = order_selectors.orderer_waiting_counts(user)
    items = [
        WaitingItem(
            "drafts",
            counts["drafts"],
            ngettext(
                "%(count)d utkast fra BHT å fullføre og sende",
                "%(count)d utkast fra BHT å fullføre og sende",
                counts["drafts"],
            )
            % {"count": counts["drafts"]},
            _orders_list("draft"),
        ),
        WaitingItem(
            "costs",
            counts["costs"],
            ngettext(
                "%(count)d kostnad å godkjenne",
                "%(count)d kostnader å godkjenne",
                counts["costs"],
            )
            % {"count": counts["costs"]},
            _orders_list("accepted"),
        ),
        WaitingItem(
            "feedback",
            counts["feedback"],
            ngettext(
                "%(count)d levert bestilling å gi tilbakemelding på",
                "%(count)d leverte bestillinger å gi tilbakemelding på",
                counts["feedback"],
            )
            % {"count": counts["feedback"]},
            _orders_list("delivered"),
        ),
    ]
    if access.has_role(user, Role.AREA_DIRECTOR):
        items.append(
            WaitingItem(
                "declined",
                counts["declined"],
                ngettext(
                    "%(count)d avslått bestilling i området siste %(days)d dager",
                    "%(count)d avslåtte bestillinger i området siste %(days)d dager",
                    counts["declined"],
                )
                % {"count": counts["declined"], "days": order_selectors.RECENT_DECLINES_DAYS},
                _orders_list("declined"),
            )
        )
    return items


def director_part(user: User) -> list[WaitingItem]:
    if not access.has_role(user, Role.AREA_DIRECTOR):
        return []
    plans = plan_selectors.plans_waiting_counts(user)
    proposals = plan_selectors.proposals_waiting_count(user)
    return [
        WaitingItem(
            "plans_to_sign",
            plans["to_sign"],
            ngettext(
                "%(count)d handlingsplan å behandle i MBM og signere",
                "%(count)d handlingsplaner å behandle i MBM og signere",
                plans["to_sign"],
            )
            % {"count": plans["to_sign"]},
            reverse("actionplans:board"),
            urgent=True,
        ),
        WaitingItem(
            "proposals",
            proposals,
            ngettext(
                "%(count)d forslag fra enhetene",
                "%(count)d forslag fra enhetene",
                proposals,
            )
            % {"count": proposals},
            reverse("actionplans:proposals"),
        ),
    ]


def advisor_part(user: User) -> list[WaitingItem]:
    if not access.has_role(user, Role.BHT_ADVISOR, Role.BHT_MANAGER):
        return []
    total, orders = order_selectors.advisor_open_orders(user)
    inquiries = order_selectors.inquiries_to_follow_up(user).count()
    today = timezone.localdate()
    empty_days = time_selectors.days_without_hours(user, today=today)
    return [
        WaitingItem(
            "my_orders",
            total,
            ngettext(
                "%(count)d åpen bestilling du jobber med",
                "%(count)d åpne bestillinger du jobber med",
                total,
            )
            % {"count": total},
            f"{reverse('orders:queue')}?fane=mine",
            rows=[
                WaitingRow(
                    f"{order.reference} {order.display_title}",  # type: ignore[attr-defined]
                    reverse("orders:detail", args=[order.pk]),
                    order.get_status_display(),
                )
                for order in orders
            ],
            always=True,
        ),
        WaitingItem(
            "inquiries",
            inquiries,
            ngettext(
                "%(count)d henvendelse å følge opp",
                "%(count)d henvendelser å følge opp",
                inquiries,
            )
            % {"count": inquiries},
            f"{reverse('orders:queue')}?fane=inquiries",
        ),
        WaitingItem(
            "days_without_hours",
            len(empty_days),
            ngettext(
                "%(count)d dag denne uken uten timer (%(days)s)",
                "%(count)d dager denne uken uten timer (%(days)s)",
                len(empty_days),
            )
            % {"count": len(empty_days), "days": _day_names(empty_days)},
            reverse("timetracking:timesheet"),
        ),
    ]


def manager_part(user: User) -> list[WaitingItem]:
    if not access.has_role(user, Role.BHT_MANAGER):
        return []
    total, overdue, orders = order_selectors.unassigned_orders(user)
    weeks = time_selectors.weeks_to_approve_count(user)
    plans = plan_selectors.plans_waiting_counts(user)
    label = ngettext(
        "%(count)d sendt bestilling uten svar",
        "%(count)d sendte bestillinger uten svar",
        total,
    ) % {"count": total}
    if overdue:
        label += ngettext(", %(overdue)d over fristen", ", %(overdue)d over fristen", overdue) % {
            "overdue": overdue
        }
    return [
        WaitingItem(
            "unassigned",
            total,
            label,
            reverse("orders:queue"),
            urgent=bool(overdue),
            rows=[
                WaitingRow(
                    f"{order.reference} {order.display_title}",  # type: ignore[attr-defined]
                    reverse("orders:detail", args=[order.pk]),
                    _overdue_note(order),
                )
                for order in orders
            ],
        ),
        WaitingItem(
            "weeks",
            weeks,
            ngettext("%(count)d uke å godkjenne", "%(count)d uker å godkjenne", weeks)
            % {"count": weeks},
            reverse("timetracking:approval"),
        ),
        WaitingItem(
            "plans_feedback",
            plans["to_feedback"],
            ngettext(
                "%(count)d handlingsplan venter på faglig tilbakemelding",
                "%(count)d handlingsplaner venter på faglig tilbakemelding",
                plans["to_feedback"],
            )
            % {"count": plans["to_feedback"]},
            reverse("actionplans:board"),
        ),
    ]


def amu_part(user: User) -> list[WaitingItem]:
    if not access.has_role(user, Role.AMU_MEMBER):
        return []
    reports = report_selectors.amu_reports_to_review_count(user)
    plans = plan_selectors.plans_waiting_counts(user)
    return [
        WaitingItem(
            "amu_reports",
            reports,
            ngettext(
                "%(count)d årsrapport å behandle", "%(count)d årsrapporter å behandle", reports
            )
            % {"count": reports},
            reverse("reports:index"),
        ),
        WaitingItem(
            "amu_plans",
            plans["to_treat"],
            ngettext(
                "%(count)d handlingsplan å behandle",
                "%(count)d handlingsplaner å behandle",
                plans["to_treat"],
            )
            % {"count": plans["to_treat"]},
            reverse("actionplans:board"),
        ),
    ]


def _day_names(days: list[datetime.date]) -> str:
    return ", ".join(date_format(day, "l j.n.") for day in days)


def _overdue_note(order: object) -> str:
    return gettext("Over fristen") if getattr(order, "overdue", False) else ""


# The keys of reports.selectors.waiting_for that amu_part does not already show.
REPORT_KEYS = ("runs_ready", "runs_failed", "runs_to_release")


def reports_part(user: User) -> list[WaitingItem]:
    """Report runs the user asked for that are done or failed, and (the BHT manager)
    committee reports waiting to be released to AMU (reports.selectors.waiting_for)."""
    return [
        WaitingItem(
            str(entry["key"]),
            int(entry["count"]),  # type: ignore[call-overload]
            f"{entry['label']}: {entry['count']}",
            str(entry["url"]),
            urgent=entry["key"] == "runs_failed",
        )
        for entry in report_selectors.waiting_for(user, only=REPORT_KEYS)
    ]


CONTRIBUTIONS: list[Contribution] = [
    leader_part,
    director_part,
    advisor_part,
    manager_part,
    amu_part,
    reports_part,
]


def waiting_for(user: User) -> list[WaitingItem]:
    """Everything that waits for `user`, in the order of CONTRIBUTIONS; items with
    nothing in them are left out (except those marked `always`)."""
    items: list[WaitingItem] = []
    for part in CONTRIBUTIONS:
        items.extend(item for item in part(user) if item.count or item.always)
    return items
