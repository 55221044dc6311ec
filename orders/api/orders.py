"""`/api/v1/orders/`: drafts, the lifecycle actions, the timeline and attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import (
    DOWNLOAD_RENDERERS,
    binary_responses,
)
from core.services import access_log_record
from core.uploads import file_response
from orders import rules, selectors, services
from orders.filters import OrderFilter
from orders.models import (
    EventKind,
    Order,
    OrderEvent,
)

from .serializers import (
    AcceptSerializer,
    AttachmentCreateSerializer,
    DeclineSerializer,
    EventCreateSerializer,
    FeedbackSerializer,
    OrderEventSerializer,
    OrderSerializer,
    OrderUpdateSerializer,
    OrderWriteSerializer,
    TextSerializer,
)


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
