from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deviations.models import Deviation, DeviationEvent, Notification, OverdueReminder


class ReadOnlyMixin:
    """Deviations change only through the workflow (deviations.services), which writes the
    timeline; the admin is for looking, so nothing is edited in place without an event."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeviationEventInline(ReadOnlyMixin, admin.TabularInline):
    model = DeviationEvent
    extra = 0
    can_delete = False
    fields = (
        "created_at",
        "kind",
        "author",
        "by_reporter",
        "visible_to_reporter",
        "from_status",
        "to_status",
        "to_organisation",
    )
    readonly_fields = fields


@admin.register(Deviation)
class DeviationAdmin(ReadOnlyMixin, admin.ModelAdmin):
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


@admin.register(Notification)
class NotificationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["deviation", "kind", "recipient", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["deviation"]
    actions = ["retry"]

    @admin.action(description=_("Prøv å sende på nytt"))
    def retry(self, request, queryset):
        count = queryset.exclude(status=Notification.Status.SENT).update(
            status=Notification.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        self.message_user(request, _("%(count)d varsler sendes ved neste kjøring.") % {"count": count})


@admin.register(OverdueReminder)
class OverdueReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["day", "organisation", "recipient", "deviation_count", "status", "attempts", "sent_at"]
    list_filter = ["status", "day"]
    list_select_related = ["organisation"]
