"""Optimistic locking: an edit made from a stale form must not overwrite a newer save.

Each editable model carries `lock_version`. The edit form sends the version it
was loaded with; the service calls `claim_version` inside its transaction, which
bumps the counter only if it still has that value (one conditional UPDATE, so it
holds on PostgreSQL and SQLite alike, with or without a row lock).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F

from core.errors import EditConflict


def claim_version(obj: models.Model, expected: int | None, *, message: str) -> None:
    """Move `obj` to the next lock_version, or raise EditConflict if `expected` is stale.

    `expected=None` (an API client that sends no version) skips the comparison but
    still bumps the counter, so that forms loaded earlier see the change.
    """
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(lock_version=expected)
    if rows.update(lock_version=F("lock_version") + 1) != 1:
        raise EditConflict(message)
    obj.lock_version = manager.filter(pk=obj.pk).values_list("lock_version", flat=True).get()  # type: ignore[attr-defined]
