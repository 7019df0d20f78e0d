"""The organisation picker: one way to choose one of 1,600 organisations, in every form.

A `<select>` of every organisation weighed 100 KB per field and took a second to render at
national size, and finding one name among 1,600 options is hard with a screen reader too.
So the picker is a text box: without JavaScript the person types part of the name and the
server resolves it when the form is sent (a key, an exact name, or the single match of the
search engine); when several match, the form comes back with them as radio buttons and the
input kept; when none does, a plain message says so. With JavaScript, GOV.UK's
accessible-autocomplete offers the matches while typing, from the JSON search in
contacts.views (the same contacts.search.organisations_matching), and sends the chosen
organisation's key under the field's own name.

The page never lists the organisations, so it costs the same with 20 or 2,000 of them.
"""

import re
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation, Unit
from contacts.search import organisations_matching

# The name of the radio buttons offering the candidates after an ambiguous name: <field>_valg.
CHOICE_SUFFIX = "_valg"
MAX_TEXT_LENGTH = 200
_SLUG = re.compile(r"^[-a-z0-9_]+$")
_MAX_PK = 2**63 - 1


class OrganisationPicker(forms.TextInput):
    """A text box for an organisation's name, enhanced by static/js/organisation-picker.js.

    Shows the chosen organisation's name, however the value came (an instance, its key, a
    name); after an ambiguous name, the candidates the field found as radio buttons.
    """

    template_name = "contacts/widgets/organisation_picker.html"

    class Media:
        css = {"all": ["vendor/accessible-autocomplete/accessible-autocomplete.min.css", "css/organisation-picker.css"]}
        js = [
            forms.Script("vendor/accessible-autocomplete/accessible-autocomplete.min.js", defer=True),
            forms.Script("js/organisation-picker.js", defer=True),
        ]

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        # Set by OrganisationField: how keys are read, and what it found when cleaning.
        self.field: OrganisationField | None = None
        self.candidates: list[Organisation] = []
        self.resolved: dict[str, Organisation] = {}

    def value_from_datadict(self, data, files, name):
        """A candidate chosen among the radio buttons wins over the text typed before it."""
        choice = data.get(name + CHOICE_SUFFIX)
        return choice if choice else data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + CHOICE_SUFFIX not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        organisation = self._organisation(value)
        field = self.field
        key_name = field.to_field_name if field else "pk"
        context["widget"].update(
            {
                "value": organisation.name if organisation else context["widget"]["value"],
                "key": getattr(organisation, key_name) if organisation else "",
                "key_name": key_name,
                "source": reverse("contacts:organisation_search"),
                "include_merged": bool(field and field.include_merged),
                "choice_name": name + CHOICE_SUFFIX,
                "candidates": [(getattr(c, key_name), c) for c in self.candidates],
            }
        )
        return context

    def _organisation(self, value: Any) -> Organisation | None:
        """The organisation a value names by its key (costs a query unless the field found it already)."""
        if isinstance(value, Organisation):
            return value
        if value in (None, "") or self.field is None:
            return None
        text = str(value)
        if text in self.resolved:
            return self.resolved[text]
        return self.field.by_key(text)


class OrganisationField(forms.Field):
    """An organisation from `queryset`, picked by key (from the script or a link) or by name.

    `to_field_name` is the key the script sends and links carry: "pk" in the deviation
    forms, "slug" in filters whose addresses people share. cleaned_data holds the
    Organisation. Queries: one for a key; for a name, one for the exact name and two for
    the search when that is not enough.
    """

    widget = OrganisationPicker
    default_error_messages = {
        "invalid": _("Skriv navnet på organisasjonen, for eksempel «Porsgrunn kommune»."),
        "not_found": _(
            "Fant ingen organisasjon som passer med «%(text)s». Sjekk skrivemåten, eller skriv en kortere del av navnet."
        ),
        "ambiguous": _(
            "Flere organisasjoner passer med «%(text)s». Velg den riktige i listen, eller skriv mer av navnet."
        ),
    }

    def __init__(
        self,
        *,
        queryset: QuerySet[Organisation],
        to_field_name: str = "pk",
        include_merged: bool = False,
        max_candidates: int = 8,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.queryset = queryset
        self.to_field_name = to_field_name
        self.include_merged = include_merged
        self.max_candidates = max_candidates
        self._attach()

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._attach()
        return result

    def _attach(self) -> None:
        picker = self.widget
        if isinstance(picker, OrganisationPicker):
            picker.field = self
            picker.candidates = []
            picker.resolved = {}

    def _looks_like_key(self, text: str) -> bool:
        if self.to_field_name == "pk":
            return text.isascii() and text.isdigit() and int(text) <= _MAX_PK
        return bool(_SLUG.match(text))

    def by_key(self, text: str) -> Organisation | None:
        """The organisation whose key is `text`, if it looks like one (one query) and it exists."""
        if not self._looks_like_key(text):
            return None
        return self.queryset.filter(**{self.to_field_name: text}).first()

    def to_python(self, value: Any) -> Organisation | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Organisation):
            return value
        text = " ".join(str(value).split())
        if not text:
            return None
        if "\x00" in text or len(text) > MAX_TEXT_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        organisation = self.by_key(text) or self._by_name(text)
        self._remember(str(value), organisation)
        return organisation

    def _by_name(self, text: str) -> Organisation:
        same_name = list(
            self.queryset.filter(name__iexact=text).select_related("region").order_by("sort_key")[: self.max_candidates]
        )
        if len(same_name) == 1:
            return same_name[0]
        candidates = same_name or organisations_matching(text, self.queryset, limit=self.max_candidates)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise forms.ValidationError(self.error_messages["not_found"], code="not_found", params={"text": text})
        if isinstance(self.widget, OrganisationPicker):
            self.widget.candidates = candidates
        raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"text": text})

    def _remember(self, value: str, organisation: Organisation) -> None:
        """So the widget shows the name without asking the database again."""
        if isinstance(self.widget, OrganisationPicker):
            self.widget.resolved[value] = organisation


class UnitInput(forms.TextInput):
    """A text box for a unit's name; static/js/unit-suggestions.js offers the chosen organisation's units."""

    class Media:
        js = [forms.Script("js/unit-suggestions.js", defer=True)]


class UnitField(forms.CharField):
    """The unit a form's organisation has, named by typing part of its name (optional).

    The field only reads the text; the form resolves it with `resolve_unit` once it knows the
    organisation chosen beside it (`organisation_field`), so it works in one step without
    JavaScript. With it, the box suggests that organisation's units (a native datalist, filled
    from contacts.views.unit_suggestions).
    """

    widget = UnitInput

    def __init__(self, *, organisation_field: str, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_TEXT_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-unit-suggestions": reverse_lazy("contacts:unit_suggestions"),
                "data-organisation-field": organisation_field,
            }
        )


def resolve_unit(organisation: Organisation, text: str, max_candidates: int = 8) -> Unit | None:
    """The unit of `organisation` that `text` names: its slug, its exact name, or the one name containing it.

    None for no text. A name that fits none or several is refused with a message naming the
    organisation (and the candidates). One query.
    """
    text = " ".join(str(text or "").split())
    if not text:
        return None
    if "\x00" in text or len(text) > MAX_TEXT_LENGTH:
        raise forms.ValidationError(_("Skriv navnet på enheten, for eksempel «Sengepost 3»."), code="invalid")
    units = Unit.objects.filter(organisation=organisation)
    candidates = list(
        units.filter(Q(slug=text) | Q(name__iexact=text) | Q(name__icontains=text)).order_by("sort_key")[
            :max_candidates
        ]
    )
    exact = [unit for unit in candidates if unit.slug == text or unit.name.casefold() == text.casefold()]
    if len(exact) == 1:
        return exact[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise forms.ValidationError(
            _("%(organisation)s har ingen enhet som heter «%(text)s». Sjekk navnet, eller la feltet stå tomt."),
            code="unit_not_found",
            params={"organisation": organisation.name, "text": text},
        )
    raise forms.ValidationError(
        _("Flere enheter i %(organisation)s passer med «%(text)s»: %(names)s. Skriv hele navnet på den riktige."),
        code="unit_ambiguous",
        params={
            "organisation": organisation.name,
            "text": text,
            "names": ", ".join(f"«{unit.name}»" for unit in candidates),
        },
    )
