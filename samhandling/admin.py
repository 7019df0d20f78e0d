from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samhandling.models import LogEntry, LoggedModel, OutboxEmail


class LoggedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions also go to the portal's audit trail.

    The admin's own LogEntry is still written (its History page and "recent actions" read
    it); the audit trail is where every change, in the admin or in the portal, is found.
    """

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        _log(obj, "created", request, {})
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        _log(obj, "changed", request, {"fields": _changed_fields(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            _log(obj, "deleted", request, {})
        return super().log_deletions(request, queryset)


def _log(obj: Model, action: str, request: HttpRequest, data: dict[str, Any]) -> None:
    if isinstance(obj, LoggedModel):
        obj.log_action(action, user=request.user, data=data | {"in_admin": True})


def _changed_fields(message: Any) -> list[str]:
    """The changed fields' labels from the admin's change message ([{"changed": {"fields": [...]}}])."""
    if not isinstance(message, list):
        return []
    return [str(name) for part in message for name in part.get("changed", {}).get("fields", [])]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "content_type", "object_repr", "action", "user", "visible_to_reporter"]
    list_filter = ["content_type", "action"]
    list_select_related = ["content_type", "user"]
    search_fields = ["object_repr"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    exclude = ["body"]  # may hold links meant for the recipient only
    actions = ["retry"]

    @admin.action(description=_("Prøv å sende på nytt"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxEmail]) -> None:
        count = queryset.exclude(status=OutboxEmail.Status.SENT).update(
            status=OutboxEmail.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        self.message_user(request, _("%(count)d e-poster sendes ved neste kjøring.") % {"count": count})
