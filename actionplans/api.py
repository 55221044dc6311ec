"""REST API of the action plans app under /api/v1/ (DESIGN.md §8).

Querysets come from actionplans.selectors (outside scope → 404); every write
goes through actionplans.services (wrong role → 403, broken rule → 400).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans import rules, selectors, services
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
from core import access, parsing
from core.api import HealthConfirmSerializer, ScopedPrimaryKeyField
from core.models import Advisor, Service

# --- serializers -------------------------------------------------------------


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


class ProposalAcceptSerializer(serializers.Serializer):
    plan = ScopedPrimaryKeyField(selectors.plans_visible_to)
    reply = serializers.CharField(required=False, allow_blank=True, default="")
    budget_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True
    )


class ProposalMergeSerializer(serializers.Serializer):
    item = ScopedPrimaryKeyField(selectors.plan_items_visible_to)
    reply = serializers.CharField(required=False, allow_blank=True, default="")


class ProposalRejectSerializer(HealthConfirmSerializer):
    reply = serializers.CharField()


# --- filters -----------------------------------------------------------------


class ActionPlanFilter(django_filters.FilterSet):
    class Meta:
        model = ActionPlan
        fields = ["area", "status", "start_year"]


class PlanItemFilter(django_filters.FilterSet):
    area = django_filters.NumberFilter(field_name="plan__area")

    class Meta:
        model = PlanItem
        fields = ["plan", "status", "service", "advisor"]


# --- views -------------------------------------------------------------------


class ActionPlanViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Action plans of the areas the caller may see. POST (area director) creates a
    draft; the actions take the plan through the approval chain."""

    filterset_class = ActionPlanFilter
    ordering_fields = ["start_year", "version"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[ActionPlan]:
        qs = selectors.plans_visible_to(self.request.user).order_by(
            "area__name", "-start_year", "-version"
        )
        if self.action == "retrieve":
            qs = qs.prefetch_related("items", "feedback__author", "approvals__by")
        return qs

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "create":
            return ActionPlanCreateSerializer
        if self.action == "retrieve":
            return ActionPlanDetailSerializer
        return ActionPlanSerializer

    def _detail(self, plan: ActionPlan, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().prefetch_related("items", "feedback__author", "approvals__by")
        data = ActionPlanDetailSerializer(
            fresh.get(pk=plan.pk), context={"request": self.request}
        ).data
        return Response(data, status=code)

    @extend_schema(request=ActionPlanCreateSerializer, responses={201: ActionPlanDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The role decides before the body is read: 403, not a 400 for a missing field.
        if not rules.may_create_plans(request.user):
            raise PermissionDenied("Bare kommunalsjefer lager handlingsplaner.")
        serializer = ActionPlanCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        plan = services.plan_create(user=request.user, **serializer.validated_data)
        return self._detail(plan, status.HTTP_201_CREATED)

    def _step(self, request: Request, service: Any, **values: Any) -> Response:
        plan = self.get_object()
        plan = service(plan=plan, user=request.user, **values)
        return self._detail(plan)

    @extend_schema(request=EmptySerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.plan_submit)

    @extend_schema(request=FeedbackInputSerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        rules.check_feedback(request.user, plan)
        serializer = FeedbackInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            # Bounded ids: one beyond bigint would reach the database as a 500.
            item_texts = {parsing.parse_id(k, field="items"): v for k, v in data["items"].items()}
        except ValueError:
            raise serializers.ValidationError(
                {"items": ["Nøklene må være id-er for tiltak."]}
            ) from None
        services.plan_feedback_give(
            plan=plan,
            user=request.user,
            text=data["text"],
            item_texts=item_texts,
            complete=data["complete"],
        )
        return self._detail(plan)

    @extend_schema(request=MeetingInputSerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def consult(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        rules.check_consult(request.user, plan)
        serializer = MeetingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._step(request, services.plan_consult, **serializer.validated_data)

    @extend_schema(request=EmptySerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.plan_sign)

    @extend_schema(request=MeetingInputSerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        rules.check_approve(request.user, plan)
        serializer = MeetingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._step(request, services.plan_approve, **serializer.validated_data)

    @extend_schema(request=EmptySerializer, responses={201: ActionPlanDetailSerializer})
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str | None = None) -> Response:
        revision = services.plan_revise(plan=self.get_object(), user=request.user)
        return self._detail(revision, status.HTTP_201_CREATED)

    @extend_schema(request=StatusReviewInputSerializer, responses={201: StatusReviewSerializer})
    @action(detail=True, methods=["post"], url_path="status-review")
    def status_review(self, request: Request, pk: str | None = None) -> Response:
        """Statusgjennomgang: per item a status and a comment (approved plans)."""
        plan = self.get_object()
        rules.check_status_review(request.user, plan)
        serializer = StatusReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = services.status_review_record(
            plan=plan,
            user=request.user,
            held_at=data.get("held_at"),
            summary=data["summary"],
            entries={e["item"]: (e["status"], e["comment"]) for e in data["entries"]},
        )
        return Response(StatusReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EmptySerializer, responses=ActionPlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.plan_close)


class PlanItemViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Items of the plans the caller may see. The area director creates and changes
    items while the plan is a draft."""

    filterset_class = PlanItemFilter
    ordering_fields: list[str] = []
    search_fields: list[str] = []
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[PlanItem]:
        return selectors.plan_items_visible_to(self.request.user).order_by(
            "plan_id", "priority", "title", "pk"
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action in ("create", "update", "partial_update"):
            return PlanItemWriteSerializer
        return PlanItemSerializer

    @extend_schema(request=PlanItemWriteSerializer, responses={201: PlanItemSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Only area directors edit plans (check_edit below decides for the plan).
        if not rules.may_create_plans(request.user):
            raise PermissionDenied("Bare kommunalsjefen for området kan gjøre dette.")
        serializer = PlanItemWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        values.pop("lock_version", None)
        plan = values.pop("plan")
        rules.check_edit(request.user, plan)
        item = services.plan_item_create(plan=plan, user=request.user, **values)
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanItemWriteSerializer,
        responses={
            200: PlanItemSerializer,
            409: OpenApiResponse(description="lock_version is stale: reload and edit again"),
        },
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        rules.check_edit(request.user, item.plan)
        partial = kwargs.get("partial", False)
        serializer = PlanItemWriteSerializer(
            data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if values.pop("plan", item.plan) != item.plan:
            raise serializers.ValidationError(
                {"plan": ["Et tiltak kan ikke flyttes til en annen plan."]}
            )
        item = services.plan_item_update(item=item, user=request.user, **values)
        return Response(PlanItemSerializer(item).data)

    @extend_schema(
        request=PlanItemWriteSerializer,
        responses={
            200: PlanItemSerializer,
            409: OpenApiResponse(description="lock_version is stale: reload and edit again"),
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


class ItemProposalViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Wishes from units for their area's next plan. Unit and department leaders
    propose; the area director accepts (into a draft), merges or rejects."""

    filterset_fields = ["area", "status", "start_year", "unit"]
    ordering_fields: list[str] = []
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[ItemProposal]:
        if getattr(self, "swagger_fake_view", False):
            return ItemProposal.objects.none()
        return selectors.proposals_visible_to(self.request.user).order_by("-created_at", "-pk")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return ItemProposalCreateSerializer if self.action == "create" else ItemProposalSerializer

    @extend_schema(request=ItemProposalCreateSerializer, responses={201: ItemProposalSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.may_propose(request.user):
            raise PermissionDenied("Bare ledere kan foreslå tiltak.")
        serializer = ItemProposalCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        proposal = services.proposal_create(user=request.user, **serializer.validated_data)
        return Response(ItemProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    def _decide(
        self, request: Request, input_class: type[serializers.Serializer], run: Any
    ) -> Response:
        proposal = self.get_object()
        if not rules.is_director_of(request.user, proposal.area_id):
            raise PermissionDenied("Bare kommunalsjefen for området avgjør forslag.")
        serializer = input_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        run(proposal, serializer.validated_data)
        return Response(ItemProposalSerializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=ProposalAcceptSerializer, responses=ItemProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(
            request,
            ProposalAcceptSerializer,
            lambda proposal, data: services.proposal_accept(
                proposal=proposal, user=request.user, **data
            ),
        )

    @extend_schema(request=ProposalMergeSerializer, responses=ItemProposalSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(
            request,
            ProposalMergeSerializer,
            lambda proposal, data: services.proposal_merge(
                proposal=proposal, user=request.user, **data
            ),
        )

    @extend_schema(request=ProposalRejectSerializer, responses=ItemProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self._decide(
            request,
            ProposalRejectSerializer,
            lambda proposal, data: services.proposal_reject(
                proposal=proposal, user=request.user, **data
            ),
        )
