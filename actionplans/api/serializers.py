"""The action plans API's serializers and filters: plans, items with hours used, feedback,
status reviews and proposals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actionplans import rules, selectors
from actionplans.models import (
    ActionPlan,
    ItemProposal,
    ItemStatus,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    Priority,
    StatusReview,
)
from core import access
from core.api import HealthConfirmSerializer, ScopedPrimaryKeyField
from core.api_filters import BoundedFilterSet
from core.models import Advisor, Service


class PlanApprovalSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = PlanApproval
        fields = ["id", "stage", "by", "at", "meeting_date", "case_number", "minutes"]


class PlanFeedbackSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = PlanFeedback
        fields = ["id", "item", "author", "text", "created_at"]


USED_HOURS = serializers.DecimalField(
    max_digits=9,
    decimal_places=2,
    read_only=True,
    help_text="Hours logged on it, directly and on orders linked to it (time tracking).",
)


class _UsedHoursList(serializers.ListSerializer):
    """Hours used for all rows at once: one query per page, not one per row."""

    def to_representation(self, data: Any) -> list[Any]:
        rows = list(data.all() if hasattr(data, "all") else data)
        self.child.used = self.child.hours_for([row.pk for row in rows])  # type: ignore[union-attr]
        return super().to_representation(rows)


class _UsedHours(serializers.Serializer):
    """`used_hours` and `used_percent` against `budget_hours` (DESIGN.md §8), from the
    selector time tracking registers (actionplans.selectors.hours_used)."""

    used: dict[int, Decimal]

    def hours_for(self, ids: list[int]) -> dict[int, Decimal]:
        raise NotImplementedError

    def _used(self, obj: Any) -> Decimal:
        used = getattr(self, "used", None)
        if used is None or obj.pk not in used:
            self.used = {**(used or {}), **self.hours_for([obj.pk])}
        return self.used[obj.pk]

    @extend_schema_field(USED_HOURS)
    def get_used_hours(self, obj: Any) -> Any:
        return USED_HOURS.to_representation(self._used(obj))

    def get_used_percent(self, obj: Any) -> int:
        return selectors.percent_of(self._used(obj), obj.budget_hours)


class PlanItemSerializer(_UsedHours, serializers.ModelSerializer):
    # A plain string in the schema: "status" already names the plan's enum there.
    status = serializers.CharField(
        read_only=True, help_text="planned | in_progress | done | postponed | cancelled"
    )
    used_hours = serializers.SerializerMethodField()
    used_percent = serializers.SerializerMethodField()

    def hours_for(self, ids: list[int]) -> dict[int, Decimal]:
        return selectors.hours_used(ids)

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "plan",
            "service",
            "title",
            "description",
            "unit",
            "department",
            "budget_hours",
            "planned_start",
            "planned_end",
            "priority",
            "advisor",
            "status",
            "proposed_by",
            "origin",
            "lock_version",
            "used_hours",
            "used_percent",
        ]
        read_only_fields = fields
        list_serializer_class = _UsedHoursList


class PlanItemWriteSerializer(serializers.Serializer):
    """Input for POST/PATCH plan-items; scoped look-ups answer unknown ids as invalid."""

    plan = ScopedPrimaryKeyField(selectors.plans_visible_to)
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    unit = ScopedPrimaryKeyField(access.units_visible_to, required=False, allow_null=True)
    department = ScopedPrimaryKeyField(
        access.departments_visible_to, required=False, allow_null=True
    )
    budget_hours = serializers.DecimalField(max_digits=7, decimal_places=1)
    planned_start = serializers.DateField(required=False, allow_null=True)
    planned_end = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    advisor = serializers.PrimaryKeyRelatedField(
        queryset=Advisor.objects.all(), required=False, allow_null=True
    )
    lock_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=(
            "PATCH/PUT: the item's lock_version when it was read. If someone has changed "
            "the item since, nothing is saved and the answer is 409 Conflict. Ignored on POST."
        ),
    )


class ActionPlanSerializer(_UsedHours, serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    is_superseded = serializers.BooleanField(read_only=True)
    used_hours = serializers.SerializerMethodField()
    used_percent = serializers.SerializerMethodField()

    def hours_for(self, ids: list[int]) -> dict[int, Decimal]:
        return selectors.hours_used_by_plan(ids)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "area",
            "area_name",
            "start_year",
            "end_year",
            "version",
            "status",
            "status_display",
            "budget_hours",
            "fixed_price_amount",
            "previous",
            "is_superseded",
            "submitted_at",
            "feedback_at",
            "consulted_at",
            "signed_at",
            "approved_at",
            "closed_at",
            "superseded_at",
            "used_hours",
            "used_percent",
        ]
        read_only_fields = fields
        list_serializer_class = _UsedHoursList


class ActionPlanDetailSerializer(ActionPlanSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    feedback = PlanFeedbackSerializer(many=True, read_only=True)
    approvals = PlanApprovalSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(ActionPlanSerializer.Meta):
        fields = [
            *ActionPlanSerializer.Meta.fields,
            "items",
            "feedback",
            "approvals",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, plan: ActionPlan) -> list[str]:
        return sorted(rules.allowed_actions(self.context["request"].user, plan))


class ActionPlanCreateSerializer(serializers.Serializer):
    area = ScopedPrimaryKeyField(access.areas_visible_to)
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    budget_hours = serializers.DecimalField(max_digits=8, decimal_places=1)
    fixed_price_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )


class FeedbackInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    items = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text="Feedback per item: {item id: text}.",
    )
    complete = serializers.BooleanField(
        default=True, help_text="Hand the plan back to the director (til behandling)."
    )


class MeetingInputSerializer(serializers.Serializer):
    meeting_date = serializers.DateField()
    case_number = serializers.CharField(max_length=60)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")


class EmptySerializer(serializers.Serializer):
    pass


class StatusEntryInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    # Checked by the service; a plain string keeps "status" free for the plan's enum.
    status = serializers.CharField(help_text=" | ".join(ItemStatus.values))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class StatusReviewInputSerializer(serializers.Serializer):
    held_at = serializers.DateField(required=False)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    entries = StatusEntryInputSerializer(many=True, allow_empty=False)


class ItemStatusEntrySerializer(serializers.ModelSerializer):
    # A plain string in the schema: "status" already names the plan's enum there.
    status = serializers.CharField(read_only=True)

    class Meta:
        model = ItemStatusEntry
        fields = ["item", "status", "comment"]


class StatusReviewSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.__str__", read_only=True)
    entries = ItemStatusEntrySerializer(many=True, read_only=True)

    class Meta:
        model = StatusReview
        fields = ["id", "plan", "held_at", "by", "summary", "entries"]


class ItemProposalSerializer(serializers.ModelSerializer):
    proposer = serializers.CharField(source="proposer.__str__", read_only=True)
    status = serializers.CharField(
        read_only=True, help_text="proposed | accepted | merged | rejected"
    )

    class Meta:
        model = ItemProposal
        fields = [
            "id",
            "area",
            "start_year",
            "proposer",
            "unit",
            "department",
            "service",
            "title",
            "reason",
            "rough_hours",
            "status",
            "reply",
            "decided_at",
            "resulting_item",
        ]
        read_only_fields = fields


class ItemProposalCreateSerializer(HealthConfirmSerializer):
    unit = ScopedPrimaryKeyField(access.units_visible_to)
    department = ScopedPrimaryKeyField(
        access.departments_visible_to, required=False, allow_null=True
    )
    service = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all())
    title = serializers.CharField(max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    rough_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True
    )
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)


class ProposalAcceptSerializer(HealthConfirmSerializer):
    plan = ScopedPrimaryKeyField(selectors.plans_visible_to)
    reply = serializers.CharField(required=False, allow_blank=True, default="")
    budget_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True
    )


class ProposalMergeSerializer(HealthConfirmSerializer):
    item = ScopedPrimaryKeyField(selectors.plan_items_visible_to)
    reply = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalRejectSerializer(HealthConfirmSerializer):
    reply = serializers.CharField()


class ActionPlanFilter(BoundedFilterSet):
    class Meta:
        model = ActionPlan
        fields = ["area", "status", "start_year"]


class PlanItemFilter(BoundedFilterSet):
    area = django_filters.NumberFilter(field_name="plan__area")

    class Meta:
        model = PlanItem
        fields = ["plan", "status", "service", "advisor"]
