"""The timesheet: an advisor's week as rows (target × activity) × 7 days, and the targets
an advisor may log on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from actionplans.models import ItemStatus, PlanItem, PlanStatus
from core import access, confidentiality
from core.models import Advisor, User
from orders import rules as order_rules
from orders.models import Order, OrderAssignment
from timetracking.models import (
    Activity,
    InternalActivity,
    TimeEntry,
    WeekStatus,
    WeekSubmission,
)

from .scope import ZERO, entries_visible_to, locked_months, month_locked_for, plan_item_hours_used
from .totals import totals_by_order


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
    keys, targets = _rows_and_targets(entries, extra_rows or [], viewer)
    locks = locked_months(sorted({d.replace(day=1) for d in days}))
    locked_days: set[datetime.date] = set()
    rows = []
    for key, row_entries in keys.items():
        kind, pk, activity = key
        target = targets[(kind, pk)]
        organisation_id = _organisation_id(kind, target, row_entries)
        cells = [_cell(day, row_entries, locks, organisation_id, today) for day in days]
        locked_days.update(cell.day for cell in cells if cell.locked)
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


def _rows_and_targets(
    entries: list[TimeEntry], extra_rows: list[tuple[str, int, str]], viewer: User | None
) -> tuple[dict[tuple[str, int, str], list[TimeEntry]], dict[tuple[str, int], Any]]:
    """The week's rows (with their entries) and their targets; `extra_rows` are kept
    (empty) where their target is visible."""
    keys: dict[tuple[str, int, str], list[TimeEntry]] = {}
    for entry in entries:
        keys.setdefault(row_key(entry), []).append(entry)
    targets: dict[tuple[str, int], Any] = {}
    for entry in entries:
        targets[(entry.target_kind, entry.target_id)] = entry.target
    missing = {(k, pk) for k, pk, _a in extra_rows} - set(targets)
    if missing:
        targets.update(targets_by_keys(missing, viewer=viewer))
    for key in extra_rows:
        if (key[0], key[1]) in targets:
            keys.setdefault(key, [])
    return keys, targets


def _cell(
    day: datetime.date,
    entries: list[TimeEntry],
    locks: set[tuple[int | None, datetime.date]],
    organisation_id: int | None,
    today: datetime.date,
) -> Cell:
    return Cell(
        day=day,
        entries=[e for e in entries if e.date == day],
        locked=month_locked_for(locks, day, organisation_id),
        future=day > today,
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
