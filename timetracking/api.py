"""REST API of time tracking under /api/v1/ (DESIGN.md §8): `time-entries`
(with `time-entries/week`), `period-locks` and `hourly-rates`.

Querysets come from timetracking.selectors (out of scope → 404); writes go
through timetracking.services (forbidden or locked month → 403, broken rule →
400 with the field's name).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans.models import PlanItem
from core import access, confidentiality
from core.api import ScopedPrimaryKeyField
from core.models import Advisor, Organisation, User
from orders.selectors import orders_visible_to
from timetracking import selectors, services
from timetracking.filters import TimeEntryFilter
from timetracking.models import (
    Activity,
    HourlyRate,
    InternalActivity,
    PeriodLock,
    TimeEntry,
)


def _plan_items(user: User) -> QuerySet[PlanItem]:
    # With the plan and its area: the write's rules read both (billing, lock).
    return PlanItem.objects.filter(plan__area__in=access.areas_visible_to(user)).select_related(
        "plan__area"
    )


def _internal(user: User) -> QuerySet[InternalActivity]:
    return InternalActivity.objects.all()


def _call(fn: Any, **kwargs: Any) -> Any:
    """Runs a service; a Django PermissionDenied keeps its message as a 403."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


# --- serializers -------------------------------------------------------------------


class TimeEntrySerializer(serializers.ModelSerializer):
    advisor_name = serializers.CharField(source="advisor.user.__str__", read_only=True)
    # Plain strings in the schema: "status" and "billing" enums exist in other apps.
    billing = serializers.CharField(read_only=True, help_text="fixed_price, extra_sale, internal")
    status = serializers.CharField(read_only=True, help_text="draft, submitted, approved")
    activity = serializers.CharField(
        read_only=True,
        help_text="preparation, meeting, survey, advice, analysis, report_writing, course, "
        "travel, internal",
    )

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "advisor",
            "advisor_name",
            "date",
            "hours",
            "activity",
            "order",
            "plan_item",
            "internal_activity",
            "billing",
            "area",
            "note",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, entry: TimeEntry) -> dict[str, Any]:
        data = super().to_representation(entry)
        # A note on a confidential order is case content (core.confidentiality).
        request = self.context.get("request")
        data["note"] = confidentiality.entry_note(
            request.user if request is not None else None, entry
        )
        return data


class TimeEntryWriteSerializer(serializers.Serializer):
    advisor = serializers.PrimaryKeyRelatedField(
        queryset=Advisor.objects.filter(is_active=True),
        required=False,
        help_text="Default: the caller. Only the BHT manager logs for others.",
    )
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    activity = serializers.ChoiceField(choices=Activity.choices)
    order = ScopedPrimaryKeyField(orders_visible_to, required=False, allow_null=True)
    plan_item = ScopedPrimaryKeyField(_plan_items, required=False, allow_null=True)
    internal_activity = ScopedPrimaryKeyField(_internal, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        targets = [attrs.get(n) for n in ("order", "plan_item", "internal_activity")]
        given = [n for n in ("order", "plan_item", "internal_activity") if n in attrs]
        if (not self.partial or given) and sum(t is not None for t in targets) != 1:
            raise serializers.ValidationError(
                {"target": ["Oppgi nøyaktig én av order, plan_item og internal_activity."]}
            )
        return attrs


class WeekCellSerializer(serializers.Serializer):
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    entries = serializers.ListField(child=serializers.IntegerField())
    locked = serializers.BooleanField()


class WeekRowSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="order, plan_item, internal")
    target = serializers.IntegerField()
    label = serializers.CharField()
    activity = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    cells = WeekCellSerializer(many=True)


class WeekGridSerializer(serializers.Serializer):
    advisor = serializers.IntegerField()
    week = serializers.CharField()
    start = serializers.DateField()
    submission_status = serializers.CharField(allow_null=True)
    rows = WeekRowSerializer(many=True)
    day_totals = serializers.ListField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2)
    )
    total = serializers.DecimalField(max_digits=6, decimal_places=2)


class PeriodLockSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeriodLock
        fields = [
            "id",
            "organisation",
            "month",
            "locked_by",
            "locked_at",
            "unlocked_by",
            "unlocked_at",
            "unlock_reason",
        ]
        read_only_fields = fields


class PeriodLockWriteSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="Any day of the month; stored as its first day.")
    organisation = ScopedPrimaryKeyField(
        access.organisations_visible_to, required=False, allow_null=True
    )


class UnlockSerializer(serializers.Serializer):
    reason = serializers.CharField()


class HourlyRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = HourlyRate
        fields = ["id", "year", "amount"]
        read_only_fields = ["id"]
        # Setting an existing year updates it (services.hourly_rate_set).
        extra_kwargs = {"year": {"validators": []}}


# --- views ------------------------------------------------------------------------


class TimeEntryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Time entries the caller may see. Writes follow the rules of DESIGN.md §5."""

    serializer_class = TimeEntrySerializer
    filterset_class = TimeEntryFilter
    search_fields: list[str] = []
    ordering_fields = ["date", "hours", "created_at"]

    def get_queryset(self) -> QuerySet[TimeEntry]:
        return selectors.entry_list_queryset(selectors.entries_visible_to(self.request.user))  # type: ignore[arg-type]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action in ("create", "update", "partial_update"):
            return TimeEntryWriteSerializer
        return TimeEntrySerializer

    def _advisor(self, data: dict[str, Any]) -> Any:
        user = self.request.user
        advisor = data.get("advisor")
        if advisor is not None:
            return advisor
        own = Advisor.objects.filter(user=user).first()
        if own is None:
            raise exceptions.PermissionDenied("Du er ikke registrert som rådgiver i BHT.")
        own.user = user  # the answer names the advisor: no second read of the user
        return own

    @extend_schema(request=TimeEntryWriteSerializer, responses={201: TimeEntrySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.is_bht_staff(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare BHT-ansatte fører timer.")
        serializer = TimeEntryWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        entry = _call(
            services.time_entry_create,
            user=request.user,
            advisor=self._advisor(data),
            date=data["date"],
            hours=data["hours"],
            activity=data["activity"],
            order=data.get("order"),
            plan_item=data.get("plan_item"),
            internal_activity=data.get("internal_activity"),
            note=data.get("note", ""),
        )
        return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TimeEntryWriteSerializer, responses=TimeEntrySerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = TimeEntryWriteSerializer(
            data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "advisor" in data and data["advisor"].pk != entry.advisor_id:
            raise serializers.ValidationError({"advisor": ["Rådgiveren kan ikke byttes."]})
        data.pop("advisor", None)
        entry = _call(services.time_entry_update, entry=entry, user=request.user, **data)
        return Response(TimeEntrySerializer(entry).data)

    @extend_schema(request=TimeEntryWriteSerializer, responses=TimeEntrySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        _call(services.time_entry_delete, entry=entry, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[
            OpenApiParameter("advisor", OpenApiTypes.INT, description="Default: the caller"),
            OpenApiParameter("week", OpenApiTypes.STR, description="2026-W48 or a date"),
        ],
        responses=WeekGridSerializer,
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def week(self, request: Request) -> Response:
        """The advisor's week as rows (target × activity) × 7 days with totals."""
        user = request.user
        advisor_id = request.query_params.get("advisor")
        if advisor_id:
            try:
                advisor = get_object_or_404(
                    selectors.advisors_visible_to(user),  # type: ignore[arg-type]
                    pk=int(advisor_id),
                )
            except ValueError:
                raise serializers.ValidationError({"advisor": ["Ugyldig id."]}) from None
            if advisor.user_id != user.pk and not selectors.is_manager(user):  # type: ignore[arg-type]
                raise exceptions.PermissionDenied("Bare leder av BHT ser andres timelister.")
        else:
            advisor = Advisor.objects.filter(user=user).first()
            if advisor is None:
                raise exceptions.PermissionDenied("Du er ikke registrert som rådgiver i BHT.")
        today = timezone.localdate()
        start = selectors.parse_week(request.query_params.get("week"), today=today)
        grid = selectors.week_grid(advisor=advisor, start=start, today=today, viewer=user)  # type: ignore[arg-type]
        data = {
            "advisor": advisor.pk,
            "week": grid.iso_week,
            "start": grid.start,
            "submission_status": grid.submission.status if grid.submission else None,
            "rows": [
                {
                    "kind": row.kind,
                    "target": row.target.pk,
                    "label": row.label,
                    "activity": row.activity,
                    "total": row.total,
                    "cells": [
                        {
                            "date": c.day,
                            "hours": c.hours,
                            "entries": [e.pk for e in c.entries],
                            "locked": c.locked,
                        }
                        for c in row.cells
                    ],
                }
                for row in grid.rows
            ],
            "day_totals": grid.day_totals,
            "total": grid.total,
        }
        return Response(WeekGridSerializer(data).data)


class PeriodLockViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Locked months (history included). BHT staff read; the BHT manager locks and unlocks."""

    serializer_class = PeriodLockSerializer
    filterset_fields = ["organisation", "month"]
    search_fields: list[str] = []
    ordering_fields = ["month"]

    def get_queryset(self) -> QuerySet[PeriodLock]:
        return (
            selectors.period_locks_visible_to(self.request.user)  # type: ignore[arg-type]
            .select_related("organisation")
            .order_by("-month", "-locked_at")
        )

    @extend_schema(request=PeriodLockWriteSerializer, responses={201: PeriodLockSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.is_manager(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT låser måneder.")
        serializer = PeriodLockWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        organisation: Organisation | None = serializer.validated_data.get("organisation")
        lock = _call(
            services.month_lock,
            user=request.user,
            month=serializer.validated_data["month"],
            organisation=organisation,
        )
        return Response(PeriodLockSerializer(lock).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UnlockSerializer, responses=PeriodLockSerializer)
    @action(detail=True, methods=["post"])
    def unlock(self, request: Request, pk: str | None = None) -> Response:
        lock = self.get_object()
        if not selectors.is_manager(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT låser opp måneder.")
        serializer = UnlockSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lock = _call(
            services.month_unlock,
            user=request.user,
            lock=lock,
            reason=serializer.validated_data["reason"],
        )
        return Response(PeriodLockSerializer(lock).data)


class HourlyRateViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Hourly rates for extra sale per year. BHT staff read; the BHT manager sets them."""

    serializer_class = HourlyRateSerializer
    pagination_class = None
    filterset_fields: list[str] = []
    search_fields: list[str] = []
    ordering_fields: list[str] = []

    def get_queryset(self) -> QuerySet[HourlyRate]:
        if not access.is_bht_staff(self.request.user):  # type: ignore[arg-type]
            return HourlyRate.objects.none()
        return HourlyRate.objects.order_by("-year")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.is_manager(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT setter timepriser.")
        serializer = HourlyRateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate = _call(
            services.hourly_rate_set,
            user=request.user,
            year=serializer.validated_data["year"],
            amount=serializer.validated_data["amount"],
        )
        return Response(HourlyRateSerializer(rate).data, status=status.HTTP_201_CREATED)
