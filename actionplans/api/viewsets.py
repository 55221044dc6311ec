"""`/api/v1/action-plans/`, `plan-items/` and `plan-proposals/`: the plan's lifecycle as
POST actions, through actionplans.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans import rules, selectors, services
from actionplans.models import (
    ActionPlan,
    ItemProposal,
    PlanItem,
)
from core import parsing

from .serializers import (
    ActionPlanCreateSerializer,
    ActionPlanDetailSerializer,
    ActionPlanFilter,
    ActionPlanSerializer,
    EmptySerializer,
    FeedbackInputSerializer,
    ItemProposalCreateSerializer,
    ItemProposalSerializer,
    MeetingInputSerializer,
    PlanItemFilter,
    PlanItemSerializer,
    PlanItemWriteSerializer,
    ProposalAcceptSerializer,
    ProposalMergeSerializer,
    ProposalRejectSerializer,
    StatusReviewInputSerializer,
    StatusReviewSerializer,
)


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
