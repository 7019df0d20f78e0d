from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.forms import RoutineAdminForm
from agreements.models import Agreement, AgreementVersion, Routine
from samhandling.admin import LoggedAdmin


class AgreementVersionInline(admin.StackedInline):
    """Versions are added beside the old ones; an old version is never edited into a new one here.

    A wrong date or typo in an old version is corrected on the version's own admin page.
    """

    model = AgreementVersion
    extra = 0
    fields = ("label", "adopted_on", "in_force_from", "next_revision_due", "document", "changes")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        # Existing versions show read-only; new ones can still be added below them.
        return False


@admin.register(Agreement)
class AgreementAdmin(LoggedAdmin):
    list_display = ("identifier", "title", "kind", "law_point", "parent")
    list_filter = ("kind", "law_point")
    search_fields = ("identifier", "title", "summary_text")
    autocomplete_fields = ("parent", "bodies")
    inlines = [AgreementVersionInline]
    fields = ("kind", "identifier", "title", "slug", "law_point", "parent", "bodies", "summary", "language")

    def get_prepopulated_fields(self, request, obj=None):
        # A slug stays once set: links and bookmarks to the agreement keep working.
        return {} if obj else {"slug": ("identifier",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj else ()


@admin.register(AgreementVersion)
class AgreementVersionAdmin(LoggedAdmin):
    list_display = ("agreement", "label", "in_force_from", "next_revision_due")
    list_filter = ("agreement__kind",)
    list_select_related = ("agreement",)
    search_fields = ("agreement__identifier", "agreement__title", "label")
    autocomplete_fields = ("agreement",)
    date_hierarchy = "in_force_from"
    readonly_fields = ("created_at", "created_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Routine)
class RoutineAdmin(LoggedAdmin):
    form = RoutineAdminForm
    list_display = ("title", "status", "approved_on", "next_review_due")
    list_filter = ("status", "agreements")
    search_fields = ("title", "body_text")
    autocomplete_fields = ("agreements", "owner_body", "owner_organisation")
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "agreements", "audience")}),
        (_("Innhold"), {"fields": ("body", "language", "document")}),
        (_("Eier og gjennomgang"), {"fields": ("owner_body", "owner_organisation", "approved_on", "next_review_due")}),
    )

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ("title",)}

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj else ()
