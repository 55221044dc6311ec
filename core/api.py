"""REST API of the core app under /api/v1/ (DESIGN.md §8).

Every queryset comes from core.access / core.selectors, so an object outside the
caller's scope is simply not found (404). Writes go through core.services.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, renderers, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core import access, selectors, services
from core.api_filters import BoundedFilterSet
from core.models import (
    Advisor,
    CompetenceArea,
    Department,
    InquiryCategory,
    MainContact,
    Organisation,
    Role,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)

# --- file downloads ------------------------------------------------------------


class FileDownloadRenderer(renderers.BaseRenderer):
    """Lets a download action answer any Accept header (application/pdf, */*...):
    the view returns a FileResponse itself; an error (404, 403) is still JSON."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return renderers.JSONRenderer().render(data, "application/json", renderer_context)


DOWNLOAD_RENDERERS = [renderers.JSONRenderer, FileDownloadRenderer]


def binary_responses(*media_types: str) -> dict[Any, Any]:
    """The OpenAPI answers of a download: the file in each of its media types."""
    return {(200, media_type): OpenApiTypes.BINARY for media_type in media_types}


# --- serializers -------------------------------------------------------------


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "email", "phone"]

    def get_name(self, user: User) -> str:
        return str(user)


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "slug",
            "org_number",
            "employees",
            "fte",
            "sla_working_days",
            "sick_leave_threshold_percent",
            "is_active",
        ]


class MainContactBriefSerializer(serializers.ModelSerializer):
    advisor_id = serializers.IntegerField(source="advisor.id")
    name = serializers.CharField(source="advisor.user.__str__")
    phone = serializers.CharField(source="advisor.user.phone")
    email = serializers.CharField(source="advisor.user.email")

    class Meta:
        model = MainContact
        fields = ["advisor_id", "name", "phone", "email", "valid_from"]


class ServiceAreaSerializer(serializers.ModelSerializer):
    director = PersonSerializer(read_only=True, allow_null=True)
    main_contact = serializers.SerializerMethodField()

    class Meta:
        model = ServiceArea
        fields = ["id", "organisation", "name", "director", "employees", "main_contact"]

    @extend_schema(responses=MainContactBriefSerializer(allow_null=True))
    def get_main_contact(self, area: ServiceArea) -> dict[str, Any] | None:
        current = getattr(area, "current_main_contacts", [])
        return MainContactBriefSerializer(current[0]).data if current else None


class ServiceUnitSerializer(serializers.ModelSerializer):
    leader = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ServiceUnit
        fields = ["id", "area", "name", "leader", "employees"]


class DepartmentSerializer(serializers.ModelSerializer):
    leader = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Department
        fields = ["id", "unit", "name", "leader", "employees"]


class CompetenceAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetenceArea
        fields = ["id", "code", "name", "description", "required_for_approval"]


class ServiceSerializer(serializers.ModelSerializer):
    competence_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "description",
            "statutory_code",
            "is_statutory",
            "competence_areas",
            "typical_hours",
            "is_active",
        ]


class InquiryCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = InquiryCategory
        fields = ["id", "name", "sort_order", "is_active"]


class AdvisorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    phone = serializers.CharField(source="user.phone", read_only=True)
    competence_areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Advisor
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "profession",
            "fte_percent",
            "competence_areas",
            "is_external",
            "hourly_cost",
        ]

    def to_representation(self, instance: Advisor) -> dict[str, Any]:
        data = super().to_representation(instance)
        # What the BHT pays for its people is its own business.
        request = self.context.get("request")
        if request is None or not access.has_role(request.user, Role.BHT_MANAGER, Role.BHT_OFFICE):
            data.pop("hourly_cost")
        return data


class MainContactSerializer(serializers.ModelSerializer):
    advisor = MainContactBriefSerializer(source="*", read_only=True)
    is_current = serializers.SerializerMethodField()

    class Meta:
        model = MainContact
        fields = ["id", "area", "unit", "advisor", "valid_from", "valid_to", "is_current"]

    def get_is_current(self, contact: MainContact) -> bool:
        today = timezone.localdate()
        return contact.valid_from <= today and (
            contact.valid_to is None or contact.valid_to >= today
        )


class HealthConfirmSerializer(serializers.Serializer):
    """Input whose free text the health guard checks (core.services
    `health_guard_check`). Without the flag, health information in the text is a
    400 with a message per field; with it, the text is saved and the choice is
    recorded. A fødselsnummer is refused either way."""

    confirm_health_info = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text=(
            "«Send likevel»: true saves the text although the health guard found what looks "
            "like health information (the choice is recorded). Never overrides a "
            "fødselsnummer."
        ),
    )


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key looked up in what the requesting user may see: an object
    outside the caller's scope is answered as if it did not exist."""

    def __init__(self, scope: Any, **kwargs: Any) -> None:
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return self.scope(self.context["request"].user)


class MainContactAssignSerializer(serializers.Serializer):
    advisor = serializers.PrimaryKeyRelatedField(queryset=Advisor.objects.filter(is_active=True))
    area = ScopedPrimaryKeyField(access.areas_visible_to, required=False)
    unit = ScopedPrimaryKeyField(access.units_visible_to, required=False)
    valid_from = serializers.DateField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("area" in attrs) == ("unit" in attrs):
            raise serializers.ValidationError(
                {"area": ["Oppgi enten area (virksomhetsområde) eller unit (tjenesteområde)."]}
            )
        return attrs


# --- filters -----------------------------------------------------------------


class ServiceAreaFilter(BoundedFilterSet):
    organisation_slug = django_filters.CharFilter(field_name="organisation__slug")

    class Meta:
        model = ServiceArea
        fields = ["organisation", "director"]


class ServiceUnitFilter(BoundedFilterSet):
    organisation = django_filters.NumberFilter(field_name="area__organisation")

    class Meta:
        model = ServiceUnit
        fields = ["area", "leader"]


class DepartmentFilter(BoundedFilterSet):
    area = django_filters.NumberFilter(field_name="unit__area")
    organisation = django_filters.NumberFilter(field_name="unit__area__organisation")

    class Meta:
        model = Department
        fields = ["unit", "leader"]


class ServiceFilter(BoundedFilterSet):
    competence_area = django_filters.CharFilter(field_name="competence_areas__code")
    is_statutory = django_filters.BooleanFilter(method="filter_statutory")

    class Meta:
        model = Service
        fields = ["statutory_code", "is_active"]

    def filter_statutory(self, queryset: QuerySet[Service], name: str, value: bool):
        if value:
            return queryset.exclude(statutory_code="extra")
        return queryset.filter(statutory_code="extra")


class AdvisorFilter(BoundedFilterSet):
    competence_area = django_filters.CharFilter(field_name="competence_areas__code")

    class Meta:
        model = Advisor
        fields = ["is_external"]


class MainContactFilter(BoundedFilterSet):
    current = django_filters.BooleanFilter(method="filter_current")
    organisation = django_filters.NumberFilter(field_name="area__organisation")

    class Meta:
        model = MainContact
        fields = ["area", "unit", "advisor"]

    def filter_current(self, queryset: QuerySet[MainContact], name: str, value: bool):
        current = MainContact.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


# --- views -------------------------------------------------------------------


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    search_fields = ["name", "org_number"]
    filterset_fields = ["slug", "is_active"]
    ordering_fields = ["name", "employees"]

    def get_queryset(self) -> QuerySet[Organisation]:
        return access.organisations_visible_to(self.request.user).order_by("name")


class ServiceAreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceAreaSerializer
    filterset_class = ServiceAreaFilter
    search_fields = ["name"]
    ordering_fields = ["name", "employees"]

    def get_queryset(self) -> QuerySet[ServiceArea]:
        return (
            access.areas_visible_to(self.request.user)
            .select_related("director")
            .prefetch_related(
                Prefetch(
                    "main_contacts",
                    queryset=selectors.main_contacts_current(),
                    to_attr="current_main_contacts",
                )
            )
            .order_by("organisation_id", "name")
        )


class ServiceUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceUnitSerializer
    filterset_class = ServiceUnitFilter
    search_fields = ["name"]
    ordering_fields = ["name", "employees"]

    def get_queryset(self) -> QuerySet[ServiceUnit]:
        return (
            access.units_visible_to(self.request.user)
            .select_related("leader")
            .order_by("area_id", "name")
        )


class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilter
    search_fields = ["name"]
    ordering_fields = ["name", "employees"]

    def get_queryset(self) -> QuerySet[Department]:
        return (
            access.departments_visible_to(self.request.user)
            .select_related("leader")
            .order_by("unit_id", "name")
        )


class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "statutory_code"]

    def get_queryset(self) -> QuerySet[Service]:
        return selectors.services_visible_to(self.request.user).order_by("name")


class CompetenceAreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CompetenceAreaSerializer
    queryset = CompetenceArea.objects.order_by("sort_order", "name")
    pagination_class = None
    filterset_fields: list[str] = []
    ordering_fields: list[str] = []
    search_fields: list[str] = []


class InquiryCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InquiryCategorySerializer
    queryset = InquiryCategory.objects.order_by("sort_order", "name")
    filterset_fields = ["is_active"]
    pagination_class = None
    ordering_fields: list[str] = []
    search_fields: list[str] = []


class AdvisorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdvisorSerializer
    filterset_class = AdvisorFilter
    search_fields = ["user__first_name", "user__last_name", "profession"]

    def get_ordering_fields(self, request: Request) -> list[str]:
        fields = ["user__last_name", "profession", "fte_percent"]
        # Only those shown the cost may rank by it (AdvisorSerializer hides it otherwise).
        if access.has_role(request.user, Role.BHT_MANAGER, Role.BHT_OFFICE):
            fields.append("hourly_cost")
        return fields

    def get_queryset(self) -> QuerySet[Advisor]:
        return selectors.advisors_visible_to(self.request.user).order_by(
            "user__last_name", "user__first_name"
        )


class MainContactViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Main contacts with their history. POST (BHT manager) makes an advisor the
    current main contact of an area or unit; the previous one is closed the day before."""

    filterset_class = MainContactFilter
    ordering_fields = ["valid_from"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[MainContact]:
        return selectors.main_contacts_visible_to(self.request.user).order_by(
            "area_id", "unit_id", "-valid_from"
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return MainContactAssignSerializer if self.action == "create" else MainContactSerializer

    @extend_schema(request=MainContactAssignSerializer, responses={201: MainContactSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not access.has_role(request.user, Role.BHT_MANAGER) and not request.user.is_superuser:
            return Response(
                {"detail": "Bare leder av BHT kan bytte hovedkontakt."},
                status=status.HTTP_403_FORBIDDEN,
            )
        serializer = MainContactAssignSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        contact = services.main_contact_assign(by=request.user, **serializer.validated_data)
        contact = self.get_queryset().get(pk=contact.pk)
        return Response(MainContactSerializer(contact).data, status=status.HTTP_201_CREATED)
