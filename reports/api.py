"""REST API of reports under /api/v1/: `reports` — POST requests a run, GET lists
the caller's runs (scoped by reports.selectors; outside scope → 404) with status,
progress, error and file links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans.selectors import plans_visible_to
from core import access
from core.api import DOWNLOAD_RENDERERS, ScopedPrimaryKeyField, binary_responses
from core.api_filters import BoundedFilterSet
from core.errors import ApplicationError
from core.uploads import validate_upload
from orders.selectors import orders_visible_to
from reports import selectors, services
from reports.kinds import KINDS
from reports.models import (
    AmuComment,
    AmuReview,
    FileFormat,
    ReportFile,
    ReportRun,
    SickLeaveStat,
)
from reports.sick_leave import (
    MAX_UPLOAD_BYTES,
    SickLeaveImportError,
    sick_leave_import,
    sick_leave_percent,
    sick_leave_rows_from_csv,
)

FILE_MEDIA_TYPES = {
    FileFormat.PDF: "application/pdf",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.CSV: "text/csv",
}


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["format", "size", "url"]
        read_only_fields = fields

    def get_url(self, obj: ReportFile) -> str:
        """The API download (token or session), in the same scope as the run."""
        return reverse("report-file", kwargs={"pk": obj.run_id, "file_format": obj.format})


class AmuReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = AmuReview
        fields = ["id", "meeting_date", "case_number", "decision", "recorded_by", "recorded_at"]
        read_only_fields = ["id", "recorded_by", "recorded_at"]


class AmuCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = AmuComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class ReportRunSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=", ".join(KINDS))
    status = serializers.CharField(read_only=True, help_text="queued, running, done, failed")
    files = ReportFileSerializer(many=True, read_only=True)
    reviews = AmuReviewSerializer(
        many=True, read_only=True, help_text="The committee's treatment (AMU), newest first"
    )
    comments = AmuCommentSerializer(many=True, read_only=True)

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
            "data_taken_at",
            "code_version",
            "released_at",
            "files_deleted_at",
            "files",
            "reviews",
            "comments",
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
    filterset_fields: list[str] = []
    ordering_fields: list[str] = []
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[ReportRun]:
        return selectors.archive_queryset(self.request.user).prefetch_related(  # type: ignore[arg-type]
            "comments"
        )

    @extend_schema(request=ReportRequestSerializer, responses={201: ReportRunSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The role decides before the body is read: 403, not a 400 for a missing field.
        if not selectors.may_request_reports(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Du kan ikke bestille rapporter.")
        data = ReportRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            run = services.report_request(user=request.user, **data.validated_data)  # type: ignore[arg-type]
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        run = self.get_queryset().get(pk=run.pk)
        return Response(ReportRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "file_format", str, OpenApiParameter.PATH, enum=list(FileFormat.values)
            )
        ],
        responses=binary_responses(*FILE_MEDIA_TYPES.values()),
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<file_format>[a-z]+)",
        url_name="file",
        renderer_classes=DOWNLOAD_RENDERERS,
        filter_backends=[],
        pagination_class=None,
    )
    def file(self, request: Request, pk: str | None = None, file_format: str = "") -> FileResponse:
        """Downloads one of the run's files (pdf, xlsx, csv); recorded in the access log."""
        opened = services.report_file_open(
            user=request.user,  # type: ignore[arg-type]
            run=self.get_object(),
            file_format=file_format,
        )
        if opened is None:
            raise Http404
        return FileResponse(
            opened[0],
            as_attachment=True,
            filename=opened[1],
            content_type=FILE_MEDIA_TYPES[file_format],
        )

    @extend_schema(request=None, responses={200: ReportRunSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str | None = None) -> Response:
        """The BHT manager releases a finished committee report to its committee."""
        run = self.get_object()
        if not selectors.is_releaser(request.user, run):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT kan frigi rapporten til utvalget.")
        try:
            services.report_release(run=run, user=request.user)  # type: ignore[arg-type]
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ApplicationError as exc:
            raise exceptions.ValidationError({exc.field or "status": [exc.message]}) from exc
        return Response(ReportRunSerializer(self.get_queryset().get(pk=run.pk)).data)

    @extend_schema(request=AmuCommentSerializer, responses={201: AmuCommentSerializer})
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, pk: str | None = None) -> Response:
        """An AMU member's (or the BHT's) comment on a finished annual report."""
        run = self.get_object()
        # The role decides before the body is read: a reader gets 403, not a 400.
        if not selectors.may_comment(request.user, run):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Du kan ikke kommentere denne rapporten.")
        data = AmuCommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            comment = services.amu_comment_add(
                run=run,
                user=request.user,
                text=data.validated_data["text"],  # type: ignore[arg-type]
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ApplicationError as exc:
            raise exceptions.ValidationError({exc.field or "text": [exc.message]}) from exc
        return Response(AmuCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AmuReviewSerializer, responses={201: AmuReviewSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Records the committee's treatment: meeting date, case number, decision."""
        run = self.get_object()
        if not selectors.may_record_review(request.user, run):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied(
                "Bare utvalget rapporten gjelder kan registrere behandlingen."
            )
        data = AmuReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            review = services.amu_review_record(
                run=run,
                user=request.user,  # type: ignore[arg-type]
                meeting_date=data.validated_data["meeting_date"],
                case_number=data.validated_data.get("case_number", ""),
                decision=data.validated_data.get("decision", ""),
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from exc
        except ApplicationError as exc:
            raise exceptions.ValidationError({exc.field or "decision": [exc.message]}) from exc
        return Response(AmuReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class SickLeaveStatSerializer(serializers.ModelSerializer):
    area = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField(
        help_text="(self- + doctor-certified lost workdays) × 100 / agreed workdays"
    )

    class Meta:
        model = SickLeaveStat
        fields = [
            "id",
            "organisation",
            "area",
            "unit",
            "department",
            "period_start",
            "period_end",
            "agreed_workdays",
            "lost_self_certified",
            "lost_doctor_certified",
            "percent",
        ]
        read_only_fields = fields

    def get_area(self, obj: SickLeaveStat) -> int | None:
        unit = obj.unit or (obj.department.unit if obj.department else None)
        return unit.area_id if unit else None

    def get_percent(self, obj: SickLeaveStat) -> Decimal | None:
        return sick_leave_percent(
            obj.lost_self_certified + obj.lost_doctor_certified, obj.agreed_workdays
        )


class SickLeaveImportSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyField(access.organisations_visible_to)
    file = serializers.FileField(help_text="CSV as in docs/import_sick_leave.md (≤ 5 MB)")

    def validate_file(self, value: Any) -> Any:
        try:
            validate_upload(value, extensions=("csv", "txt"), limit=MAX_UPLOAD_BYTES)
        except ApplicationError as exc:
            raise serializers.ValidationError(exc.message) from exc
        return value


class SickLeaveImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


class SickLeaveFilter(BoundedFilterSet):
    # Bounded: a year outside 1..9999 cannot become a date (500 instead of 400).
    year = django_filters.NumberFilter(
        field_name="period_start", lookup_expr="year", min_value=1, max_value=9999
    )

    class Meta:
        model = SickLeaveStat
        fields = ["organisation", "unit", "department", "year"]


class SickLeaveViewSet(viewsets.ReadOnlyModelViewSet):
    """Imported sick-leave figures per unit or department and period (BHT staff: the
    organisations they serve; an area director: their area). `import` (BHT manager)
    reads a CSV and saves every row or none."""

    serializer_class = SickLeaveStatSerializer
    filterset_class = SickLeaveFilter
    ordering_fields = ["period_start", "agreed_workdays"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[SickLeaveStat]:
        return selectors.sick_leave_visible_to(self.request.user)  # type: ignore[arg-type]

    @extend_schema(
        request={"multipart/form-data": SickLeaveImportSerializer},
        responses={201: SickLeaveImportResultSerializer},
    )
    @action(detail=False, methods=["post"], url_path="import",
            parser_classes=[MultiPartParser, FormParser])  # fmt: skip
    def import_csv(self, request: Request) -> Response:
        if not selectors.may_import_sick_leave(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT kan importere sykefraværstall.")
        data = SickLeaveImportSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        try:
            result = sick_leave_import(
                organisation=data.validated_data["organisation"],
                rows=sick_leave_rows_from_csv(data.validated_data["file"].read()),
            )
        except SickLeaveImportError as exc:
            raise exceptions.ValidationError({"file": exc.errors}) from exc
        return Response(
            SickLeaveImportResultSerializer(result).data, status=status.HTTP_201_CREATED
        )
