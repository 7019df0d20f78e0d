from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.fields import OrganisationField
from contacts.models import Organisation, Region, Role, Service
from samhandling import search


class ListedModelChoiceField(forms.ModelChoiceField):
    """A select whose options the form reads once (into `choices`) and where the chosen one is
    found among them, not read again: the directory lists the regions as links too."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        for choice, _label in self.choices:
            if choice and str(choice) == str(value):
                return choice.instance
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class DirectorySearchForm(forms.Form):
    """The search box and filters of /kontakter/ (GET). Unknown filter values are form errors, never a 500."""

    q = forms.CharField(
        label=_("Søk etter navn, stilling, rolle, organisasjon eller region"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    region = ListedModelChoiceField(
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The select and the page's list of regions share one read of the regions.
        field = self.fields["region"]
        field.choices = [choice for choice in field.choices]  # not list(): its length hint is a COUNT
        self.regions: list[Region] = [value.instance for value, _label in field.choices if value]
        self.query = search.Query("", ())

    def filter(self, people):
        """The people matching the valid fields of the form (an invalid field is shown as an error and ignored).

        The query's stems are read once and kept in `query`, for the units the page shows too.
        """
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            self.query = search.parse(data["q"])
            people = people.search(self.query)
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


class ServiceFilterForm(forms.Form):
    """The filters of /tjenester/ (GET): municipality, target group and a search box."""

    q = forms.CharField(
        label=_("Søk i tjenestene"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    kommune = OrganisationField(
        label=_("Kommune"),
        queryset=Organisation.objects.current().filter(kind=Organisation.Kind.MUNICIPALITY),
        to_field_name="slug",
        required=False,
        help_text=_("Tjenester for innbyggere i kommunen. Skriv en del av navnet."),
    )
    malgruppe = forms.ChoiceField(
        label=_("Målgruppe"),
        choices=[("", _("Alle målgrupper")), *Service.TargetGroup.choices],
        required=False,
    )

    def filter(self, services):
        """The services matching the valid fields (an invalid field is shown as an error and ignored)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("q"):
            parsed = search.parse(data["q"])
            services = services.filter(search.matches(parsed, folded="search_text")) if parsed else services
        if data.get("kommune"):
            services = services.covering(data["kommune"])
        if data.get("malgruppe"):
            # Everyone's services are for each group too.
            services = services.filter(target_group__in=[data["malgruppe"], Service.TargetGroup.EVERYONE])
        return services

    @property
    def is_filtered(self) -> bool:
        self.is_valid()
        return any(self.cleaned_data.values())
