"""Writing time entries: create, update, delete, the timesheet's cell, and re-deriving an
order's entries when its plan link changes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from actionplans.models import PlanItem
from core.errors import ApplicationError
from core.history import acting_user, history_by_user
from core.models import Advisor, User
from orders.models import Order
from timetracking.models import (
    InternalActivity,
    TimeEntry,
)

from .budget import budget_check
from .checks import (
    ENTRY_FIELDS,
    _check_actor,
    _check_not_locked,
    _check_rules,
    _check_week_open,
    _organisation_id,
    derive,
    entry_snapshot,
    is_locked,
)


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
