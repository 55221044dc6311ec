from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.models import (
    AccessLog,
    Advisor,
    BhtProfile,
    CompetenceArea,
    Department,
    Headcount,
    HealthGuardOverride,
    InquiryCategory,
    MainContact,
    Organisation,
    OutgoingMail,
    RoleAssignment,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation", "area", "unit", "department"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("BHT"), {"fields": ("phone", "job_title", "photo", "department")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "department", "is_active")
    list_filter = ("is_active", "is_staff", "role_assignments__role")
    search_fields = ("username", "first_name", "last_name", "email")
    autocomplete_fields = ["department"]
    inlines = [RoleAssignmentInline]
    list_select_related = ("department",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "org_number", "employees", "fte", "sla_working_days", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "org_number", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "director", "employees")
    list_filter = ("organisation",)
    search_fields = ("name", "director__first_name", "director__last_name")
    autocomplete_fields = ["director"]
    list_select_related = ("organisation", "director")


@admin.register(ServiceUnit)
class ServiceUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "leader", "employees")
    list_filter = ("area__organisation", "area")
    search_fields = ("name", "area__name", "leader__first_name", "leader__last_name")
    autocomplete_fields = ["area", "leader"]
    list_select_related = ("area", "leader")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "leader", "employees")
    list_filter = ("unit__area__organisation", "unit__area")
    search_fields = ("name", "unit__name", "leader__first_name", "leader__last_name")
    autocomplete_fields = ["unit", "leader"]
    list_select_related = ("unit", "leader")


@admin.register(Headcount)
class HeadcountAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "employees", "fte")
    list_filter = ("year",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "organisation", "area", "unit", "department", "valid_from")
    list_filter = ("role", "valid_from", "valid_to")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ["user", "organisation", "area", "unit", "department"]
    list_select_related = ("user", "organisation", "area", "unit", "department")


@admin.register(CompetenceArea)
class CompetenceAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "required_for_approval", "sort_order")
    search_fields = ("name", "code")


@admin.register(Advisor)
class AdvisorAdmin(admin.ModelAdmin):
    list_display = ("user", "profession", "fte_percent", "is_external", "is_active")
    list_filter = ("is_external", "is_active", "competence_areas")
    search_fields = ("user__first_name", "user__last_name", "profession")
    autocomplete_fields = ["user"]
    filter_horizontal = ["competence_areas"]
    list_select_related = ("user",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "statutory_code", "typical_hours", "is_active")
    list_filter = ("statutory_code", "is_active", "competence_areas")
    search_fields = ("name", "description")
    filter_horizontal = ["competence_areas"]


@admin.register(InquiryCategory)
class InquiryCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


@admin.register(MainContact)
class MainContactAdmin(admin.ModelAdmin):
    """Read-mostly: changes go through services.main_contact_assign to keep history."""

    list_display = ("advisor", "area", "unit", "valid_from", "valid_to")
    list_filter = ("area__organisation", "valid_to")
    search_fields = ("advisor__user__first_name", "advisor__user__last_name", "area__name")
    autocomplete_fields = ["advisor", "area", "unit"]
    list_select_related = ("advisor__user", "area", "unit")


@admin.register(BhtProfile)
class BhtProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "approval_number", "approval_valid_until")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and is never edited."""

    list_display = ("at", "user", "action", "content_type", "object_label")
    list_filter = ("action", "content_type")
    search_fields = ("user__username", "object_label")
    list_select_related = ("user", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HealthGuardOverride)
class HealthGuardOverrideAdmin(admin.ModelAdmin):
    """Read-only: the record of «Send likevel» choices is append-only."""

    list_display = ("at", "user", "content_type", "object_id", "kinds", "fields")
    list_filter = ("content_type",)
    list_select_related = ("user", "content_type")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: the notification outbox, to see what was (not yet) sent and why."""

    list_display = ("created_at", "to", "subject", "sent_at", "attempts", "last_error")
    list_filter = (("sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("to", "subject")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
