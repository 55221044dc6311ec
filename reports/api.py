"""REST API of reports under /api/v1/: `reports` — POST requests a run, GET lists
the caller's runs (scoped by reports.selectors; outside scope → 404) with status,
progress, error and file links."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans.selectors import plans_visible_to
from bht import access
from bht.api import ScopedPrimaryKeyField
from orders.selectors import orders_visible_to
from reports import selectors, services
from reports.kinds import KINDS
from reports.models import ReportFile, ReportRun


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["format", "size", "url"]
        read_only_fields = fields

    def get_url(self, obj: ReportFile) -> str:
        return reverse("reports:download", args=[obj.run_id, obj.format])


class ReportRunSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=", ".join(KINDS))
    status = serializers.CharField(read_only=True, help_text="queued, running, done, failed")
    files = ReportFileSerializer(many=True, read_only=True)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "organisation",
            "area",
            "year",
            "plan",
            "order",
            "status",
            "progress",
            "error",
            "attempts",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
            "data_fingerprint",
            "files",
        ]
        read_only_fields = fields


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text=", ".join(KINDS))
    organisation = ScopedPrimaryKeyField(
        access.organisations_visible_to, required=False, allow_null=True
    )
    area = ScopedPrimaryKeyField(access.areas_visible_to, required=False, allow_null=True)
    year = serializers.IntegerField(required=False, allow_null=True)
    plan = ScopedPrimaryKeyField(plans_visible_to, required=False, allow_null=True)
    order = ScopedPrimaryKeyField(orders_visible_to, required=False, allow_null=True)
    recommendations = serializers.CharField(required=False, allow_blank=True, default="")


class ReportRunViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ReportRunSerializer

    def get_queryset(self) -> QuerySet[ReportRun]:
        return selectors.archive_queryset(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReportRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            run = services.report_request(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        run = self.get_queryset().get(pk=run.pk)
        return Response(ReportRunSerializer(run).data, status=status.HTTP_201_CREATED)
