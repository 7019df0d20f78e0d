from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline

from deviations.models import Deviation, DeviationEvent
from samhandling.admin import LoggedAdmin


class ReadOnlyMixin:
    """Deviations change only through the workflow (deviations.services), which writes the
    timeline; the admin is for looking, so nothing is edited in place without an event."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeviationEventInline(ReadOnlyMixin, GenericTabularInline):
    """The timeline, read from the audit trail."""

    model = DeviationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "action", "user", "visible_to_reporter", "data")
    readonly_fields = fields


@admin.register(Deviation)
class DeviationAdmin(ReadOnlyMixin, LoggedAdmin):
    list_display = [
        "reference",
        "kind",
        "status",
        "reporter_organisation",
        "concerned_organisation",
        "received_at",
        "respond_by",
    ]
    list_filter = ["status", "kind", "category"]
    search_fields = ["reference"]
    list_select_related = ["reporter_organisation", "concerned_organisation"]
    date_hierarchy = "received_at"
    exclude = ["submission_key_hash", "tracking_token_hash"]
    inlines = [DeviationEventInline]
    show_full_result_count = False
