"""Weeks and months: send, approve and return a week; lock and unlock a month; the year's
hourly rate."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, events, parsing
from core.errors import ApplicationError
from core.history import history_by_user
from core.models import Advisor, Organisation, User
from core.notifications import absolute_url, notify
from timetracking import selectors
from timetracking.models import (
    EntryStatus,
    HourlyRate,
    PeriodLock,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)

from .checks import _check_actor, _month, _organisation_id


def _require_manager(user: User) -> None:
    if not selectors.is_manager(user):
        raise PermissionDenied(_("Bare leder av BHT kan gjøre dette."))


def _require_week_in_scope(user: User, week: WeekSubmission) -> None:
    if selectors.week_outside_served(user, week):
        raise PermissionDenied(_("Uken har timer hos en virksomhet du ikke betjener."))


@history_by_user
@transaction.atomic
def week_submit(*, user: User, advisor: Advisor, start: datetime.date) -> WeekSubmission:
    _check_actor(user, advisor)
    start = selectors.week_start(start)
    if start > timezone.localdate():
        raise ApplicationError(_("Du kan ikke sende en uke som ikke har begynt."), field="week")
    week, _created = WeekSubmission.objects.select_for_update().get_or_create(
        advisor=advisor, week_start=start, defaults={"status": WeekStatus.SUBMITTED}
    )
    if not _created:
        if week.status != WeekStatus.RETURNED:
            raise ApplicationError(_("Uken er allerede sendt."), field="week")
        week.status = WeekStatus.SUBMITTED
        week.submitted_at = timezone.now()
        week.save(update_fields=["status", "submitted_at", "updated_at"])
    _set_week_entries(advisor, start, EntryStatus.SUBMITTED, by=user)
    return week


def check_approvable(week: WeekSubmission) -> None:
    """Only a sent week can be approved (the approval page asks first only then)."""
    if week.status != WeekStatus.SUBMITTED:
        raise ApplicationError(_("Bare en sendt uke kan godkjennes."), field="week")


@history_by_user
@transaction.atomic
def week_approve(*, user: User, week: WeekSubmission) -> WeekSubmission:
    _require_manager(user)
    week = WeekSubmission.objects.select_for_update().get(pk=week.pk)
    _require_week_in_scope(user, week)
    check_approvable(week)
    week.status = WeekStatus.APPROVED
    week.decided_by = user
    week.decided_at = timezone.now()
    week.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    _set_week_entries(week.advisor, week.week_start, EntryStatus.APPROVED, by=user)
    # Weeks have no API resource: the link is the approval page.
    events.publish("week.approved", "week", week.pk, absolute_url(reverse("timetracking:approval")))
    return week


@history_by_user
@transaction.atomic
def week_return(*, user: User, week: WeekSubmission, comment: str) -> WeekSubmission:
    _require_manager(user)
    week = WeekSubmission.objects.select_for_update().get(pk=week.pk)
    _require_week_in_scope(user, week)
    if week.status not in (WeekStatus.SUBMITTED, WeekStatus.APPROVED):
        raise ApplicationError(_("Uken er ikke sendt."), field="week")
    if not comment.strip():
        raise ApplicationError(_("Skriv hva som må rettes."), field="comment")
    # A week across a locked month can still be returned: only its entries in
    # open months go back to draft (_set_week_entries); locked hours stay as they are.
    week.status = WeekStatus.RETURNED
    week.comment = comment.strip()
    week.decided_by = user
    week.decided_at = timezone.now()
    week.save(update_fields=["status", "comment", "decided_by", "decided_at", "updated_at"])
    _set_week_entries(week.advisor, week.week_start, EntryStatus.DRAFT, by=user)
    notify(
        recipients=[week.advisor.user],
        subject=_("Timelisten for uke %(week)s er returnert") % {"week": f"{week.week_start:%V}"},
        body=comment.strip(),
    )
    return week


def _locked_periods(months: set[datetime.date]) -> set[tuple[datetime.date, int | None]]:
    """(month, organisation id or None for BHT-wide) of the open locks of these months."""
    return set(
        PeriodLock.objects.filter(month__in=months, unlocked_at__isnull=True).values_list(
            "month", "organisation_id"
        )
    )


def _entry_locked(entry: TimeEntry, locks: set[tuple[datetime.date, int | None]]) -> bool:
    """The rule of is_locked, applied to locks read once (see _locked_periods)."""
    month = _month(entry.date)
    if (month, None) in locks:
        return True
    organisation_id = _organisation_id(entry)
    return organisation_id is not None and (month, organisation_id) in locks


def _set_week_entries(advisor: Advisor, start: datetime.date, status: str, *, by: User) -> None:
    """Status changes of a whole week. Saved one by one, not with a queryset update(),
    so that each change lands in the entries' audit history.

    Sending and approving move every entry forward (a status, never hours); going back
    to draft (a returned week) leaves the entries in locked months as they are, so a
    week across a locked month can be returned and only its open days change."""
    end = start + datetime.timedelta(days=6)
    entries = (
        TimeEntry.objects.filter(advisor=advisor, date__gte=start, date__lte=end)
        .exclude(status=status)
        .select_related("order", "area")
    )
    locks = _locked_periods({_month(start), _month(end)}) if status == EntryStatus.DRAFT else set()
    for entry in entries:
        if _entry_locked(entry, locks):
            continue
        entry.status = status
        entry._history_user = by  # type: ignore[attr-defined]
        entry.save(update_fields=["status", "updated_at"])


@history_by_user
@transaction.atomic
def month_lock(
    *, user: User, month: datetime.date, organisation: Organisation | None = None
) -> PeriodLock:
    _require_manager(user)
    month = _month(month)
    if month > _month(timezone.localdate()):
        raise ApplicationError(_("Du kan ikke låse en måned som ikke har begynt."), field="month")
    if organisation is None and not access.serves_every_organisation(user):
        raise PermissionDenied(
            _("Bare den som arbeider for alle virksomhetene kan låse for hele BHT.")
        )
    if organisation is not None and not (
        access.may_act_in_organisation(user, organisation.pk)
        and access.organisations_visible_to(user).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied(_("Virksomheten er utenfor det du har tilgang til."))
    exists = PeriodLock.objects.filter(
        month=month, organisation=organisation, unlocked_at__isnull=True
    ).exists()
    if exists:
        raise ApplicationError(_("Måneden er allerede låst."), field="month")
    try:
        with transaction.atomic():
            lock = PeriodLock(month=month, organisation=organisation, locked_by=user)
            lock._history_user = user  # type: ignore[attr-defined]
            lock.save()
            return lock
    except IntegrityError:
        raise ApplicationError(_("Måneden er allerede låst."), field="month") from None


@history_by_user
@transaction.atomic
def month_unlock(*, user: User, lock: PeriodLock, reason: str) -> PeriodLock:
    _require_manager(user)
    if not access.may_act_in_organisation(user, lock.organisation_id):
        raise PermissionDenied(_("Du kan ikke låse opp en måned utenfor dine virksomheter."))
    lock = PeriodLock.objects.select_for_update().get(pk=lock.pk)
    if lock.unlocked_at is not None:
        raise ApplicationError(_("Måneden er ikke låst."), field="month")
    if not reason.strip():
        raise ApplicationError(_("Skriv hvorfor måneden låses opp."), field="reason")
    lock.unlocked_at = timezone.now()
    lock.unlocked_by = user
    lock.unlock_reason = reason.strip()
    lock._history_user = user  # type: ignore[attr-defined]
    lock.save(update_fields=["unlocked_at", "unlocked_by", "unlock_reason"])
    return lock


@history_by_user
@transaction.atomic
def hourly_rate_set(*, user: User, year: int, amount: Any) -> HourlyRate:
    _require_manager(user)
    # Refused before saving when beyond the column (max_digits=9, decimal_places=2):
    # a stored 99 999 999 999 999 made every page that reads the rates answer 500.
    value = parsing.parse_decimal(
        amount, field="amount", max_digits=9, decimal_places=2, label=_("Timeprisen")
    )
    if value <= 0:
        raise ApplicationError(_("Timeprisen må være mer enn 0."), field="amount")
    if not 2000 <= int(year) <= 2100:
        raise ApplicationError(_("Ugyldig år."), field="year")
    rate = HourlyRate.objects.select_for_update().filter(year=int(year)).first()
    rate = rate or HourlyRate(year=int(year))
    rate.amount = value.quantize(Decimal("0.01"))
    rate.set_by = user
    rate._history_user = user  # type: ignore[attr-defined]
    rate.save()
    return rate
