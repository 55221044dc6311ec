"""The change history of time entries, hourly rates and month locks."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from core import access, confidentiality
from core.history import HistoryRow, history_rows
from core.models import User
from orders.models import Order
from timetracking.models import (
    HourlyRate,
    PeriodLock,
    TimeEntry,
)


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
