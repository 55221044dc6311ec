"""Sorting and searching for API lists that fail safe.

DRF's own `OrderingFilter` sorts by every serializer field when a view names no
`ordering_fields` — including `user.__str__` (a 500) and fields the caller is not shown
(sorting by a hidden column with probe rows reveals it one comparison at a time). It
also drops unknown terms silently. The filters here are the project's defaults
(settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]):

* a list sorts only by the fields it declares in `ordering_fields` (or, when the set
  depends on who asks, returns from `get_ordering_fields(request)`); a list that
  declares none sorts by nothing, and any other `?ordering=` is a 400 with a message;
* a list searches only the fields it declares in `search_fields`; `?search=` on a list
  that declares none is a 400 rather than a silently ignored parameter;
* a filter refuses an id or number beyond the database's bigint with a message on its
  field (`BoundedFilterSet`, the base of every filter set, pages included): Django
  otherwise sends `?order=99999999999999999999` to the database, which answers with
  OverflowError (SQLite) or NumericValueOutOfRange (PostgreSQL), a 500.

See docs/security.md, "Sorting, searching and filtering".
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as FieldError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from core.parsing import MAX_ID

ALL_FIELDS = "__all__"


def declared_ordering_fields(view: Any, request: Request) -> list[str]:
    """The fields a view lets this caller sort by; never "__all__"."""
    getter = getattr(view, "get_ordering_fields", None)
    fields = getter(request) if callable(getter) else getattr(view, "ordering_fields", None)
    if not fields or fields == ALL_FIELDS:
        return []
    return [str(f) for f in fields]


class DeclaredOrderingFilter(filters.OrderingFilter):
    """Sort by declared fields only; anything else is refused with 400."""

    def get_valid_fields(
        self, queryset: QuerySet, view: Any, context: dict[str, Any] | None = None
    ) -> list[tuple[str, str]]:
        request = (context or {}).get("request") or getattr(view, "request", None)
        return [(f, f) for f in declared_ordering_fields(view, request)]

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> Any:
        params = request.query_params.get(self.ordering_param)
        if params is None:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in params.split(",") if term.strip()]
        if not terms:
            return self.get_default_ordering(view)
        allowed = {name for name, _ in self.get_valid_fields(queryset, view, {"request": request})}
        refused = [t for t in terms if t.lstrip("-") not in allowed]
        if refused:
            hint = ", ".join(sorted(allowed)) if allowed else "ingen felt"
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Kan ikke sortere etter «{refused[0][:60]}». Tillatt: {hint}."
                    ]
                }
            )
        return terms

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # A list that sorts by nothing does not advertise `ordering`.
        if not getattr(view, "ordering_fields", None) and not hasattr(view, "get_ordering_fields"):
            return []
        return super().get_schema_operation_parameters(view)


class DeclaredSearchFilter(filters.SearchFilter):
    """Search declared fields only; `?search=` on a list without any is a 400."""

    def get_search_terms(self, request: Request) -> list[str]:
        terms = super().get_search_terms(request)
        return [t[:200] for t in terms]

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        if request.query_params.get(self.search_param, "") and not getattr(
            view, "search_fields", None
        ):
            raise ValidationError({self.search_param: ["Denne listen kan ikke søkes i."]})
        return super().filter_queryset(request, queryset, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        if not getattr(view, "search_fields", None):
            return []
        return super().get_schema_operation_parameters(view)


# --- filter values the database can hold ---------------------------------------------

_NUMBER_FIELDS = (forms.ModelChoiceField, forms.DecimalField, forms.IntegerField, forms.FloatField)


def _beyond_bigint(value: Any) -> bool:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return False  # not a number: the field's own validation says so
    return number.is_finite() and abs(number) > MAX_ID


def _bounded(field: forms.Field) -> None:
    clean = field.clean

    def bounded_clean(value: Any) -> Any:
        values = value if isinstance(value, (list, tuple)) else [value]
        if any(_beyond_bigint(v) for v in values if v not in (None, "")):
            raise FieldError(gettext_lazy("Tallet er for stort."), code="out_of_range")
        return clean(value)

    field.clean = bounded_clean  # type: ignore[method-assign]


class BoundedFilterSet(django_filters.FilterSet):
    """A filter set whose ids and numbers stay within a bigint (a field error, so a 400
    in the API and a message on the page). Every filter set of the project derives
    from it (tests/test_list_sorting.py checks that)."""

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_bht_bounded", False):
            for field in form.fields.values():
                if isinstance(field, _NUMBER_FIELDS):
                    _bounded(field)
            form._bht_bounded = True  # type: ignore[attr-defined]
        return form


class BoundedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: filter sets built from `filterset_fields` are bounded
    too (settings.REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"])."""

    filterset_base = BoundedFilterSet
