"""Writes of time tracking. The timesheet page, the API, the admin and the demo
all call these; each checks permission, the rules of DESIGN.md §5 and writes the
entry's audit history in the same transaction.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import PlanItem, PlanStatus
from core import access, events, numbers, parsing
from core.errors import ApplicationError
from core.history import acting_user, history_by_user
from core.models import Advisor, MainContact, Organisation, User
from core.notifications import absolute_url, notify
from orders import rules as order_rules
from orders.models import Billing, Order
from timetracking import selectors
from timetracking.models import (
    Activity,
    BudgetAlert,
    BudgetThreshold,
    EntryStatus,
    HourlyRate,
    InternalActivity,
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


# --- helpers --------------------------------------------------------------------


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


# --- entries --------------------------------------------------------------------


@history_by_user
@transaction.atomic
def time_entry_create(
    *,
    user: User,
    advisor: Advisor,
    date: datetime.date,
    hours: Any,
    activity: str,
    order: Order | None = None,
    plan_item: PlanItem | None = None,
    internal_activity: InternalActivity | None = None,
    note: str = "",
) -> TimeEntry:
    _check_actor(user, advisor)
    entry = TimeEntry(
        advisor=advisor,
        date=date,
        hours=hours,
        activity=activity,
        order=order,
        plan_item=plan_item,
        internal_activity=internal_activity,
        note=(note or "").strip()[:500],
        created_by=user,
    )
    _check_week_open(entry, user=user)
    _check_rules(entry, user=user)
    entry._history_user = user  # type: ignore[attr-defined]
    entry.save()
    budget_check(entry)
    return entry


@history_by_user
@transaction.atomic
def time_entry_update(*, entry: TimeEntry, user: User, **fields: Any) -> TimeEntry:
    entry = _lock_entry(entry)
    _check_actor(user, entry.advisor)
    _check_week_open(entry, user=user)
    # The month it is in now must be open, as well as the month it moves to.
    _check_not_locked(entry.date, _organisation_id(entry))
    for name, value in fields.items():
        if name not in ENTRY_FIELDS:
            raise ApplicationError(_("Ukjent felt: %(name)s") % {"name": name}, field=name)
        setattr(entry, name, value)
    if "note" in fields:
        entry.note = (entry.note or "").strip()[:500]
    if {"order", "plan_item", "internal_activity"} & set(fields):
        # A new target replaces the old one.
        for name in ("order", "plan_item", "internal_activity"):
            if name not in fields:
                setattr(entry, name, None)
    _check_rules(entry, user=user)
    entry._history_user = user  # type: ignore[attr-defined]
    entry.save()
    budget_check(entry)
    return entry


@history_by_user
@transaction.atomic
def time_entry_delete(*, entry: TimeEntry, user: User) -> None:
    entry = _lock_entry(entry)
    _check_actor(user, entry.advisor)
    _check_week_open(entry, user=user)
    _check_not_locked(entry.date, _organisation_id(entry))
    entry._history_user = user  # type: ignore[attr-defined]
    entry.delete()


def _lock_entry(entry: TimeEntry) -> TimeEntry:
    return (
        TimeEntry.objects.select_for_update(of=("self",))
        .select_related("advisor", "order", "plan_item__plan", "area", "internal_activity")
        .order_by()
        .get(pk=entry.pk)
    )


def time_entry_save_cell(
    *,
    user: User,
    advisor: Advisor,
    date: datetime.date,
    kind: str,
    target: Any,
    activity: str,
    hours: str,
    note: str = "",
) -> TimeEntry | None:
    """The timesheet cell: create, change or (empty hours) delete the one entry of
    (advisor, date, target, activity)."""
    target_field = {"order": "order", "plan_item": "plan_item", "internal": "internal_activity"}[
        kind
    ]
    existing = list(
        TimeEntry.objects.filter(
            advisor=advisor, date=date, activity=activity, **{target_field: target}
        )[:2]
    )
    if len(existing) > 1:
        raise ApplicationError(
            _("Flere føringer i denne ruten; endre dem i timelisten."), field="hours"
        )
    empty = not str(hours or "").strip() or str(hours).strip() in ("0", "0,0", "0.0")
    if existing:
        if empty:
            time_entry_delete(entry=existing[0], user=user)
            return None
        return time_entry_update(entry=existing[0], user=user, hours=hours, note=note)
    if empty:
        return None
    return time_entry_create(
        user=user,
        advisor=advisor,
        date=date,
        hours=hours,
        activity=activity,
        note=note,
        **{target_field: target},
    )


# --- re-derivation when an order's plan link changes ------------------------------


def order_entries_rederive(*, order: Order, by: User | None = None) -> int:
    """Re-derive billing and area of the order's entries after its plan link changed.

    Raises ApplicationError (so the caller's transaction rolls back) when an entry
    whose billing would change lies in a locked month.
    """
    changed = []
    for entry in TimeEntry.objects.filter(order=order).select_related("area").order_by("pk"):
        entry.order = order
        old = entry_snapshot(entry)
        derive(entry)
        if entry.billing == old["billing"] and entry.area_id == old["area"]:
            continue
        if is_locked(day=entry.date, organisation_id=order.organisation_id):
            raise ApplicationError(
                _(
                    "Koblingen til handlingsplanen kan ikke endres: bestillingen har timer i "
                    "en låst måned (%(month)s)."
                )
                % {"month": entry.date.strftime("%m.%Y")},
                field="plan_item",
            )
        changed.append(entry)
    with acting_user(by):  # None: the request's user, if any
        for entry in changed:
            entry.save(update_fields=["billing", "area", "updated_at"])
    return len(changed)


def on_order_plan_link_changed(sender: Any, *, order: Order, **kwargs: Any) -> None:
    order_entries_rederive(order=order, by=kwargs.get("user"))


# --- budgets and alerts ---------------------------------------------------------


def budget_check(entry: TimeEntry) -> None:
    """Send each 80 % / 100 % alert once: for the plan item the entry counts
    against, and for an extra-sale order's accepted estimate."""
    item_id = entry.plan_item_id
    if item_id is None and entry.order is not None:
        item_id = entry.order.plan_item_id
    if item_id is not None:
        _plan_item_alerts(item_id, entry.plan_item if entry.plan_item_id == item_id else None)
    if entry.order_id is not None and entry.billing == Billing.EXTRA_SALE:
        _order_alerts(entry.order)  # type: ignore[arg-type]


def _crossed(used: Decimal, budget: Decimal | None) -> list[int]:
    if not budget or budget <= 0:
        return []
    return [t for t in BudgetThreshold.values if used * 100 >= budget * t]


def _unsent(thresholds: list[int], **target: Any) -> list[int]:
    """The crossed thresholds whose alert is not sent yet: one query, not a
    get_or_create per threshold on every write once a budget is used up."""
    if not thresholds:
        return []
    sent = set(BudgetAlert.objects.filter(**target).values_list("threshold", flat=True))
    return [t for t in thresholds if t not in sent]


def _send_alert_once(**target: Any) -> bool:
    """True if this call created the alert (and so must send it)."""
    try:
        with transaction.atomic():
            _alert, created = BudgetAlert.objects.get_or_create(**target)
    except IntegrityError:  # a concurrent entry sent it first
        return False
    return created


def _area_main_contact(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact is not None else None


def _plan_item_alerts(item_id: int, item: PlanItem | None = None) -> None:
    budget = (
        item.budget_hours
        if item is not None
        else (PlanItem.objects.values_list("budget_hours", flat=True).get(pk=item_id))
    )
    used = selectors.plan_item_hours_used([item_id])[item_id]
    unsent = _unsent(_crossed(used, budget), plan_item_id=item_id)
    if unsent:  # the names and recipients only when an alert goes out
        item = PlanItem.objects.select_related("plan__area", "advisor__user").get(pk=item_id)
    for threshold in unsent:
        assert item is not None
        if not _send_alert_once(plan_item=item, threshold=threshold):
            continue
        recipients = [
            item.advisor.user if item.advisor else None,
            _area_main_contact(item.plan.area_id),
        ]
        notify(
            recipients=recipients,
            subject=_("Tiltaket «%(item)s» har brukt %(pct)s %% av timebudsjettet")
            % {"item": item.title, "pct": threshold},
            body=_(
                "Tiltaket «%(item)s» i handlingsplanen for %(area)s har brukt %(used)s av "
                "%(budget)s timer. Timer over budsjettet er fortsatt fastpris, men rapporteres "
                "som overforbruk.\n\n%(url)s"
            )
            % {
                "item": item.title,
                "area": item.plan.area.name,
                "used": _fmt(used),
                "budget": _fmt(item.budget_hours),
                "url": absolute_url(f"/handlingsplaner/{item.plan_id}/"),
            },
        )


def _order_alerts(order: Order) -> None:
    if not order.estimated_hours:
        return
    used = selectors.totals_by_order([order.pk])[order.pk]
    for threshold in _unsent(_crossed(used, order.estimated_hours), order_id=order.pk):
        if not _send_alert_once(order=order, threshold=threshold):
            continue
        lead = order.lead_advisor.user if order.lead_advisor_id else None  # type: ignore[union-attr]
        if threshold < 100:
            subject = _("%(ref)s nærmer seg estimatet (%(pct)s %%)")
        else:
            subject = _("%(ref)s har nådd estimatet (%(pct)s %%)")
        notify(
            recipients=[lead],
            subject=subject % {"ref": order.reference, "pct": threshold},
            body=_(
                "Det er ført %(used)s av %(estimate)s estimerte timer på mersalgsbestillingen "
                "%(ref)s. Avtal et nytt estimat med bestilleren før det passeres.\n\n%(url)s"
            )
            % {
                "used": _fmt(used),
                "estimate": _fmt(order.estimated_hours),
                "ref": order.reference,
                "url": absolute_url(f"/bestillinger/{order.pk}/"),
            },
        )


# --- weeks ----------------------------------------------------------------------


def _require_manager(user: User) -> None:
    if not selectors.is_manager(user):
        raise PermissionDenied(_("Bare leder av BHT kan gjøre dette."))


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


@history_by_user
@transaction.atomic
def week_approve(*, user: User, week: WeekSubmission) -> WeekSubmission:
    _require_manager(user)
    week = WeekSubmission.objects.select_for_update().get(pk=week.pk)
    if week.status != WeekStatus.SUBMITTED:
        raise ApplicationError(_("Bare en sendt uke kan godkjennes."), field="week")
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


# --- month locks ------------------------------------------------------------------


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


# --- rates ------------------------------------------------------------------------


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
