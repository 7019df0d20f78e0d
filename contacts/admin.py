from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from contacts.models import Body, Organisation, Region, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Organisasjon"), {"fields": ("organisation",)}),)
    list_display = ("username", "email", "first_name", "last_name", "organisation", "is_staff")
    list_filter = BaseUserAdmin.list_filter + ("organisation",)
    autocomplete_fields = ("organisation",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "merged_into")
    list_filter = ("kind", "region")
    search_fields = ("name", "organisation_number")
    autocomplete_fields = ("region", "merged_into")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "region")
    list_filter = ("kind", "region")
    search_fields = ("name", "mandate")
    autocomplete_fields = ("parent", "region")
