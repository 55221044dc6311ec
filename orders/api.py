"""REST API of the orders app: `inquiries` and `orders` under /api/v1/ (DESIGN.md §8).

Querysets come from orders.selectors (out of scope → 404), writes go through
orders.services (forbidden → 403, broken rule → 400 with the field's name).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core import confidentiality
from core.api import (
    DOWNLOAD_RENDERERS,
    HealthConfirmSerializer,
    ScopedPrimaryKeyField,
    binary_responses,
)
from core.models import Advisor, InquiryCategory, Service, User
from core.services import access_log_record
from core.uploads import file_response
from orders import rules, selectors, services
from orders.filters import InquiryFilter, OrderFilter
from orders.models import (
    FEEDBACK_SCALES,
    CallerRole,
    Channel,
    DeclineReason,
    EventKind,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderEvent,
    OrderFeedback,
    Urgency,
)

# --- serializers ---------------------------------------------------------------------

CONTENT_FIELDS = ("title", "description", "journal_reference", "decline_reason")


class OrderSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    lead_advisor_name = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "reference",
            "organisation",
            "area",
            "unit",
            "department",
            "ordered_by",
            "service",
            "category",
            "title",
            "description",
            "journal_reference",
            "desired_start",
            "urgency",
            "plan_item",
            "billing",
            "estimated_hours",
            "hourly_rate",
            "estimated_cost",
            "cost_accepted_by",
            "cost_accepted_at",
            "status",
            "status_display",
            "decline_reason_code",
            "decline_reason",
            "lead_advisor",
            "lead_advisor_name",
            "assignments",
            "confidential",
            "inquiry",
            "created_at",
            "submitted_at",
            "accepted_at",
            "declined_at",
            "started_at",
            "delivered_at",
            "closed_at",
            "cancelled_at",
            "allowed_actions",
            "lock_version",
        ]
        read_only_fields = fields

    estimated_cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, read_only=True, allow_null=True
    )
    # Declared: a read-only model field loses allow_blank, and the schema then
    # forbids the "" of an order that was never declined.
    decline_reason_code = serializers.ChoiceField(
        choices=DeclineReason.choices, allow_blank=True, read_only=True
    )

    def get_lead_advisor_name(self, order: Order) -> str | None:
        return str(order.lead_advisor.user) if order.lead_advisor else None

    def get_assignments(self, order: Order) -> list[dict[str, Any]]:
        if not self.context.get("detail"):
            return []
        return [
            {"advisor": a.advisor_id, "name": str(a.advisor.user), "role": a.role}
            for a in order.assignments.select_related("advisor__user")
        ]

    def get_allowed_actions(self, order: Order) -> list[str]:
        if not self.context.get("detail"):
            return []
        return sorted(rules.allowed_actions(self.context["request"].user, order))

    def to_representation(self, order: Order) -> dict[str, Any]:
        data = super().to_representation(order)
        # Lists never carry confidential content; the detail view does, for
        # those allowed, and logs the read (core.confidentiality decides).
        user = self.context["request"].user
        detail = bool(self.context.get("detail"))
        data["title"] = confidentiality.order_title(user, order, detail=detail)
        if order.confidential and not (
            detail and confidentiality.order_content_visible(user, order)
        ):
            for name in CONTENT_FIELDS[1:]:
                data[name] = ""
        if not confidentiality.order_subject_visible(user, order):
            # The category (e.g. pregnancy) and the service (e.g. whistleblowing)
            # say what the case is about; the order page hides them too.
            data["category"] = None
            data["service"] = None
        return data


class OrderWriteSerializer(HealthConfirmSerializer):
    department = ScopedPrimaryKeyField(selectors.departments_for_ordering)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.filter(is_active=True), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=InquiryCategory.objects.filter(is_active=True), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True)
    journal_reference = serializers.CharField(required=False, allow_blank=True, max_length=60)
    desired_start = serializers.DateField(required=False, allow_null=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    plan_item = serializers.IntegerField(required=False, allow_null=True)
    confidential = serializers.BooleanField(required=False)

    def validate_plan_item(self, value: int | None) -> Any:
        if value is None:
            return None
        from actionplans.models import PlanItem

        item = PlanItem.objects.filter(pk=value).first()
        if item is None:
            raise serializers.ValidationError("Ukjent tiltak.")
        return item


class OrderUpdateSerializer(OrderWriteSerializer):
    department = ScopedPrimaryKeyField(selectors.departments_for_ordering, required=False)
    title = serializers.CharField(max_length=200, required=False)
    confidential_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=(
            "Required with confidential=false on a confidential order: why it is no longer "
            "about an individual. Only BHT advisors and the manager may lift it (else 403); "
            "the reason is logged on the order's timeline."
        ),
    )
    lock_version = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text=(
            "The order's lock_version when it was read. If someone has changed the order "
            "since, nothing is saved and the answer is 409 Conflict. Leave it out to "
            "overwrite without the check."
        ),
    )


class AcceptSerializer(serializers.Serializer):
    lead_advisor = serializers.PrimaryKeyRelatedField(
        queryset=Advisor.objects.filter(is_active=True)
    )
    supporting_advisors = serializers.PrimaryKeyRelatedField(
        queryset=Advisor.objects.filter(is_active=True), many=True, required=False
    )
    estimated_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    text = serializers.CharField(required=False, allow_blank=True)


class DeclineSerializer(serializers.Serializer):
    reason_code = serializers.ChoiceField(choices=DeclineReason.choices)
    reason = serializers.CharField()


class TextSerializer(HealthConfirmSerializer):
    text = serializers.CharField(required=False, allow_blank=True)


class FeedbackSerializer(HealthConfirmSerializer, serializers.ModelSerializer):
    class Meta:
        model = OrderFeedback
        fields = [name for name, _label in FEEDBACK_SCALES] + ["text", "confirm_health_info"]
        extra_kwargs = {name: {"min_value": 0, "max_value": 5} for name, _l in FEEDBACK_SCALES}


class OrderEventSerializer(serializers.ModelSerializer):
    """One timeline entry as the caller may see it (orders.selectors.timeline_events)."""

    actor_name = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = OrderEvent
        fields = [
            "id",
            "at",
            "kind",
            "from_status",
            "to_status",
            "text",
            "internal",
            "actor",
            "actor_name",
            "file_name",
            "file_size",
            "file_url",
        ]
        read_only_fields = fields

    def get_actor_name(self, event: OrderEvent) -> str | None:
        return str(event.actor) if event.actor_id else None

    def get_file_url(self, event: OrderEvent) -> str | None:
        if event.kind != EventKind.ATTACHMENT:
            return None
        return reverse("order-attachment-file", kwargs={"pk": event.order_id, "event_id": event.pk})


class EventCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[EventKind.COMMENT, EventKind.INTERNAL_NOTE],
        default=EventKind.COMMENT,
        help_text="comment (the conversation) or internal_note (BHT professionals only)",
    )
    text = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Types and size as on the order page")
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    internal = serializers.BooleanField(
        required=False, default=False, help_text="BHT professionals only: hidden from the client"
    )


class InquirySerializer(serializers.ModelSerializer):
    order = serializers.SerializerMethodField()

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "organisation",
            "received_at",
            "received_by",
            "channel",
            "caller",
            "caller_name",
            "caller_role",
            "area",
            "unit",
            "department",
            "category",
            "summary",
            "advice_given",
            "outcome",
            "responded_at",
            "escalated_at",
            "confidential",
            "consent_recorded_at",
            "quarantined",
            "sender_email",
            "order",
        ]
        read_only_fields = fields

    def get_order(self, inquiry: Inquiry) -> int | None:
        order = getattr(inquiry, "order", None)
        return order.pk if order is not None else None

    def to_representation(self, inquiry: Inquiry) -> dict[str, Any]:
        data = super().to_representation(inquiry)
        user = self.context["request"].user
        shows = self.context.get("detail") and confidentiality.inquiry_content_visible(
            user, inquiry
        )
        if inquiry.confidential and not shows:
            data["summary"] = confidentiality.placeholder()
            data["advice_given"] = ""
            data["caller_name"] = ""
            data["caller"] = None
            data["sender_email"] = ""
        if not confidentiality.inquiry_subject_visible(user, inquiry):
            data["category"] = None
        return data


class InquiryCreateSerializer(HealthConfirmSerializer):
    """BHT staff record triage (channel, caller, outcome...); anyone else sends a
    confidential request for advice with just `summary` and `category`."""

    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    caller = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    caller_name = serializers.CharField(required=False, allow_blank=True)
    caller_role = serializers.ChoiceField(choices=CallerRole.choices, required=False)
    department = ScopedPrimaryKeyField(
        selectors.departments_for_ordering, required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=InquiryCategory.objects.filter(is_active=True), required=False, allow_null=True
    )
    summary = serializers.CharField()
    advice_given = serializers.CharField(required=False, allow_blank=True)
    outcome = serializers.ChoiceField(
        choices=[InquiryOutcome.ADVICE_ONLY, InquiryOutcome.ORDER_REQUESTED], required=False
    )
    confidential = serializers.BooleanField(required=False)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Triage with outcome order_requested: the draft's service.",
    )
    title = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The draft's short title (default: the service's or category's name).",
    )
    consent = serializers.BooleanField(
        required=False,
        help_text=(
            "The employee agreed that the leader gets a draft; required to escalate a "
            "confidential inquiry (recorded with who and when)."
        ),
    )


class EscalateSerializer(serializers.Serializer):
    advice_given = serializers.CharField(required=False, allow_blank=True)
    service = serializers.PrimaryKeyRelatedField(
        queryset=Service.objects.filter(is_active=True), required=False, allow_null=True
    )
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    consent = serializers.BooleanField(required=False)


# --- views ------------------------------------------------------------------------------


class InquiryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = InquirySerializer
    filterset_class = InquiryFilter
    # Never the caller's name or the summary: sorting by them with probe rows reveals a
    # confidential inquiry's text one comparison at a time.
    ordering_fields = ["received_at"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[Inquiry]:
        return (
            selectors.inquiries_visible_to(self.request.user)
            .select_related("order")
            .order_by("-received_at", "-pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["detail"] = self.action in ("retrieve", "create", "escalate")
        return context

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        inquiry = self.get_object()
        if inquiry.confidential and selectors.inquiry_content_visible(request.user, inquiry):
            access_log_record(user=request.user, obj=inquiry, label=f"Henvendelse {inquiry.pk}")
        return Response(self.get_serializer(inquiry).data)

    @extend_schema(request=InquiryCreateSerializer, responses={201: InquirySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The role decides before the body is read: 403, not a 400 for a missing field.
        user = request.user
        if not (selectors.may_record_inquiry(user) or selectors.may_request_advice(user)):
            raise exceptions.PermissionDenied("Du må være ansatt i virksomheten for å be om råd.")
        serializer = InquiryCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if selectors.may_record_inquiry(request.user):
            inquiry = services.inquiry_record(
                user=request.user,
                channel=data.get("channel", Channel.PHONE),
                summary=data["summary"],
                outcome=data.get("outcome", InquiryOutcome.ADVICE_ONLY),
                department=data.get("department"),
                caller=data.get("caller"),
                caller_name=data.get("caller_name", ""),
                caller_role=data.get("caller_role", CallerRole.LEADER),
                category=data.get("category"),
                advice_given=data.get("advice_given", ""),
                confidential=data.get("confidential", False),
                service=data.get("service"),
                title=data.get("title", ""),
                consent=data.get("consent", False),
            )
        else:
            inquiry = services.inquiry_request_advice(
                user=request.user,
                summary=data["summary"],
                category=data.get("category"),
                confirm_health_info=data.get("confirm_health_info", False),
            )
        inquiry = Inquiry.objects.get(pk=inquiry.pk)
        return Response(self.get_serializer(inquiry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EscalateSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: str | None = None) -> Response:
        inquiry = self.get_object()
        serializer = EscalateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.inquiry_escalate(
            inquiry=inquiry,
            user=request.user,
            advice_given=serializer.validated_data.get("advice_given", ""),
            service=serializer.validated_data.get("service"),
            title=serializer.validated_data.get("title", ""),
            consent=serializer.validated_data.get("consent", False),
        )
        return Response(OrderSerializer(order, context={"request": request, "detail": True}).data)


class OrderViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Orders in the caller's scope. POST creates a draft; PATCH/PUT edits a draft;
    the lifecycle moves through the POST actions."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    ordering_fields = ["created_at", "submitted_at", "reference"]
    search_fields: list[str] = []  # `q` (OrderFilter) searches without revealing confidential text

    def get_queryset(self) -> QuerySet[Order]:
        return selectors.order_list_queryset(
            selectors.orders_visible_to(self.request.user)
        ).order_by("-created_at", "-pk")

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["detail"] = self.action != "list"
        return context

    def _respond(self, order: Order, code: int = status.HTTP_200_OK) -> Response:
        order = self.get_queryset().get(pk=order.pk)
        if order.confidential and rules.content_visible(self.request.user, order):
            access_log_record(user=self.request.user, obj=order, label=order.reference)
        return Response(self.get_serializer(order).data, status=code)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._respond(self.get_object())

    @extend_schema(request=OrderWriteSerializer, responses={201: OrderSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not rules.may_create_orders(request.user):
            raise exceptions.PermissionDenied(
                "Bare ledere kan sende bestillinger. Be om råd i stedet."
            )
        serializer = OrderWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        order = services.order_create_draft(user=request.user, **serializer.validated_data)
        return self._respond(order, status.HTTP_201_CREATED)

    @extend_schema(
        request=OrderUpdateSerializer,
        responses={
            200: OrderSerializer,
            409: OpenApiResponse(description="lock_version is stale: reload and edit again"),
        },
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        order = self.get_object()
        serializer = OrderUpdateSerializer(
            data=request.data, context={"request": request}, partial=kwargs.get("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        order = services.order_update_draft(
            order=order, user=request.user, **serializer.validated_data
        )
        return self._respond(order)

    @extend_schema(
        request=OrderUpdateSerializer,
        responses={
            200: OrderSerializer,
            409: OpenApiResponse(description="lock_version is stale: reload and edit again"),
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def _simple(self, service: Any) -> Response:
        order = service(order=self.get_object(), user=self.request.user)
        return self._respond(order)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._simple(services.order_submit)

    @extend_schema(request=AcceptSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        rules.check_accept(request.user, order)
        serializer = AcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        order = services.order_accept(
            order=order,
            user=request.user,
            lead_advisor=data["lead_advisor"],
            supporting_advisors=data.get("supporting_advisors", []),
            estimated_hours=data.get("estimated_hours"),
            text=data.get("text", ""),
        )
        return self._respond(order)

    @extend_schema(request=DeclineSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        rules.check_decline(request.user, order)
        serializer = DeclineSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_decline(
            order=order,
            user=request.user,
            reason_code=serializer.validated_data["reason_code"],
            reason=serializer.validated_data["reason"],
        )
        return self._respond(order)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"], url_path="accept-cost")
    def accept_cost(self, request: Request, pk: str | None = None) -> Response:
        return self._simple(services.order_accept_cost)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._simple(services.order_start)

    @extend_schema(request=TextSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_deliver(
            order=self.get_object(),
            user=request.user,
            text=serializer.validated_data.get("text", ""),
        )
        return self._respond(order)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        return self._simple(services.order_close)

    @extend_schema(request=TextSerializer, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_cancel(
            order=self.get_object(),
            user=request.user,
            text=serializer.validated_data.get("text", ""),
            confirm_health_info=serializer.validated_data.get("confirm_health_info", False),
        )
        return self._respond(order)

    @extend_schema(request=FeedbackSerializer, responses={201: FeedbackSerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: str | None = None) -> Response:
        order = self.get_object()
        rules.check_feedback(request.user, order)
        serializer = FeedbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        text = data.pop("text", "")
        confirmed = data.pop("confirm_health_info", False)
        feedback = services.order_feedback_give(
            order=order, user=request.user, scores=data, text=text, confirm_health_info=confirmed
        )
        return Response(FeedbackSerializer(feedback).data, status=status.HTTP_201_CREATED)

    # --- the timeline and attachments (same services and rules as the order page) ---

    def _read_content(self, order: Order) -> None:
        if order.confidential and rules.content_visible(self.request.user, order):
            access_log_record(user=self.request.user, obj=order, label=order.reference)

    def _list(self, qs: QuerySet[OrderEvent]) -> Response:
        page = self.paginate_queryset(qs)
        context = self.get_serializer_context()
        if page is not None:
            data = OrderEventSerializer(page, many=True, context=context).data
            return self.get_paginated_response(data)
        return Response(OrderEventSerializer(qs, many=True, context=context).data)

    @extend_schema(methods=["GET"], request=None, responses={200: OrderEventSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=EventCreateSerializer, responses={201: OrderEventSerializer}
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            parser_classes=[JSONParser, FormParser, MultiPartParser])  # fmt: skip
    def events(self, request: Request, pk: str | None = None) -> Response:
        """The timeline the caller may see, oldest first (internal notes: BHT
        professionals only; a confidential order's content: its authors and the BHT).
        POST adds a comment or, for the BHT's professionals, an internal note."""
        order = self.get_object()
        if request.method == "GET":
            self._read_content(order)
            return self._list(selectors.timeline_events(order, reader=request.user))
        body = request.data if isinstance(request.data, dict) else {}
        kind = body.get("kind") or EventKind.COMMENT
        # The role decides before the body is read: 403, not a 400 for a missing text.
        rules.CHECKS["note" if kind == EventKind.INTERNAL_NOTE else "comment"](request.user, order)
        serializer = EventCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service = (
            services.order_note_internal
            if serializer.validated_data["kind"] == EventKind.INTERNAL_NOTE
            else services.order_comment
        )
        event = service(order=order, user=request.user, text=serializer.validated_data["text"])
        return Response(
            OrderEventSerializer(event, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(methods=["GET"], request=None, responses={200: OrderEventSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentCreateSerializer},
        responses={201: OrderEventSerializer},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[],
            parser_classes=[MultiPartParser, FormParser])  # fmt: skip
    def attachments(self, request: Request, pk: str | None = None) -> Response:
        """The order's files the caller may download; POST (multipart) adds one,
        checked for type and size like the order page's upload."""
        order = self.get_object()
        if request.method == "GET":
            self._read_content(order)
            qs = selectors.attachments_visible_to(request.user, order).order_by("at", "pk")
            return self._list(qs.select_related("actor"))
        rules.check_attach(request.user, order)
        serializer = AttachmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        event = services.order_attach(
            order=order,
            user=request.user,
            file=data["file"],
            text=data["text"],
            internal=data["internal"],
        )
        return Response(
            OrderEventSerializer(event, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses=binary_responses("application/octet-stream"))
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<event_id>[0-9]{1,18})",
        url_name="attachment-file",
        renderer_classes=DOWNLOAD_RENDERERS,
        filter_backends=[],
        pagination_class=None,
    )
    def attachment_file(
        self, request: Request, pk: str | None = None, event_id: str = ""
    ) -> FileResponse:
        """One attachment's file; reads of a confidential order's files are logged."""
        order = self.get_object()
        event = get_object_or_404(
            selectors.attachments_visible_to(request.user, order), pk=int(event_id)
        )
        if order.confidential:
            access_log_record(
                user=request.user, obj=order, action="download", label=order.reference
            )
        return file_response(event.file.open("rb"), filename=event.file_name)
