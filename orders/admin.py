from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orders.models import Inquiry, Order, OrderAssignment, OrderEvent, OrderFeedback


class AssignmentInline(admin.TabularInline):
    model = OrderAssignment
    extra = 0
    raw_id_fields = ["advisor"]


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    fields = ["at", "actor", "kind", "to_status", "internal", "text", "file"]
    readonly_fields = fields
    can_delete = False


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "status", "area", "billing", "ordered_by", "created_at"]
    list_filter = ["status", "billing", "confidential", "area"]
    search_fields = ["reference", "title"]
    raw_id_fields = [
        "ordered_by",
        "created_by",
        "department",
        "unit",
        "inquiry",
        "plan_item",
        "lead_advisor",
        "cost_accepted_by",
        "decided_by",
    ]
    # State changes go through orders.services (audit trail, notifications).
    readonly_fields = [
        "reference",
        "status",
        "billing",
        "submitted_at",
        "accepted_at",
        "declined_at",
        "started_at",
        "delivered_at",
        "closed_at",
        "cancelled_at",
    ]
    inlines = [AssignmentInline, EventInline]


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = ["received_at", "channel", "area", "outcome", "confidential"]
    list_filter = ["channel", "outcome", "confidential", "area"]
    raw_id_fields = ["received_by", "author", "caller", "department", "unit"]


@admin.register(OrderFeedback)
class OrderFeedbackAdmin(admin.ModelAdmin):
    list_display = ["order", "overall", "given_by", "created_at"]
    raw_id_fields = ["order", "given_by"]
