"""The rules a time entry is checked against: hours, locks, the target, the week, 24 hours
a day; and what an entry derives from its target."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import PlanStatus
from core import access, numbers
from core.errors import ApplicationError
from core.models import Advisor, User
from orders import rules as order_rules
from timetracking import selectors
from timetracking.models import (
    Activity,
    EntryStatus,
    PeriodLock,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)

MAX_HOURS_PER_DAY = Decimal(24)


QUARTER = Decimal("0.25")


ENTRY_FIELDS = ("date", "hours", "activity", "order", "plan_item", "internal_activity", "note")


class PeriodLocked(PermissionDenied):
    """The month is locked: nobody may create, change or delete entries in it (API: 403)."""


def _month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def entry_snapshot(entry: TimeEntry) -> dict[str, Any]:
    return {
        "advisor": entry.advisor_id,
        "date": entry.date.isoformat(),
        "hours": str(entry.hours),
        "activity": entry.activity,
        "order": entry.order_id,
        "plan_item": entry.plan_item_id,
        "internal_activity": entry.internal_activity_id,
        "billing": entry.billing,
        "area": entry.area_id,
        "note": entry.note,
        "status": entry.status,
    }


def parse_hours(value: Any) -> Decimal:
    """Accepts 1.5, "1,5", "1.25"; raises ApplicationError on the `hours` field.

    The range is checked before the quarter rule: a remainder of 1e100 by 0.25 is
    beyond Decimal's precision (DivisionImpossible), and 1E-999999999 rounds to 0.
    """
    not_a_number = _("Timer må være et tall, for eksempel 1,5.")
    if isinstance(value, Decimal):
        hours = value
    else:
        text = str(value if value is not None else "").strip().replace(",", ".")
        if not text:
            raise ApplicationError(_("Skriv antall timer."), field="hours")
        if len(text) > 32:
            raise ApplicationError(not_a_number, field="hours")
        try:
            hours = Decimal(text)
        except InvalidOperation:
            raise ApplicationError(not_a_number, field="hours") from None
    if not hours.is_finite():
        raise ApplicationError(not_a_number, field="hours")
    if hours <= 0:
        raise ApplicationError(_("Timer må være mer enn 0."), field="hours")
    if hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(
            _("Du kan føre høyst %(max)s timer per dag.") % {"max": 24}, field="hours"
        )
    quarters = hours / QUARTER
    if hours != hours.quantize(Decimal("0.01")) or quarters != quarters.to_integral_value():
        raise ApplicationError(
            _("Før timer i kvarter: 0,25, 0,5, 0,75 osv."),
            field="hours",
        )
    return hours.quantize(Decimal("0.01"))


def is_locked(*, day: datetime.date, organisation_id: int | None) -> bool:
    """A BHT-wide lock covers every entry; an organisation's lock covers entries of its areas."""
    locks = PeriodLock.objects.filter(month=_month(day), unlocked_at__isnull=True)
    if organisation_id is None:
        return locks.filter(organisation__isnull=True).exists()
    # One query on every entry write (the write benchmark counts them).
    return locks.filter(Q(organisation__isnull=True) | Q(organisation_id=organisation_id)).exists()


def _check_not_locked(day: datetime.date, organisation_id: int | None) -> None:
    if is_locked(day=day, organisation_id=organisation_id):
        raise PeriodLocked(
            _("Måneden %(month)s er låst. Timer kan ikke føres, endres eller slettes.")
            % {"month": day.strftime("%m.%Y")}
        )


def derive(entry: TimeEntry) -> None:
    """Billing (orders.rules.billing_for) and area follow the target; never typed."""
    if entry.order_id is not None:
        order = entry.order
        assert order is not None
        entry.area_id = order.area_id
        entry.billing = order_rules.billing_for(order=order)
    elif entry.plan_item_id is not None:
        item = entry.plan_item
        assert item is not None
        entry.area = item.plan.area  # loaded with the item where the caller could
        entry.billing = order_rules.billing_for(plan_item=item)
    else:
        entry.area_id = None
        entry.billing = order_rules.billing_for()


def _organisation_id(entry: TimeEntry) -> int | None:
    if entry.area_id is None:
        return None
    if entry.order_id is not None and entry.order is not None:
        return entry.order.organisation_id
    return entry.area.organisation_id if entry.area is not None else None


def _check_actor(user: User, advisor: Advisor) -> None:
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Bare BHT-ansatte fører timer."))
    if advisor.user_id != user.pk and not selectors.is_manager(user):
        raise PermissionDenied(_("Du kan bare føre timer for deg selv."))


def _check_target(entry: TimeEntry, *, user: User, today: datetime.date) -> None:
    targets = [entry.order_id, entry.plan_item_id, entry.internal_activity_id]
    if sum(t is not None for t in targets) != 1:
        raise ApplicationError(
            _("Velg én bestilling, ett tiltak eller én intern aktivitet."), field="target"
        )
    if entry.order_id is not None:
        assert entry.order is not None
        order_rules.check_accepts_hours(entry.order, day=entry.date, today=today)
    elif entry.plan_item_id is not None:
        item = entry.plan_item
        assert item is not None
        if item.plan.status != PlanStatus.APPROVED:
            raise ApplicationError(
                _("Timer kan bare føres på tiltak i en godkjent handlingsplan."),
                field="plan_item",
            )
    else:
        activity = entry.internal_activity
        assert activity is not None
        if not activity.is_active:
            raise ApplicationError(_("Aktiviteten er ikke i bruk."), field="internal_activity")


def _check_week_open(entry: TimeEntry, *, user: User) -> None:
    """An advisor cannot change a week they have sent (or that is approved) — the manager can."""
    if selectors.is_manager(user):
        return
    sent = WeekSubmission.objects.filter(
        advisor_id=entry.advisor_id,
        week_start=selectors.week_start(entry.date),
        status__in=[WeekStatus.SUBMITTED, WeekStatus.APPROVED],
    ).exists()
    if sent or entry.status != EntryStatus.DRAFT:
        raise PermissionDenied(
            _("Uken er sendt til godkjenning og kan ikke endres. Be leder av BHT returnere den.")
        )


def _check_rules(entry: TimeEntry, *, user: User) -> None:
    today = timezone.localdate()
    if entry.date > today:
        raise ApplicationError(_("Du kan ikke føre timer på en dato etter i dag."), field="date")
    if entry.activity not in Activity.values:
        raise ApplicationError(_("Velg en aktivitet."), field="activity")
    entry.hours = parse_hours(entry.hours)
    _check_target(entry, user=user, today=today)
    derive(entry)
    _check_not_locked(entry.date, _organisation_id(entry))
    # Lock the advisor's row: two concurrent entries for the same advisor queue
    # here, so the day total below sees the other one's committed hours.
    Advisor.objects.select_for_update().filter(pk=entry.advisor_id).order_by().get()
    other = selectors.day_total(advisor=entry.advisor, day=entry.date, exclude_pk=entry.pk)
    if other + entry.hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(
            _("Du har allerede ført %(other)s timer %(date)s. Det blir mer enn 24 timer på én dag.")
            % {"other": _fmt(other), "date": entry.date.strftime("%d.%m.%Y")},
            field="hours",
        )


def time_entry_input_errors(
    *, date: datetime.date | None, hours: Any, activity: str
) -> dict[str, str]:
    """Every input error of one entry at once (field -> message), with the same checks
    as `_check_rules`: forms show them together instead of one per try. The rules
    that need the target or the database (locks, 24 hours a day) stay in the service."""
    errors: dict[str, str] = {}
    if date is not None and date > timezone.localdate():
        errors["date"] = _("Du kan ikke føre timer på en dato etter i dag.")
    if activity not in Activity.values:
        errors["activity"] = _("Velg en aktivitet.")
    try:
        parse_hours(hours)
    except ApplicationError as error:
        errors["hours"] = error.message
    return errors


def _fmt(hours: Decimal) -> str:
    return numbers.format_quarters(hours)
