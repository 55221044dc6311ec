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
  that declares none is a 400 rather than a silently ignored parameter.

See docs/security.md, "Sorting, searching and filtering".
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

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
