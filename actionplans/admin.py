"""Admin for action plans. Feedback and approvals are the audit trail: read-only here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actionplans.models import (
    ActionPlan,
    ItemProposal,
    ItemStatusEntry,
    PlanApproval,
    PlanFeedback,
    PlanItem,
    StatusReview,
)


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fk_name = "plan"
    extra = 0
    raw_id_fields = ("service", "unit", "department", "advisor", "proposed_by", "origin")


class PlanApprovalInline(admin.TabularInline):
    model = PlanApproval
    extra = 0
    can_delete = False
    readonly_fields = (
        "stage",
        "by",
        "at",
        "meeting_date",
        "case_number",
        "minutes",
        "minutes_file",
    )

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ("area", "start_year", "end_year", "version", "status", "budget_hours")
    list_filter = ("status", "start_year", "area__organisation")
    search_fields = ("area__name",)
    raw_id_fields = ("area", "previous", "created_by")
    inlines = [PlanItemInline, PlanApprovalInline]


@admin.register(PlanItem)
class PlanItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "plan", "service", "budget_hours", "status")
    list_filter = ("status", "plan__start_year")
    search_fields = ("title",)
    raw_id_fields = ("plan", "service", "unit", "department", "advisor", "proposed_by", "origin")


@admin.register(ItemProposal)
class ItemProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "area", "unit", "start_year", "status")
    list_filter = ("status", "start_year")
    raw_id_fields = (
        "area",
        "proposer",
        "unit",
        "department",
        "service",
        "decided_by",
        "resulting_item",
    )


@admin.register(PlanFeedback)
class PlanFeedbackAdmin(admin.ModelAdmin):
    list_display = ("plan", "item", "author", "created_at")
    readonly_fields = ("plan", "item", "author", "text", "created_at")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PlanApproval)
class PlanApprovalAdmin(admin.ModelAdmin):
    list_display = ("plan", "stage", "by", "at", "case_number")
    list_filter = ("stage",)
    readonly_fields = (
        "plan",
        "stage",
        "by",
        "at",
        "meeting_date",
        "case_number",
        "minutes",
        "minutes_file",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


class ItemStatusEntryInline(admin.TabularInline):
    model = ItemStatusEntry
    extra = 0
    raw_id_fields = ("item",)


@admin.register(StatusReview)
class StatusReviewAdmin(admin.ModelAdmin):
    list_display = ("plan", "held_at", "by")
    raw_id_fields = ("plan", "by")
    inlines = [ItemStatusEntryInline]
