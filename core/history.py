"""Audit history (docs/audit.md): one mechanism, django-simple-history, for every
audited model (`history = audit_history()`), and rows a person can read — when,
who, and what changed (field label, old → new value).

Who made a change, in order of precedence: `obj._history_user` set by the caller;
the user of a service call wrapped in `@history_by_user` / `acting_user(user)`;
the request's user (`HistoryRequestMiddleware`: admin, pages, API); else nobody
("Systemet": imports, the demo, migrations). Whether a viewer may see an object's
history is decided where the object's own visibility is decided (selectors and
rules); this module only records authors, reads and formats.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from core import numbers

_acting_user: ContextVar[Any] = ContextVar("history_acting_user", default=None)


def get_history_user(request: Any = None, **kwargs: Any) -> Any:
    acting = _acting_user.get()
    if acting is not None:
        return acting
    return getattr(request, "user", None)


def audit_history(**kwargs: Any) -> HistoricalRecords:
    """`HistoricalRecords` for an audited model, with the author rules above."""
    return HistoricalRecords(get_user=get_history_user, **kwargs)


@contextmanager
def acting_user(user: Any) -> Iterator[None]:
    """Changes saved inside the block are recorded as made by `user`."""
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


F = TypeVar("F", bound=Callable[..., Any])


def history_by_user(func: F) -> F:
    """For service functions: their `user=` (or `by=`) keyword is the author of every
    audited change they save, also when called from a command, a task or a test."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = kwargs.get("user", kwargs.get("by"))
        if user is None or not getattr(user, "is_authenticated", False):
            return func(*args, **kwargs)
        with acting_user(user):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


# Bookkeeping columns that say nothing a reader needs (the row's own time is shown).
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "lock_version"})

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    at: datetime.datetime
    by: Any  # bht.User or None (a system change: import, demo, migration)
    action: str  # created / changed / deleted
    subject: str = ""  # which object, when one history covers several (plan items)
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {
            "created": _("Opprettet"),
            "changed": _("Endret"),
            "deleted": _("Slettet"),
        }[self.action]

    @property
    def by_label(self) -> str:
        if self.by is None:
            return _("Systemet")
        return self.by.get_full_name() or self.by.username


def _fields(model: type[models.Model], hidden: Iterable[str]) -> list[models.Field]:
    skip = HIDDEN_FIELDS | set(hidden)
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in skip and not f.name.startswith("history_")
    ]


def _display(f: models.Field, value: Any, related: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "–"
    if f.is_relation:
        return related.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        # 2.50 → "2,5" and 1250.00 → "1 250" (core/numbers.py).
        return numbers.format_number(value, -2)
    return str(value)


def history_rows(
    records: Sequence[Any],
    *,
    model: type[models.Model],
    hidden: Iterable[str] = (),
    subject: Any = None,
    show_created_values: bool = False,
) -> list[HistoryRow]:
    """Rows, newest first, from the historical records of one or more objects of
    `model` (in any order). Each record is compared with the previous record of the
    same object; a save that changed no shown field gives no row. `subject(record)`
    names the object when the records cover several. Related objects are looked up
    with one query per related model, never one per row."""
    fields = _fields(model, hidden)
    ordered = sorted(records, key=lambda r: (r.history_date, r.history_id))
    previous: dict[Any, Any] = {}
    raw: list[tuple[Any, list[tuple[models.Field, Any, Any]]]] = []
    for record in ordered:
        before = previous.get(record.id)
        kind = ACTIONS.get(record.history_type, "changed")
        diffs: list[tuple[models.Field, Any, Any]] = []
        if kind == "changed" and before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(record, f.attname)
                if old != new:
                    diffs.append((f, old, new))
            if not diffs:
                previous[record.id] = record
                continue
        elif kind == "created" and show_created_values:
            for f in fields:
                new = getattr(record, f.attname)
                if new not in (None, "") and not (isinstance(new, bool) and not new):
                    diffs.append((f, None, new))
        previous[record.id] = record
        raw.append((record, diffs))

    related = _related_labels(
        (f, value) for _record, diffs in raw for f, old, new in diffs for value in (old, new)
    )
    rows = [
        HistoryRow(
            at=record.history_date,
            by=record.history_user,
            action=ACTIONS.get(record.history_type, "changed"),
            subject=str(subject(record)) if subject else "",
            changes=[
                FieldChange(
                    label=_capitalised(str(f.verbose_name)),
                    old=_display(f, old, related),
                    new=_display(f, new, related),
                )
                for f, old, new in diffs
            ],
        )
        for record, diffs in raw
    ]
    rows.reverse()
    return rows


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def _related_labels(pairs: Iterable[tuple[models.Field, Any]]) -> dict[tuple[Any, Any], str]:
    wanted: dict[Any, set[Any]] = {}
    for f, value in pairs:
        if f.is_relation and value is not None:
            wanted.setdefault(f.related_model, set()).add(value)
    labels: dict[tuple[Any, Any], str] = {}
    for related_model, ids in wanted.items():
        qs = related_model._default_manager.filter(pk__in=ids)
        # The labels of advisors and plans name their user and area.
        names = {f.name for f in related_model._meta.concrete_fields}
        qs = qs.select_related(*(n for n in ("user", "area") if n in names))
        for obj in qs:
            label = obj.get_full_name() if hasattr(obj, "get_full_name") else ""
            labels[(related_model, obj.pk)] = label or str(obj)
    return labels


def object_history(obj: models.Model, **kwargs: Any) -> list[HistoryRow]:
    """The history of one object."""
    records = list(obj.history.select_related("history_user"))  # type: ignore[attr-defined]
    return history_rows(records, model=type(obj), **kwargs)
