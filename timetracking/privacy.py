"""The time-tracking app's part of the personal-data export and erasure
(core/personal_data.py): hours logged, weeks sent or decided, rates set, months locked."""

from __future__ import annotations

from django.db.models import Q

from core.personal_data import WITHHELD, Eraser, ExportContext, ExportSection, export_row
from orders.models import Order
from orders.privacy import order_content_allowed
from timetracking.models import HourlyRate, PeriodLock, TimeEntry, WeekSubmission

COVERED = {
    ("timetracking.TimeEntry", "created_by"),
    ("timetracking.HourlyRate", "set_by"),
    ("timetracking.PeriodLock", "locked_by"),
    ("timetracking.PeriodLock", "unlocked_by"),
    ("timetracking.WeekSubmission", "decided_by"),
}

MENTION_FIELDS = [(TimeEntry, ("note",))]

ENTRY_FIELDS = [
    "date",
    "hours",
    "activity",
    "order",
    "plan_item",
    "internal_activity",
    "billing",
    "area",
    "status",
]


def export_person(ctx: ExportContext) -> list[ExportSection]:
    user = ctx.user
    if user is None:
        return []
    entries = (
        TimeEntry.objects.filter(Q(advisor__user=user) | Q(created_by=user))
        .select_related("order", "plan_item", "internal_activity", "area")
        .order_by("date", "pk")
    )
    return [
        ExportSection(
            "time_entries",
            "Timeføringer",
            [
                export_row(
                    e,
                    ENTRY_FIELDS,
                    # The note on someone else's confidential case is part of its content.
                    note=e.note
                    if e.order is None or order_content_allowed(ctx, e.order)
                    else WITHHELD,
                )
                for e in entries
            ],
        ),
        ExportSection(
            "week_submissions",
            "Innsendte uker",
            [
                export_row(w, ["advisor", "week_start", "status", "comment", "decided_by"])
                for w in WeekSubmission.objects.filter(Q(advisor__user=user) | Q(decided_by=user))
            ],
        ),
        ExportSection(
            "hourly_rates",
            "Timepriser satt",
            [export_row(r, ["year", "amount"]) for r in HourlyRate.objects.filter(set_by=user)],
        ),
        ExportSection(
            "period_locks",
            "Låste måneder",
            [
                export_row(
                    p, ["organisation", "month", "locked_by", "unlocked_by", "unlock_reason"]
                )
                for p in PeriodLock.objects.filter(Q(locked_by=user) | Q(unlocked_by=user))
            ],
        ),
    ]


def erase_order(eraser: Eraser, order: Order) -> None:
    """The notes on the order's hours are part of its content; the hours stay."""
    eraser.erase_text(
        TimeEntry, list(TimeEntry.objects.filter(order=order).values_list("pk", flat=True)), "note"
    )
