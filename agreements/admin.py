from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.forms import RoutineAdminForm
from agreements.models import (
    Agreement,
    AgreementVersion,
    Measure,
    Pathway,
    PathwayStep,
    Plan,
    ProgressNote,
    Project,
    ProjectDocument,
    Routine,
    Theme,
)
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


# --- The action plan, pathways and projects: coordinators maintain them here, as agreements. ---


class SlugOnceAdmin(LoggedAdmin):
    """A slug is set once: links and bookmarks keep working when a title changes."""

    slug_from = "title"

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": (self.slug_from,)}

    def get_readonly_fields(self, request, obj=None):
        return (
            ("slug", *super().get_readonly_fields(request, obj)) if obj else super().get_readonly_fields(request, obj)
        )


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ("position", "title", "description")


@admin.register(Plan)
class PlanAdmin(SlugOnceAdmin):
    slug_from = "title"
    list_display = ("title", "first_year", "last_year", "status", "decided_by")
    list_filter = ("status",)
    search_fields = ("title", "search_document")
    autocomplete_fields = ("decided_by",)
    fields = ("title", "slug", "first_year", "last_year", "status", "decided_by", "decided_on", "introduction")
    inlines = [ThemeInline]


class ProgressNoteInline(admin.TabularInline):
    """Dated notes of progress; the newest first on the measure's page."""

    model = ProgressNote
    extra = 1
    fields = ("written_on", "text")


@admin.register(Measure)
class MeasureAdmin(SlugOnceAdmin):
    list_display = ("title", "theme", "status", "deadline", "owner_body", "owner_organisation")
    list_filter = ("status", "theme__plan")
    list_select_related = ("theme", "owner_body", "owner_organisation")
    search_fields = ("title", "search_document")
    autocomplete_fields = (
        "theme",
        "owner_body",
        "owner_organisation",
        "responsible",
        "routines",
        "agreements",
        "projects",
        "pathways",
    )
    fieldsets = (
        (None, {"fields": ("theme", "position", "title", "slug", "description")}),
        (_("Ansvar og frist"), {"fields": ("owner_body", "owner_organisation", "responsible", "deadline", "status")}),
        (_("Koblinger"), {"fields": ("routines", "agreements", "projects", "pathways")}),
    )
    inlines = [ProgressNoteInline]

    def save_formset(self, request, form, formset, change):
        # The author of each new progress note is whoever saved it.
        notes = formset.save(commit=False)
        for note in notes:
            if isinstance(note, ProgressNote) and note.pk is None:
                note.created_by = request.user
            note.save()
        for note in formset.deleted_objects:
            note.delete()
        formset.save_m2m()


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    """For the measures' theme picker (autocomplete); themes are edited on their plan."""

    list_display = ("title", "plan", "position")
    list_select_related = ("plan",)
    search_fields = ("title", "plan__title")

    def has_module_permission(self, request):
        return False


class PathwayStepInline(admin.StackedInline):
    model = PathwayStep
    extra = 0
    fields = (
        "position",
        "title",
        "description",
        "documentation",
        "routines",
        "agreements",
        "contacts",
        "organisations",
    )
    autocomplete_fields = ("routines", "agreements", "contacts", "organisations")


@admin.register(Pathway)
class PathwayAdmin(SlugOnceAdmin):
    list_display = ("title", "owner_body", "updated_at")
    search_fields = ("title", "search_document")
    autocomplete_fields = ("owner_body",)
    fields = ("title", "slug", "owner_body", "summary")
    inlines = [PathwayStepInline]


class ProjectDocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0
    fields = ("title", "document", "added_on")


@admin.register(Project)
class ProjectAdmin(SlugOnceAdmin):
    list_display = ("title", "status", "starts_on", "ends_on", "owner_body", "owner_organisation")
    list_filter = ("status",)
    list_select_related = ("owner_body", "owner_organisation")
    search_fields = ("title", "search_document")
    autocomplete_fields = ("owner_body", "owner_organisation", "contact")
    fields = (
        "title",
        "slug",
        "status",
        "starts_on",
        "ends_on",
        "owner_body",
        "owner_organisation",
        "contact",
        "purpose",
    )
    inlines = [ProjectDocumentInline]
