"""Reads of time tracking: scoped querysets, the week grid, loggable targets, totals.

Who sees which entries:

* BHT staff (advisor, manager, office): every entry of the organisations they
  serve (their oversight scope; unrestricted staff see all) plus internal
  entries, which are the BHT's own.
* Leaders (executive, area director, unit and department leader): entries on
  the orders and plan items of the subtree they lead — by the entry's area for
  an organisation or area, by the order's or item's unit/department below
  that. They never see internal BHT entries.
* Everyone else: none.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from actionplans.models import ItemStatus, PlanItem, PlanStatus
from core import access, confidentiality, parsing
from core.history import HistoryRow, history_rows
from core.models import Advisor, Role, User
from orders import rules as order_rules
from orders.models import Billing, Order, OrderAssignment
from orders.working_days import is_working_day
from timetracking.models import (
    Activity,
    EntryStatus,
    HourlyRate,
    InternalActivity,
    PeriodLock,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)

ZERO = Decimal(0)


def is_manager(user: User) -> bool:
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER)


def entries_visible_to(user: User) -> QuerySet[TimeEntry]:
    if not user.is_authenticated or not user.is_active:
        return TimeEntry.objects.none()
    scope = access.scope_for(user)
    if scope.everything:
        return TimeEntry.objects.all()
    nodes = scope.oversight
    # The entry's area decides for organisation and area oversight; a unit or
    # department leader sees the hours on orders and plan items of their subtree.
    q = (
        Q(area__organisation_id__in=nodes.organisations)
        | Q(area_id__in=nodes.areas)
        | Q(order__unit_id__in=nodes.units)
        | Q(order__department_id__in=nodes.departments)
        | Q(order__department__unit_id__in=nodes.units)
        | Q(plan_item__unit_id__in=nodes.units)
        | Q(plan_item__department_id__in=nodes.departments)
    )
    if scope.is_bht:
        q |= Q(area__isnull=True)
    return TimeEntry.objects.filter(q)


def entry_list_queryset(qs: QuerySet[TimeEntry]) -> QuerySet[TimeEntry]:
    """What a list row shows, in a fixed number of queries."""
    return qs.select_related(
        "advisor__user", "order", "plan_item", "internal_activity", "area"
    ).order_by("-date", "advisor_id", "pk")


def advisors_visible_to(user: User) -> QuerySet[Advisor]:
    if access.is_bht_staff(user):
        return Advisor.objects.select_related("user").filter(is_active=True)
    return Advisor.objects.none()


def hourly_rate_for_year(year: int) -> Decimal | None:
    """The rate of `year`, or of the latest year before it; None if none is set.

    Registered with orders.conf at start (TimetrackingConfig.ready), so orders
    prices extra sale with it without importing timetracking.
    """
    rate = HourlyRate.objects.filter(year__lte=year).order_by("-year").first()
    return rate.amount if rate is not None else None


# --- hours used on plan items: the one query, for plan pages, the API and reports ---


def _hours_used_by(
    item_key: str, ids: list[int], until: datetime.date | None
) -> dict[int, Decimal]:
    """Hours per key: hours logged on the plan item directly plus hours on orders
    linked to it. `item_key` is "plan_item_id" (per item) or "plan_item__plan_id"
    (per plan). An entry has exactly one target, so none is counted twice."""
    used = dict.fromkeys(ids, ZERO)
    if not ids:
        return used
    entries = TimeEntry.objects.order_by()
    if until is not None:
        entries = entries.filter(date__lte=until)
    # Two index-friendly halves in one statement (UNION ALL): an OR across the
    # join to orders made PostgreSQL scan every time entry (benchmarks/RESULTS.md).
    via_order_key = f"order__{item_key}"
    direct = (
        entries.filter(**{f"{item_key}__in": ids})
        .values(item_key)
        .annotate(total=Sum("hours"))
        .values_list(item_key, "total")
    )
    via_orders = (
        entries.filter(**{f"{via_order_key}__in": ids})
        .values(via_order_key)
        .annotate(total=Sum("hours"))
        .values_list(via_order_key, "total")
    )
    for key, total in direct.union(via_orders, all=True):
        used[key] += total or ZERO
    return used


def plan_item_hours_used(
    item_ids: Iterable[int], *, until: datetime.date | None = None
) -> dict[int, Decimal]:
    """Hours used per plan item (every id given, 0 if none), up to `until` if given.
    Items carried over from an earlier version count only their own hours: the old
    item keeps its hours in the superseded plan's history. Registered with
    actionplans at start (TimetrackingConfig.ready) for the plan pages."""
    return _hours_used_by("plan_item_id", list(item_ids), until)


def plan_hours_used(
    plan_ids: Iterable[int], *, until: datetime.date | None = None
) -> dict[int, Decimal]:
    """Hours used per action plan (the sum over its items), up to `until` if given."""
    return _hours_used_by("plan_item__plan_id", list(plan_ids), until)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_week(value: str | None, *, today: datetime.date) -> datetime.date:
    """`2026-W48` or any date `2026-11-25` → the Monday of that week; default this week.

    Weeks outside core.parsing's calendar (0001-01-01, 9999-W52: their neighbouring
    weeks overflow) raise InvalidInput on the `week` field."""
    if value:
        return parsing.parse_iso_week(value, field="week")
    return week_start(today)


def locked_months(
    months: list[datetime.date], organisation_ids: set[int | None] | None = None
) -> set[tuple[int | None, datetime.date]]:
    """Active locks among `months` as (organisation id or None, month)."""
    return set(
        PeriodLock.objects.filter(month__in=months, unlocked_at__isnull=True).values_list(
            "organisation_id", "month"
        )
    )


def month_locked_for(
    locks: set[tuple[int | None, datetime.date]], day: datetime.date, organisation_id: int | None
) -> bool:
    month = day.replace(day=1)
    return (None, month) in locks or (
        organisation_id is not None and (organisation_id, month) in locks
    )


# --- the week grid --------------------------------------------------------------


@dataclass
class Cell:
    day: datetime.date
    entries: list[TimeEntry] = field(default_factory=list)
    locked: bool = False
    future: bool = False

    @property
    def hours(self) -> Decimal:
        return sum((e.hours for e in self.entries), ZERO)

    @property
    def entry(self) -> TimeEntry | None:
        return self.entries[0] if len(self.entries) == 1 else None

    @property
    def note(self) -> str:
        return self.entries[0].note if len(self.entries) == 1 else ""

    @property
    def editable(self) -> bool:
        return not self.locked and not self.future and len(self.entries) <= 1


@dataclass
class Row:
    kind: str  # order / plan_item / internal
    target: Any
    activity: str
    cells: list[Cell]
    # Plan item budget or extra-sale estimate, and hours used on it in all.
    budget: Decimal | None = None
    used: Decimal | None = None

    @property
    def percent_used(self) -> int | None:
        if not self.budget or self.used is None:
            return None
        return int(self.used * 100 / self.budget)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.target.pk}-{self.activity}"

    @property
    def total(self) -> Decimal:
        return sum((c.hours for c in self.cells), ZERO)

    @property
    def activity_label(self) -> str:
        return str(Activity(self.activity).label)

    @property
    def label(self) -> str:
        if self.kind == "order":
            return order_label(self.target)
        return str(self.target)


@dataclass
class WeekGrid:
    advisor: Advisor
    start: datetime.date
    days: list[datetime.date]
    rows: list[Row]
    submission: WeekSubmission | None
    locked_days: set[datetime.date]

    @property
    def day_totals(self) -> list[Decimal]:
        return [sum((row.cells[i].hours for row in self.rows), ZERO) for i in range(7)]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), ZERO)

    @property
    def iso_week(self) -> str:
        year, week, _day = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def previous_start(self) -> datetime.date:
        return self.start - datetime.timedelta(days=7)

    @property
    def next_start(self) -> datetime.date:
        return self.start + datetime.timedelta(days=7)

    @property
    def is_sent(self) -> bool:
        return self.submission is not None and self.submission.status in (
            WeekStatus.SUBMITTED,
            WeekStatus.APPROVED,
        )


def order_label(order: Order) -> str:
    """Reference and title; a confidential order's title is never shown in lists."""
    return _order_text(order.reference, order.title, order.confidential)


def _order_text(reference: str, title: str, confidential: bool) -> str:
    return f"{reference} {confidentiality.listed_title(title=title, confidential=confidential)}"


def row_key(entry: TimeEntry) -> tuple[str, int, str]:
    return (entry.target_kind, entry.target_id, entry.activity)


def parse_row_key(key: str) -> tuple[str, int, str] | None:
    try:
        kind, pk, activity = key.split("-", 2)
        if kind not in ("order", "plan_item", "internal") or activity not in Activity.values:
            return None
        return kind, int(pk), activity
    except ValueError:
        return None


def targets_by_keys(
    keys: set[tuple[str, int]], *, viewer: User | None = None
) -> dict[tuple[str, int], Any]:
    """Loads targets for row keys, one query per kind (within the organisations
    `viewer` serves, when given)."""
    found: dict[tuple[str, int], Any] = {}
    ids: dict[str, set[int]] = {"order": set(), "plan_item": set(), "internal": set()}
    for kind, pk in keys:
        ids[kind].add(pk)
    order_q = access.organisation_q(viewer) if viewer is not None else Q()
    item_q = access.organisation_q(viewer, "plan__area__organisation") if viewer else Q()
    if ids["order"]:
        for order in Order.objects.filter(order_q, pk__in=ids["order"]):
            found[("order", order.pk)] = order
    if ids["plan_item"]:
        for item in PlanItem.objects.filter(item_q, pk__in=ids["plan_item"]):
            found[("plan_item", item.pk)] = item
    if ids["internal"]:
        for activity in InternalActivity.objects.filter(pk__in=ids["internal"]):
            found[("internal", activity.pk)] = activity
    return found


def week_grid(
    *,
    advisor: Advisor,
    start: datetime.date,
    today: datetime.date,
    viewer: User | None = None,
    extra_rows: list[tuple[str, int, str]] | None = None,
) -> WeekGrid:
    """The advisor's week as rows (target × activity) × 7 days, in a fixed number of queries.

    Seen by someone else (`viewer`, the BHT manager), the week holds only the entries
    and targets of the organisations the viewer serves."""
    days = [start + datetime.timedelta(days=i) for i in range(7)]
    own = viewer is None or viewer.pk == advisor.user_id
    visible = TimeEntry.objects.all() if own else entries_visible_to(viewer)  # type: ignore[arg-type]
    entries = list(
        visible.filter(advisor=advisor, date__gte=days[0], date__lte=days[-1])
        .select_related("order", "plan_item", "internal_activity", "area")
        .order_by("date", "pk")
    )
    keys: dict[tuple[str, int, str], list[TimeEntry]] = {}
    for entry in entries:
        keys.setdefault(row_key(entry), []).append(entry)
    targets: dict[tuple[str, int], Any] = {}
    for entry in entries:
        targets[(entry.target_kind, entry.target_id)] = entry.target
    missing = {(k, pk) for k, pk, _a in extra_rows or []} - set(targets)
    if missing:
        targets.update(targets_by_keys(missing, viewer=viewer))
    for key in extra_rows or []:
        if (key[0], key[1]) in targets:
            keys.setdefault(key, [])
    locks = locked_months(sorted({d.replace(day=1) for d in days}))
    locked_days: set[datetime.date] = set()
    rows = []
    for key, row_entries in keys.items():
        kind, pk, activity = key
        target = targets[(kind, pk)]
        organisation_id = _organisation_id(kind, target, row_entries)
        cells = []
        for day in days:
            locked = month_locked_for(locks, day, organisation_id)
            if locked:
                locked_days.add(day)
            cells.append(
                Cell(
                    day=day,
                    entries=[e for e in row_entries if e.date == day],
                    locked=locked,
                    future=day > today,
                )
            )
        rows.append(Row(kind=kind, target=target, activity=activity, cells=cells))
    for day in days:
        if month_locked_for(locks, day, None):
            locked_days.add(day)
    _add_budgets(rows)
    rows.sort(key=lambda r: ({"order": 0, "plan_item": 1, "internal": 2}[r.kind], r.label))
    submission = WeekSubmission.objects.filter(advisor=advisor, week_start=start).first()
    return WeekGrid(
        advisor=advisor,
        start=start,
        days=days,
        rows=rows,
        submission=submission,
        locked_days=locked_days,
    )


def _add_budgets(rows: list[Row]) -> None:
    """Budget use per row, so the advisor sees it while logging (two queries at most)."""
    item_ids = {r.target.pk for r in rows if r.kind == "plan_item"}
    order_ids = [r.target.pk for r in rows if r.kind == "order" and r.target.estimated_hours]
    used_items = plan_item_hours_used(item_ids) if item_ids else {}
    used_orders = totals_by_order(order_ids) if order_ids else {}
    for row in rows:
        if row.kind == "plan_item":
            row.budget, row.used = row.target.budget_hours, used_items.get(row.target.pk)
        elif row.kind == "order" and row.target.estimated_hours:
            row.budget, row.used = row.target.estimated_hours, used_orders.get(row.target.pk)


def _organisation_id(kind: str, target: Any, entries: list[TimeEntry]) -> int | None:
    if kind == "order":
        return int(target.organisation_id)
    for entry in entries:
        if entry.area is not None:
            return entry.area.organisation_id
    return None


def previous_week_row_keys(*, advisor: Advisor, start: datetime.date) -> list[tuple[str, int, str]]:
    before = start - datetime.timedelta(days=7)
    entries = TimeEntry.objects.filter(advisor=advisor, date__gte=before, date__lt=start).order_by(
        "pk"
    )
    seen: dict[tuple[str, int, str], None] = {}
    for entry in entries:
        seen[row_key(entry)] = None
    return list(seen)


# --- what an advisor may log on -----------------------------------------------


@dataclass
class Target:
    key: str  # "order-12" / "plan_item-3" / "internal-2"
    label: str
    group: str


def loggable_targets(
    *, advisor: Advisor, viewer: User, text: str = "", limit: int = 60
) -> list[Target]:
    """The advisor's open orders first, then plan items they are responsible for,
    then internal activities; `text` searches reference/title across all orders
    and approved plan items the BHT works on — in the organisations `viewer` serves."""
    text = text.strip()
    orders = Order.objects.filter(
        access.organisation_q(viewer), status__in=order_rules.HOURS_STATUSES
    )
    items = PlanItem.objects.filter(
        access.organisation_q(viewer, "plan__area__organisation"),
        plan__status=PlanStatus.APPROVED,
    ).exclude(status=ItemStatus.CANCELLED)
    internals = InternalActivity.objects.filter(is_active=True)
    if text:
        orders = orders.filter(
            Q(reference__icontains=text)
            | (confidentiality.listed_text_q() & Q(title__icontains=text))
        )
        items = items.filter(title__icontains=text)
        internals = internals.filter(name__icontains=text)
    else:
        # The advisor's own orders first (by index), then their status: filtering
        # every open order by "lead or assigned" grew with the history
        # (benchmarks/RESULTS.md, timesheet).
        mine = (
            OrderAssignment.objects.filter(advisor=advisor)
            .order_by()
            .values("order_id")
            .union(Order.objects.filter(lead_advisor=advisor).order_by().values("pk"))
        )
        orders = orders.filter(pk__in=mine)
        items = items.filter(advisor=advisor)
    # Values, not model instances: only the labels are shown (up to 2 × 60 options).
    group = str(_("Bestillinger"))
    targets = [
        Target(f"order-{pk}", _order_text(reference, title, confidential), group)
        for pk, reference, title, confidential in orders.order_by("-created_at").values_list(
            "pk", "reference", "title", "confidential"
        )[:limit]
    ]
    group = str(_("Tiltak"))
    targets += [
        Target(f"plan_item-{pk}", f"{title} ({area})", group)
        for pk, title, area in items.order_by("plan__area__name", "title").values_list(
            "pk", "title", "plan__area__name"
        )[:limit]
    ]
    group = str(_("Internt"))
    targets += [
        Target(f"internal-{pk}", name, group)
        for pk, name in internals.order_by("sort_order").values_list("pk", "name")
    ]
    return targets


# --- totals --------------------------------------------------------------------


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


# --- approval -------------------------------------------------------------------


def submitted_weeks() -> QuerySet[WeekSubmission]:
    return (
        WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED)
        .select_related("advisor__user")
        .order_by("week_start", "advisor__user__last_name")
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


def period_locks_visible_to(user: User) -> QuerySet[PeriodLock]:
    """Locks of the organisations the BHT user serves, and the locks of the whole BHT
    (they apply to every organisation); nothing for others."""
    if not access.is_bht_staff(user):
        return PeriodLock.objects.none()
    if access.serves_every_organisation(user):
        return PeriodLock.objects.all()
    return PeriodLock.objects.filter(Q(organisation__isnull=True) | access.organisation_q(user))


def active_locks(user: User) -> QuerySet[PeriodLock]:
    return (
        period_locks_visible_to(user)
        .filter(unlocked_at__isnull=True)
        .select_related("organisation", "locked_by")
    )


def unapproved_count(month: datetime.date) -> int:
    end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return (
        TimeEntry.objects.filter(date__gte=month, date__lt=end)
        .exclude(status=EntryStatus.APPROVED)
        .count()
    )


# --- audit history (docs/audit.md) ---------------------------------------------------


def entry_history(*, user: User, entry: TimeEntry) -> list[HistoryRow]:
    """The history of one entry, for someone who may see the entry. The note is left
    out when the entry was ever on a confidential order, unless the user is a BHT
    professional or the entry's advisor (as on the hours list)."""
    records = list(entry.history.select_related("history_user"))
    order_ids = {r.order_id for r in records if r.order_id}
    # Asked as if the entry was on a confidential order first: the query is
    # needed only for those who would not see such a note.
    writer_id = entry.advisor.user_id
    shown = confidentiality.note_visible(user, on_confidential_order=True, writer_id=writer_id)
    if not shown:
        shown = not Order.objects.filter(pk__in=order_ids, confidential=True).exists()
    hidden: tuple[str, ...] = () if shown else ("note",)
    return history_rows(records, model=TimeEntry, hidden=hidden, show_created_values=True)


def hourly_rate_history() -> list[HistoryRow]:
    return history_rows(
        list(HourlyRate.history.select_related("history_user")),
        model=HourlyRate,
        hidden=("set_by",),
        subject=lambda record: record.year,
        show_created_values=True,
    )


def period_lock_history(user: User, limit: int = 200) -> list[HistoryRow]:
    """Locks and unlocks, newest first (the history of the manager's approval page),
    of the organisations the user serves and of the whole BHT."""
    records_qs = PeriodLock.history.all()
    if not access.serves_every_organisation(user):
        records_qs = records_qs.filter(Q(organisation__isnull=True) | access.organisation_q(user))
    records = list(
        records_qs.select_related("history_user", "organisation").order_by(
            "-history_date", "-history_id"
        )[:limit]
    )

    def subject(record: Any) -> str:
        where = record.organisation.name if record.organisation_id else _("hele BHT")
        return f"{record.month:%m.%Y} – {where}"

    return history_rows(
        records,
        model=PeriodLock,
        # Month and organisation are in the subject; the row itself says who and when.
        hidden=("month", "organisation", "locked_at", "locked_by", "unlocked_by"),
        subject=subject,
        show_created_values=True,
    )


# --- "Venter på deg" (bht/waiting.py) ---------------------------------------------------


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


def weeks_to_approve_count() -> int:
    return WeekSubmission.objects.filter(status=WeekStatus.SUBMITTED).count()


def week_total(*, advisor: Advisor, start: datetime.date) -> Decimal:
    """The advisor's hours in the week starting `start` (the confirm step of "Send uke")."""
    monday = week_start(start)
    return total_hours(
        TimeEntry.objects.filter(
            advisor=advisor, date__gte=monday, date__lte=monday + datetime.timedelta(days=6)
        )
    )
