"""The Django admin for contacts: where coordinators (the Koordinator group, is_staff) keep
regions, organisations and their units, people, their roles, the service catalogue, bodies,
their memberships and meetings current.

Every model has search, filters and autocomplete; the people's search columns refresh
themselves on save (contacts.models), so the public search follows at once.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import Body, Meeting, Membership, Organisation, Person, Region, Role, Service, Unit, User
from contacts.phones import PhoneField, PhoneInput
from samhandling.admin import LoggedAdmin

# The admin gives every CharField its own text box, which would show a stored number as E.164;
# this one shows it the Norwegian way, as people typed it.
PHONES: dict[type[models.Field], dict[str, Any]] = {PhoneField: {"widget": PhoneInput(attrs={"class": "vTextField"})}}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Organisasjon"), {"fields": ("organisation",)}))
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff")
    list_filter = (*BaseUserAdmin.list_filter, "organisation")
    autocomplete_fields = ("organisation",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(LoggedAdmin):
    formfield_overrides = PHONES
    list_display = ("name", "kind", "region", "plo_fallback_phone", "merged_into")
    list_filter = ("kind", "region", ("merged_into", admin.EmptyFieldListFilter))
    list_select_related = ("region", "merged_into")
    search_fields = ("name", "organisation_number", "email")
    autocomplete_fields = ("region", "merged_into")


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("region", "organisation")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("person", "body", "representing")


@admin.register(Person)
class PersonAdmin(LoggedAdmin):
    formfield_overrides = PHONES
    list_display = ("name", "title", "organisation", "email", "phone")
    list_filter = ("roles__kind", "organisation__region", "organisation__kind")
    list_select_related = ("organisation",)
    search_fields = ("name", "title", "email", "organisation__name")
    autocomplete_fields = ("organisation", "unit", "user")
    fields = ("name", "title", "organisation", "unit", "department", "email", "phone", "mobile", "hpr_number", "user")
    inlines = [RoleInline, MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        # Linking a person to a login is for those who may see the logins (administrators).
        codename = get_permission_codename("view", User._meta)
        if request.user.has_perm(f"{User._meta.app_label}.{codename}"):
            return ()
        return ("user",)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("person", "kind", "region", "organisation", "note")
    list_filter = ("kind", "region")
    list_select_related = ("person", "region", "organisation")
    search_fields = ("person__name", "organisation__name", "region__name", "note")
    autocomplete_fields = ("person", "region", "organisation")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "body", "position", "representing", "started_on", "ended_on")
    list_filter = ("position", "body", ("ended_on", admin.EmptyFieldListFilter))
    list_select_related = ("person", "body", "representing")
    search_fields = ("person__name", "body__name", "representing__name")
    autocomplete_fields = ("person", "body", "representing")
    date_hierarchy = "started_on"


class MeetingInline(admin.StackedInline):
    model = Meeting
    extra = 0
    fields = ("starts_at", "ends_at", "place", "agenda", "minutes")


@admin.register(Unit)
class UnitAdmin(LoggedAdmin):
    formfield_overrides = PHONES
    list_display = ("name", "kind", "organisation", "parent", "phone", "plo_fallback_phone")
    list_filter = ("kind", "organisation__region")
    list_select_related = ("organisation", "parent")
    search_fields = ("name", "organisation__name", "email")
    autocomplete_fields = ("organisation", "parent")
    fields = (
        "organisation",
        "parent",
        "name",
        "kind",
        "phone",
        "direct_phone",
        "plo_fallback_phone",
        "email",
        "opening_hours",
        "address",
        "when_to_call",
        "sort_order",
    )


@admin.register(Service)
class ServiceAdmin(LoggedAdmin):
    formfield_overrides = PHONES
    list_display = ("name", "kind", "target_group", "provider", "provider_unit")
    list_filter = ("kind", "target_group")
    list_select_related = ("provider", "provider_unit")
    search_fields = ("name", "summary", "provider__name")
    autocomplete_fields = ("provider", "provider_unit", "contact_person", "municipalities")
    fields = (
        "name",
        "kind",
        "target_group",
        "provider",
        "provider_unit",
        "municipalities",
        "summary",
        "how_to_refer",
        "contact",
        "contact_person",
        "phone",
        "email",
    )


@admin.register(Body)
class BodyAdmin(LoggedAdmin):
    list_display = ("name", "kind", "parent", "region", "sort_order")
    list_filter = ("kind", "region")
    list_select_related = ("parent", "region")
    search_fields = ("name", "mandate")
    autocomplete_fields = ("parent", "region")
    inlines = [MembershipInline, MeetingInline]
