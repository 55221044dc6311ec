"""REST API of the integrations app under /api/v1/: `me` (whose token is this) and
`webhooks` (the BHT manager's receivers, with their deliveries)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from core.errors import ApplicationError
from core.events import EVENTS
from core.models import Advisor, RoleAssignment, User
from integrations import calendar, webhooks
from integrations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

# --- me ------------------------------------------------------------------------------


class RoleScopeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = [
            "role",
            "role_display",
            "organisation",
            "area",
            "unit",
            "department",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.CharField(allow_blank=True)
    department = serializers.IntegerField(allow_null=True)
    roles = RoleScopeSerializer(many=True, help_text="The roles held today, each with its scope")
    advisor = serializers.IntegerField(
        allow_null=True, help_text="The caller's advisor id (BHT staff), else null"
    )
    calendar_feed = serializers.CharField(
        allow_null=True,
        help_text="The caller's private iCal feed (/kalender/<token>.ics); null if revoked",
    )


class MeView(GenericAPIView):
    """Who holds this token (or session): the user, roles with scopes, advisor, feed."""

    serializer_class = MeSerializer
    filter_backends: list[Any] = []
    pagination_class = None

    @extend_schema(responses={200: MeSerializer})
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        advisor = Advisor.objects.filter(user=user).values_list("pk", flat=True).first()
        roles = RoleAssignment.objects.filter(user=user).active().order_by("role", "pk")
        data = {
            "id": user.pk,
            "username": user.username,
            "name": user.get_full_name() or user.username,
            "email": user.email,
            "department": user.department_id,
            "roles": list(roles),
            "advisor": advisor,
            "calendar_feed": calendar.feed_url(user),
        }
        return Response(MeSerializer(data).data)


# --- webhooks ----------------------------------------------------------------------------


class WebhookSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENTS), help_text=", ".join(EVENTS)
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "is_active", "created_by", "created_at"]
        read_only_fields = ["id", "is_active", "created_by", "created_at"]


class WebhookCreatedSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every delivery (X-BHT-Signature). Shown only in this answer.",
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookSerializer.Meta.read_only_fields, "secret"]


class WebhookAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookAttempt
        fields = ["at", "status_code", "error", "duration_ms"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    attempt_log = WebhookAttemptSerializer(many=True, read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "delivery_id",
            "event",
            "event_id",
            "status",
            "attempts",
            "next_attempt_at",
            "created_at",
            "delivered_at",
            "attempt_log",
        ]
        read_only_fields = fields


class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The BHT manager's webhook receivers (others: 403). POST answers with the
    `secret` once; DELETE removes a receiver and its delivery log."""

    serializer_class = WebhookSerializer
    # Sorted by registration only; nothing to search or filter (docs/security.md).
    ordering_fields: list[str] = []
    search_fields: list[str] = []
    filterset_fields: list[str] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not webhooks.may_manage(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT kan administrere webhooks.")

    def get_queryset(self) -> QuerySet[WebhookEndpoint]:
        return WebhookEndpoint.objects.order_by("pk")

    @extend_schema(request=WebhookSerializer, responses={201: WebhookCreatedSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = WebhookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            endpoint = webhooks.endpoint_create(
                user=request.user,  # type: ignore[arg-type]
                url=data.validated_data["url"],
                events=data.validated_data["events"],
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ApplicationError as exc:
            raise exceptions.ValidationError({exc.field or "url": [exc.message]}) from exc
        return Response(WebhookCreatedSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: WebhookDeliverySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """Every delivery to this receiver, newest first, with each attempt."""
        endpoint = self.get_object()
        qs = endpoint.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-pk")
        page = self.paginate_queryset(qs)
        if page is not None:
            return self.get_paginated_response(WebhookDeliverySerializer(page, many=True).data)
        return Response(WebhookDeliverySerializer(qs, many=True).data)
