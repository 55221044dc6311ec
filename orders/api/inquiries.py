"""`/api/v1/inquiries/`: phone triage and advice requests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from core.services import access_log_record
from orders import selectors, services
from orders.filters import InquiryFilter
from orders.models import (
    CallerRole,
    Channel,
    Inquiry,
    InquiryOutcome,
)

from .serializers import (
    EscalateSerializer,
    InquiryCreateSerializer,
    InquirySerializer,
    OrderSerializer,
)


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
