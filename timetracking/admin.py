"""Admin for time tracking. Entries are written through timetracking.services, so the
admin obeys the same rules (locked months, 24 hours a day, audit history) as the
pages and the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.errors import ApplicationError
from timetracking import services
from timetracking.models import (
    BudgetAlert,
    HourlyRate,
    InternalActivity,
    PeriodLock,
    TimeEntry,
    WeekSubmission,
)


@admin.register(TimeEntry)
class TimeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["date", "advisor", "hours", "activity", "billing", "area", "status"]
    list_filter = ["billing", "status", "activity", "area"]
    date_hierarchy = "date"
    raw_id_fields = ["advisor", "order", "plan_item", "created_by"]
    readonly_fields = ["billing", "area", "status", "created_by", "created_at", "updated_at"]
    fields = [
        "advisor",
        "date",
        "hours",
        "activity",
        "order",
        "plan_item",
        "internal_activity",
        "note",
        *readonly_fields,
    ]

    def save_model(self, request: HttpRequest, obj: TimeEntry, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data.get(name) for name in services.ENTRY_FIELDS}
        values["note"] = values["note"] or ""
        if change:
            saved = services.time_entry_update(
                entry=TimeEntry.objects.get(pk=obj.pk),
                user=request.user,  # type: ignore[arg-type]
                **values,
            )
        else:
            saved = services.time_entry_create(
                user=request.user,  # type: ignore[arg-type]
                advisor=form.cleaned_data["advisor"],
                **values,
            )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: TimeEntry) -> None:
        services.time_entry_delete(entry=obj, user=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for entry in queryset:
            services.time_entry_delete(entry=entry, user=request.user)  # type: ignore[arg-type]

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except (ApplicationError, PermissionDenied) as exc:
            # A refused write: show why instead of a server error; nothing was saved.
            self.message_user(request, getattr(exc, "message", str(exc)), messages.ERROR)
            from django.shortcuts import redirect

            return redirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().delete_view(request, *args, **kwargs)
        except (ApplicationError, PermissionDenied) as exc:
            self.message_user(request, getattr(exc, "message", str(exc)), messages.ERROR)
            from django.shortcuts import redirect

            return redirect(request.get_full_path())


@admin.register(InternalActivity)
class InternalActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "sort_order", "is_active"]


@admin.register(HourlyRate)
class HourlyRateAdmin(SimpleHistoryAdmin):
    list_display = ["year", "amount", "set_by"]
    readonly_fields = ["set_by"]


@admin.register(PeriodLock)
class PeriodLockAdmin(SimpleHistoryAdmin):
    """Read-only: locks and unlocks go through the approval page (reason and history)."""

    list_display = ["month", "organisation", "locked_by", "locked_at", "unlocked_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WeekSubmission)
class WeekSubmissionAdmin(admin.ModelAdmin):
    list_display = ["advisor", "week_start", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["advisor", "week_start", "status", "decided_by", "decided_at"]


@admin.register(BudgetAlert)
class BudgetAlertAdmin(admin.ModelAdmin):
    list_display = ["plan_item", "order", "threshold", "sent_at"]
