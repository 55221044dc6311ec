"""The orders API's serializers: what a client reads and writes (content fields
hidden by the confidentiality policy)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from core import confidentiality
from core.api import (
    HealthConfirmSerializer,
    ScopedPrimaryKeyField,
)
from core.models import Advisor, InquiryCategory, Service, User
from orders import rules, selectors
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
    # Empty for inquiries that did not come by e-mail, and where it is withheld:
    # a plain string, not `format: email` (schemathesis holds the answers to it).
    sender_email = serializers.CharField(read_only=True)

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
