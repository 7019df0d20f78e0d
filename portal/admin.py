from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.models import (
    ChangeLogEntry,
    Event,
    EventAttachment,
    Link,
    NewsItem,
    Page,
    PageFeedback,
    SignInIdentity,
)
from samhandling.admin import LoggedAdmin


@admin.register(NewsItem)
class NewsItemAdmin(LoggedAdmin):
    list_display = ("title", "status", "publish_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "lead")
    autocomplete_fields = ("source_organisation",)
    # Images are uploaded on the editors' pages, which check and scale them.
    readonly_fields = ("image",)


class EventAttachmentInline(admin.TabularInline):
    model = EventAttachment
    extra = 0
    fields = ("title", "original_name", "kind", "size")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("navn"), ordering="user__last_name")
    def name(self, identity):
        return identity.user.get_full_name()  # uploads go through the editors' pages, which check the content


@admin.register(Event)
class EventAdmin(LoggedAdmin):
    list_display = ("title", "starts_at", "status", "publish_at")
    list_filter = ("status",)
    search_fields = ("title", "location")
    inlines = [EventAttachmentInline]


@admin.register(Page)
class PageAdmin(LoggedAdmin):
    """Editors write pages on their own pages (/redaksjon/sider/); the admin lists them for administrators."""

    list_display = ("title", "parent", "status", "on_front_page", "updated_at")
    list_filter = ("status", "on_front_page")
    list_select_related = ("parent",)
    search_fields = ("title", "lead")


@admin.register(Link)
class LinkAdmin(LoggedAdmin):
    list_display = ("title", "group", "url")
    list_filter = ("group",)
    search_fields = ("title", "url")


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ("path", "found", "created_at")
    list_filter = ("found",)
    search_fields = ("path",)


@admin.register(ChangeLogEntry)
class ChangeLogEntryAdmin(admin.ModelAdmin):
    """The editors' part of the audit trail (samhandling.LogEntry)."""

    list_display = ("created_at", "action", "object_repr", "user")
    list_filter = ("action", "content_type")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SignInIdentity)
class SignInIdentityAdmin(LoggedAdmin):
    """Who signs in through which provider. Made by the sign-in only; deleting one unlinks the
    provider's identity, and the next sign-in makes a new user."""

    list_display = ("name", "user", "provider", "created_at", "last_sign_in_at")
    list_filter = ("provider",)
    list_select_related = ("user",)
    search_fields = ("user__first_name", "user__last_name", "user__email")
    readonly_fields = ("user", "provider", "subject", "created_at", "last_sign_in_at")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("navn"), ordering="user__last_name")
    def name(self, identity):
        return identity.user.get_full_name()
