"""RowWriter: loads generated rows fast, with PostgreSQL's COPY (explicit primary
keys, sequences moved afterwards) or, on SQLite, with `bulk_create`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


class RowWriter:
    """Inserts rows fast. Primary keys are assigned here (from the table's current
    maximum), so that rows can point at each other before they are written."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._next: dict[type[models.Model], int] = {}
        self.touched: list[type[models.Model]] = []

    def ids(self, model: type[models.Model], n: int) -> range:
        if model not in self._next:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        start = self._next[model]
        self._next[model] = start + n
        return range(start, start + n)

    def write(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """`columns` are attnames (`organisation_id`); include `id` when the model has one."""
        if model not in self.touched:
            self.touched.append(model)
        columns, rows = _with_defaults(model, columns, rows)
        if self.postgres:
            return self._copy(model, columns, rows)
        return self._bulk(model, columns, rows)

    def _copy(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        meta = model._meta
        db_columns = [meta.get_field(_field_name(model, c)).column for c in columns]
        sql = 'COPY "{}" ({}) FROM STDIN'.format(
            meta.db_table, ", ".join(f'"{c}"' for c in db_columns)
        )
        n = 0
        # cursor.cursor: the psycopg cursor under Django's wrapper.
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
        return n

    def _bulk(
        self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        # bulk_create would overwrite the timestamps given (created_at, updated_at) with
        # now, as COPY does not: switch auto_now(_add) off for the columns written.
        stamped = [
            f
            for f in model._meta.concrete_fields
            if f.attname in columns
            and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]  # type: ignore[attr-defined]
        for f in stamped:
            f.auto_now = f.auto_now_add = False  # type: ignore[attr-defined]
        try:
            batch: list[models.Model] = []
            n = 0
            for row in rows:
                batch.append(model(**dict(zip(columns, row, strict=True))))
                if len(batch) >= 500:
                    model._default_manager.bulk_create(batch)
                    n += len(batch)
                    batch = []
            if batch:
                model._default_manager.bulk_create(batch)
                n += len(batch)
        finally:
            for f, auto_now, auto_now_add in saved:
                f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[attr-defined]
        return n

    def fast_load(self) -> bool:
        """On PostgreSQL as a superuser: skip the per-row foreign-key triggers for this
        transaction (`check_foreign_keys` then verifies every key set-based, which is
        many times faster than a trigger per row at commit)."""
        if not self.postgres:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if not cursor.fetchone()[0]:
                return False
            cursor.execute("SET LOCAL session_replication_role = replica")
        return True

    def check_foreign_keys(self) -> None:
        """Every foreign key of the tables written points at an existing row."""
        with connection.cursor() as cursor:
            for model in self.touched:
                for f in model._meta.concrete_fields:
                    if not f.is_relation or f.related_model is None:
                        continue
                    target = f.related_model._meta
                    table, column = model._meta.db_table, f.column
                    to_column = f.target_field.column  # type: ignore[attr-defined]
                    cursor.execute(
                        f'SELECT count(*) FROM "{table}" t WHERE t."{column}" IS NOT NULL '
                        f'AND NOT EXISTS (SELECT 1 FROM "{target.db_table}" r '
                        f'WHERE r."{to_column}" = t."{column}")'
                    )
                    missing = cursor.fetchone()[0]
                    if missing:
                        raise ValueError(
                            f"seed_scale: {missing} rows of {table}.{column} point nowhere"
                        )

    def finish(self) -> None:
        """Moves the id sequences past the rows written and refreshes planner statistics."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in self.touched:
                table = model._meta.db_table
                pk = model._meta.pk.column  # type: ignore[union-attr]
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{pk}'), "
                    f'COALESCE((SELECT MAX("{pk}") FROM "{table}"), 1))'
                )
            for model in self.touched:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _with_defaults(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> tuple[list[str], Iterable[Sequence[Any]]]:
    """Adds the columns the generator does not know about (a field added later, such
    as an optimistic-lock counter) with their model default, so COPY never sends NULL
    into a NOT NULL column."""
    extra: list[str] = []
    values: list[Any] = []
    now = timezone.now()
    for f in model._meta.concrete_fields:
        if f.attname in columns or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value: Any = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            continue
        else:
            raise ValueError(f"seed_scale: no value for {model.__name__}.{f.name}")
        extra.append(f.attname)
        values.append(f.get_db_prep_save(value, connection) if isinstance(value, dict) else value)
    if not extra:
        return list(columns), rows
    tail = tuple(values)
    return [*columns, *extra], (tuple(row) + tail for row in rows)


def _field_name(model: type[models.Model], attname: str) -> str:
    for f in model._meta.concrete_fields:
        if f.attname == attname:
            return f.name
    raise ValueError(f"{model.__name__} has no column {attname}")
