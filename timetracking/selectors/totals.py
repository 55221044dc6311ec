"""Sums of hours: per order, area and month, advisor and week, billing; what is not yet
sent or approved."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from core import access
from core.models import Advisor, Organisation, User
from orders.models import Billing
from orders.working_days import is_working_day
from timetracking.models import (
    EntryStatus,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)

from .scope import ZERO, week_start


def totals_by_order(order_ids: list[int]) -> dict[int, Decimal]:
    rows = (
        TimeEntry.objects.filter(order_id__in=order_ids)
        .values("order_id")
        .annotate(total=Sum("hours"))
    )
    totals = dict.fromkeys(order_ids, ZERO)
    totals.update({r["order_id"]: r["total"] for r in rows})
    return totals


def totals_by_area_month(qs: QuerySet[TimeEntry]) -> list[dict[str, Any]]:
    """Hours per area, month and billing."""
    labels = dict(Billing.choices)
    rows = list(
        qs.order_by()
        .annotate(month=TruncMonth("date"))
        .values("area__name", "month", "billing")
        .annotate(total=Sum("hours"))
        .order_by("-month", "area__name", "billing")
    )
    for row in rows:
        row["billing_label"] = labels[row["billing"]]
    return rows


def totals_by_advisor_week(qs: QuerySet[TimeEntry]) -> dict[tuple[int, datetime.date], Decimal]:
    totals: dict[tuple[int, datetime.date], Decimal] = {}
    for advisor_id, day, hours in qs.values_list("advisor_id", "date", "hours"):
        key = (advisor_id, week_start(day))
        totals[key] = totals.get(key, ZERO) + hours
    return totals


def totals_by_billing(qs: QuerySet[TimeEntry]) -> list[dict[str, Any]]:
    labels = dict(Billing.choices)
    rows = qs.order_by().values("billing").annotate(total=Sum("hours")).order_by("billing")
    return [{"billing": labels[r["billing"]], "total": r["total"]} for r in rows]


def totals_per_advisor(qs: QuerySet[TimeEntry]) -> list[dict[str, Any]]:
    return list(
        qs.order_by()
        .values("advisor__user__first_name", "advisor__user__last_name")
        .annotate(total=Sum("hours"))
        .order_by("advisor__user__first_name", "advisor__user__last_name")
    )


def total_hours(qs: QuerySet[TimeEntry]) -> Decimal:
    return qs.aggregate(total=Sum("hours"))["total"] or ZERO


def day_total(*, advisor: Advisor, day: datetime.date, exclude_pk: int | None = None) -> Decimal:
    qs = TimeEntry.objects.filter(advisor=advisor, date=day)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return total_hours(qs)


def submitted_weeks() -> QuerySet[WeekSubmission]:
    return (
        WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED)
        .select_related("advisor__user")
        .order_by("week_start", "advisor__user__last_name")
    )


def week_outside_served(user: User, week: WeekSubmission) -> bool:
    """Has the week hours in a client organisation the user does not serve? A manager
    limited to some clients neither sees nor decides such a week (docs/security.md,
    "Several clients"); internal hours belong to no client."""
    if access.serves_every_organisation(user):
        return False
    return (
        TimeEntry.objects.filter(
            advisor_id=week.advisor_id,
            date__gte=week.week_start,
            date__lte=week.week_end,
            area__isnull=False,
        )
        .exclude(access.organisation_q(user, "area__organisation"))
        .exists()
    )


def week_totals(weeks: list[WeekSubmission]) -> dict[int, Decimal]:
    """Hours of each submitted week, in one query."""
    if not weeks:
        return {}
    advisors = {w.advisor_id for w in weeks}
    first = min(w.week_start for w in weeks)
    last = max(w.week_end for w in weeks)
    totals = totals_by_advisor_week(
        TimeEntry.objects.filter(advisor_id__in=advisors, date__gte=first, date__lte=last)
    )
    return {w.pk: totals.get((w.advisor_id, w.week_start), ZERO) for w in weeks}


def unapproved_count(
    month: datetime.date, *, user: User, organisation: Organisation | None = None
) -> int:
    """Entries of the month not yet approved: of one client organisation, or of those
    the user serves (internal hours belong to no client and count for everyone)."""
    end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    qs = TimeEntry.objects.filter(date__gte=month, date__lt=end).exclude(
        status=EntryStatus.APPROVED
    )
    if organisation is not None:
        qs = qs.filter(area__organisation=organisation)
    elif not access.serves_every_organisation(user):
        qs = qs.filter(Q(area__isnull=True) | access.organisation_q(user, "area__organisation"))
    return qs.count()


def days_without_hours(user: User, *, today: datetime.date) -> list[datetime.date]:
    """Working days of this week up to today on which the advisor has logged nothing
    (one query; weekends and public holidays never wait)."""
    monday = week_start(today)
    days = [
        monday + datetime.timedelta(days=offset)
        for offset in range((today - monday).days + 1)
        if is_working_day(monday + datetime.timedelta(days=offset))
    ]
    if not days:
        return []
    logged = set(
        TimeEntry.objects.filter(advisor__user=user, date__gte=days[0], date__lte=days[-1])
        .values_list("date", flat=True)
        .distinct()
    )
    return [day for day in days if day not in logged]


def weeks_to_approve(user: User) -> list[WeekSubmission]:
    """Sent weeks the user may decide: a manager limited to some clients gets only the
    weeks without hours in other clients (one query per sent week for them only)."""
    return [week for week in submitted_weeks() if not week_outside_served(user, week)]


def weeks_to_approve_count(user: User) -> int:
    if access.serves_every_organisation(user):
        return WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED).count()
    return len(weeks_to_approve(user))


def week_total(*, advisor: Advisor, start: datetime.date) -> Decimal:
    """The advisor's hours in the week starting `start` (the confirm step of "Send uke")."""
    monday = week_start(start)
    return total_hours(
        TimeEntry.objects.filter(
            advisor=advisor, date__gte=monday, date__lte=monday + datetime.timedelta(days=6)
        )
    )
