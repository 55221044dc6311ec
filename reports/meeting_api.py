"""REST API `amu-meetings`: list and read (scoped), create (BHT manager), and the
actions `add-item` (BHT manager or the meeting's secretary), `decide` (chair or
secretary; records the plan approval or report treatment) and `approve-minutes`
(chair; the minutes become a tagged PDF and the meeting is locked)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from actionplans.selectors import plans_visible_to
from core import access
from core.api import ScopedPrimaryKeyField
from core.errors import ApplicationError
from core.models import User
from core.parsing import MAX_ID
from reports import meetings, selectors
from reports.models import AgendaItem, AgendaKind, AmuMeeting


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = [
            "id", "number", "kind", "title", "plan", "run", "case_number", "decision",
            "decided_at", "decided_by",
        ]  # fmt: skip
        read_only_fields = fields


class AmuMeetingSerializer(serializers.ModelSerializer):
    items = AgendaItemSerializer(many=True, read_only=True)
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = AmuMeeting
        fields = [
            "id", "organisation", "area", "date", "place", "chair", "secretary",
            "members_present", "minutes_approved_at", "minutes_approved_by", "minutes_url",
            "items",
        ]  # fmt: skip
        read_only_fields = fields

    def get_minutes_url(self, obj: AmuMeeting) -> str | None:
        return reverse("reports:meeting-minutes", args=[obj.pk]) if obj.minutes_file else None


def _committee_users(request: Any) -> QuerySet[User]:
    from core.models import Role, RoleAssignment

    return User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(role=Role.AMU_MEMBER).active().values("user_id"),
    )


class MeetingCreateSerializer(serializers.Serializer):
    organisation = ScopedPrimaryKeyField(access.organisations_visible_to)
    area = ScopedPrimaryKeyField(access.areas_visible_to, required=False, allow_null=True)
    date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    chair = ScopedPrimaryKeyField(_committee_users, required=False, allow_null=True)
    secretary = ScopedPrimaryKeyField(_committee_users, required=False, allow_null=True)


class AddItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AgendaKind.choices)
    plan = ScopedPrimaryKeyField(plans_visible_to, required=False, allow_null=True)
    run = ScopedPrimaryKeyField(selectors.runs_visible_to, required=False, allow_null=True)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class DecideSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    case_number = serializers.CharField(max_length=40)
    decision = serializers.CharField(max_length=10000)


class AttendanceSerializer(serializers.Serializer):
    members_present = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        allow_empty=True,
        max_length=500,
        help_text="Ids of the committee's members who are present; replaces the list.",
    )


def _call(fn: Any, **kwargs: Any) -> Any:
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except ApplicationError as exc:
        raise exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]}) from exc


class AmuMeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = AmuMeetingSerializer
    ordering_fields = ["date"]
    filterset_fields = ["organisation", "area"]
    search_fields: list[str] = []

    def get_queryset(self) -> QuerySet[AmuMeeting]:
        return selectors.meetings_visible_to(self.request.user).prefetch_related(  # type: ignore[arg-type]
            "items", "members_present"
        )

    def _out(self, meeting: AmuMeeting, code: int = status.HTTP_200_OK) -> Response:
        return Response(AmuMeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data, code)

    @extend_schema(request=MeetingCreateSerializer, responses={201: AmuMeetingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not selectors.may_create_meetings(request.user):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare leder av BHT kan opprette AMU-møter.")
        data = MeetingCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meeting = _call(
            meetings.meeting_create,
            user=request.user,
            organisation=values["organisation"],
            area=values.get("area"),
            date=values["date"],
            place=values.get("place", ""),
            chair=values.get("chair"),
            secretary=values.get("secretary"),
        )
        return self._out(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=AddItemSerializer, responses={201: AgendaItemSerializer})
    @action(detail=True, methods=["post"], url_path="add-item")
    def add_item(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        if not selectors.may_edit_meeting(request.user, meeting):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied(
                "Bare leder av BHT eller møtets sekretær kan endre sakslisten."
            )
        data = AddItemSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        item = _call(meetings.agenda_item_add, meeting=meeting, user=request.user,
                     **data.validated_data)  # fmt: skip
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceSerializer, responses={200: AmuMeetingSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        if not selectors.may_edit_meeting(request.user, meeting):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied(
                "Bare leder av BHT eller møtets sekretær kan endre møtet."
            )
        data = AttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting = _call(meetings.attendance_set, meeting=meeting, user=request.user,
                        member_ids=data.validated_data["members_present"])  # fmt: skip
        return self._out(meeting)

    @extend_schema(request=DecideSerializer, responses={200: AgendaItemSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        if not selectors.may_decide(request.user, meeting):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare møteleder eller sekretær registrerer vedtak.")
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = meeting.items.filter(pk=data.validated_data["item"]).first()
        if item is None:
            raise exceptions.ValidationError({"item": ["Saken finnes ikke på dette møtet."]})
        item = _call(
            meetings.agenda_item_decide,
            item=item,
            user=request.user,
            decision=data.validated_data["decision"],
            case_number=data.validated_data["case_number"],
        )
        return Response(AgendaItemSerializer(item).data)

    @extend_schema(request=None, responses={200: AmuMeetingSerializer})
    @action(detail=True, methods=["post"], url_path="approve-minutes")
    def approve_minutes(self, request: Request, pk: str | None = None) -> Response:
        meeting = self.get_object()
        if not selectors.may_approve_minutes(request.user, meeting):  # type: ignore[arg-type]
            raise exceptions.PermissionDenied("Bare møtelederen godkjenner protokollen.")
        meeting = _call(meetings.minutes_approve, meeting=meeting, user=request.user)
        return self._out(meeting)
