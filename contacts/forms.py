from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.fields import OrganisationField
from contacts.models import Organisation, Region, Role


class DirectorySearchForm(forms.Form):
    """The search box and filters of /kontakter/ (GET). Unknown filter values are form errors, never a 500."""

    q = forms.CharField(
        label=_("Søk etter navn, stilling, rolle, organisasjon eller region"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle regioner"),
    )
    organisation = OrganisationField(
        label=_("Organisasjon"),
        queryset=Organisation.objects.current(),
        to_field_name="slug",
        required=False,
    )
    role = forms.ChoiceField(
        label=_("Rolle"),
        choices=[("", _("Alle roller")), *Role.Kind.choices],
        required=False,
    )

    def filter(self, people):
        """The people matching the valid fields of the form (an invalid field is shown as an error and ignored)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            people = people.search(data["q"])
        if data.get("region"):
            people = people.in_region(data["region"])
        if data.get("organisation"):
            people = people.in_organisation(data["organisation"])
        if data.get("role"):
            people = people.with_role(data["role"])
        return people

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.values())
