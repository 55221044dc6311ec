"""The contract between the privacy app and the part each app contributes to it.

Each app that stores personal data owns a module `<app>/privacy.py` that says what it
holds about a person and how it is erased. The privacy app (the top of the layers)
discovers these modules at start (`privacy.parts`) and assembles the export and the
erasure from them, so a new model with personal data means editing its own app's
part, not privacy. A part may define any of:

- `export_person(ctx: ExportContext) -> list[ExportSection]`: its sections of the
  export (GDPR art. 15);
- `COVERED: set[tuple[str, str]]`: the (model label, field) pairs pointing at a
  user that its sections list; other such fields are listed by privacy as "other
  references";
- `MENTION_FIELDS: list[tuple[model, tuple[str, ...]]]`: free-text fields where a
  person may be named; erasure replaces the name in them;
- `erase_person(eraser: Eraser, user: User) -> None`: what goes with the account
  when it is pseudonymised (called before the account itself is);
- `erase_order(eraser: Eraser, order) -> None`: what goes with an order's content
  when the order is erased (its notes, files, copies in reports).

This module is below every app, so the parts can use it without importing privacy.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from core.models import User

# Shown instead of the content of someone else's confidential case (GDPR art. 15(4)).
WITHHELD = "[fortrolig – gjelder andre og er utelatt]"


@dataclass
class ExportSection:
    key: str
    title: str
    rows: list[dict[str, Any]]
    note: str = ""


@dataclass
class ExportContext:
    """Whom the export is of, and what privacy already knows about them."""

    user: User | None
    full_name: str
    # Individual cases about the person, by model label ("orders.Order"): their
    # content is the person's own, even when confidential.
    about: dict[str, set[int]] = field(default_factory=dict)
    # Confidential cases whose content a part put in the export: their reads are logged.
    shown_confidential: list[models.Model] = field(default_factory=list)

    def about_ids(self, label: str) -> set[int]:
        return self.about.get(label, set())


class Eraser(Protocol):
    """What privacy lends the parts to erase with (privacy.services.ERASER): every
    change also reaches the audit history of the rows, and files go on commit."""

    placeholder: str

    def erase_text(self, model: type[models.Model], pks: list[Any], *names: str) -> None: ...

    def update(self, model: type[models.Model], pks: list[Any], **values: Any) -> None: ...

    def delete_file_on_commit(self, file: FieldFile | None) -> None: ...

    def bump(self, model: type[models.Model]) -> dict[str, Any]:
        """The optimistic-lock bump for an `update()` of `model`'s rows, if it has one."""
        ...

    def erased_person(self) -> User: ...


def export_value(value: Any) -> Any:
    """A value as the export shows it: dates as ISO text, objects by name."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def export_row(obj: models.Model, names: list[str], **extra: Any) -> dict[str, Any]:
    """One row of a section: the id, the named fields (choices by label, with the
    code beside as `<name>_code`) and any extra values."""
    row: dict[str, Any] = {"id": obj.pk}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            value = getattr(obj, name)
        elif getattr(model_field, "choices", None):
            value = getattr(obj, f"get_{name}_display")()
            row[f"{name}_code"] = getattr(obj, name)
        else:
            value = getattr(obj, name)
        row[name] = export_value(value)
    for key, value in extra.items():
        row[key] = export_value(value)
    return row
