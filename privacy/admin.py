from django.contrib import admin

from privacy.models import ErasureLog


@admin.register(ErasureLog)
class ErasureLogAdmin(admin.ModelAdmin):
    """Read-only: the proof that personal data was erased on time."""

    list_display = ("at", "record_type", "object_label", "reason", "by")
    list_filter = ("reason", "record_type")
    search_fields = ("object_label", "object_id")
    list_select_related = ("by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
