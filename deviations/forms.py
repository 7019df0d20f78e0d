import datetime
import uuid
from functools import cached_property
from typing import Any, cast

from django import forms
from django.core import validators
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from agreements.models import Agreement
from contacts.fields import OrganisationField, UnitField, resolve_unit
from contacts.models import Organisation, Person, Region, Unit, User
from deviations.models import DESCRIPTION_MAX_LENGTH, Deviation, LearningSummary, Measure, local_today
from deviations.statistics import Direction, Labels, direction_condition, received_from_to
from samhandling import access
from samhandling.validators import no_identity_number
from samhandling.widgets import DateInput

NUL_MESSAGE = _(
    "Teksten inneholder et usynlig kontrolltegn (et null-tegn), ofte fra innliming fra et annet program. "
    "Skriv teksten på nytt eller lim den inn som ren tekst."
)
TOO_LONG_MESSAGE = ngettext_lazy(
    "Teksten er for lang: den kan ha høyst %(limit_value)d tegn, men har nå %(show_value)d.",
    "Teksten er for lang: den kan ha høyst %(limit_value)d tegn, men har nå %(show_value)d.",
    "limit_value",
)


class PlainMessagesMixin:
    """Replaces Django's terse messages for NUL characters and overlong text with plain Norwegian."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [self._plain(validator) for validator in field.validators]

    @staticmethod
    def _plain(validator):
        if isinstance(validator, validators.ProhibitNullCharactersValidator):
            return validators.ProhibitNullCharactersValidator(message=NUL_MESSAGE)
        if isinstance(validator, validators.MaxLengthValidator):
            return validators.MaxLengthValidator(validator.limit_value, message=TOO_LONG_MESSAGE)
        return validator


class ListChoiceField(forms.ModelChoiceField):
    """A choice from a list: any value that is not in it, NUL bytes included, is "not in the list"."""

    def validate_no_null_characters(self, value):
        if "\x00" in str(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class OrganisationChoiceField(ListChoiceField):
    default_error_messages = {
        "invalid_choice": _("Velg en organisasjon fra listen."),
    }


class AgreementChoiceField(ListChoiceField):
    default_error_messages = {
        "invalid_choice": _("Velg en tjenesteavtale fra listen, eller «Vet ikke»."),
    }

    def label_from_instance(self, agreement):
        return f"{agreement.identifier}: {agreement.title}"


def current_organisations():
    return Organisation.objects.current().only("pk", "name", "sort_key")


def service_agreements():
    return Agreement.objects.filter(kind=Agreement.Kind.SERVICE).only("pk", "identifier", "title", "law_point")


class DeviationForm(PlainMessagesMixin, forms.ModelForm):
    """The reporter's form: only what the receiver needs is required.

    `submission_key` is a one-time key rendered into the form; the same form posted twice
    gives the same report (services.submit_deviation). `homepage` is a honeypot: hidden
    from people and assistive technology, filled in by form-filling robots.
    """

    reporter_organisation = OrganisationField(
        queryset=Organisation.objects.current(),
        label=_("Arbeidssted"),
        help_text=_("Skriv en del av navnet, for eksempel «Porsgrunn»."),
    )
    concerned_organisation = OrganisationField(
        # The whole row, its deviation address included: the arrival e-mail is queued to it
        # without another query.
        queryset=Organisation.objects.current(),
        label=_("Organisasjonen det gjelder"),
        help_text=_("Den som skal motta og svare på meldingen. Skriv en del av navnet."),
    )
    concerned_unit = UnitField(
        organisation_field="concerned_organisation",
        label=_("Enheten det gjelder (valgfritt)"),
        help_text=_("For eksempel «Sengepost 3» eller «Tildelingskontoret». La feltet stå tomt om du er usikker."),
    )
    agreement = AgreementChoiceField(
        queryset=service_agreements(),
        label=_("Tjenesteavtale"),
        required=False,
        empty_label=_("Vet ikke"),
        help_text=_("Velg «Vet ikke» om du er usikker; mottakeren finner riktig avtale."),
    )
    submission_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Skjemaet var skadet eller utløpt. Send det på nytt: det du skrev er tatt vare på."),
            "required": _("Skjemaet var skadet eller utløpt. Send det på nytt: det du skrev er tatt vare på."),
        },
    )
    homepage = forms.CharField(
        label=_("Ikke fyll ut dette feltet"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Media:
        # The draft kept in the browser only (see the script); after the picker's script.
        js = [forms.Script("deviations/deviation-draft.js", defer=True)]

    class Meta:
        model = Deviation
        fields = [
            "kind",
            "reporter_name",
            "reporter_title",
            "reporter_email",
            "reporter_phone",
            "reporter_organisation",
            "concerned_organisation",
            "concerned_unit",
            "agreement",
            "category",
            "occurred_on",
            "occurred_at_time",
            "reporter_workplace",
            "description",
            "consequence",
            "immediate_action",
            "suggestion",
        ]
        labels = {
            "kind": _("Hva vil du melde?"),
            "reporter_name": _("Navnet ditt"),
            "reporter_title": _("Stilling"),
            "reporter_email": _("E-post på jobb"),
            "reporter_phone": _("Telefon"),
            "category": _("Kategori"),
            "occurred_on": _("Når skjedde det?"),
            "occurred_at_time": _("Klokkeslett (valgfritt)"),
            "reporter_workplace": _("Ikke i listen? Skriv hvor du jobber"),
            "description": _("Hva skjedde?"),
            "consequence": _("Konsekvens for pasienten"),
            "immediate_action": _("Hva ble gjort med en gang?"),
            "suggestion": _("Forslag til forbedring"),
        }
        help_texts = {
            "occurred_on": _("Datoen hendelsen skjedde, ikke i fremtiden."),
            "occurred_at_time": _("Omtrent når på døgnet, for eksempel 14:30. La stå tomt om du ikke vet."),
            "reporter_workplace": _(
                "Står ikke arbeidsstedet ditt i listen? Velg kommunen, helseforetaket eller legekontoret du "
                "jobber for, og skriv avdelingen eller tjenesten her."
            ),
            "description": _("Beskriv hendelsen og hva som sviktet i samhandlingen."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "consequence": forms.RadioSelect,
            "occurred_on": DateInput,
            "occurred_at_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "reporter_workplace": forms.TextInput(attrs={"autocomplete": "off"}),
            "reporter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "reporter_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "reporter_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "reporter_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "immediate_action": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "occurred_on": {"invalid": _("Skriv en gyldig dato, for eksempel 14.03.2026.")},
            "occurred_at_time": {"invalid": _("Skriv klokkeslettet som timer og minutter, for eksempel 14:30.")},
            "reporter_email": {"invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.")},
            "kind": {"invalid_choice": _("Velg samhandlingsavvik eller forbedringsforslag.")},
            "category": {"invalid_choice": _("Velg en kategori fra listen.")},
            "consequence": {"invalid_choice": _("Velg en av konsekvensene i listen.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].widget.attrs["max"] = local_today().isoformat()
        self.fields["consequence"].choices = [choice for choice in self.fields["consequence"].choices if choice[0]]
        self.fields["category"].choices = [("", _("Velg kategori"))] + list(Deviation.Category.choices)
        if not self.is_bound and "submission_key" not in self.initial:
            self.initial["submission_key"] = uuid.uuid4()
        for name in ("description",):
            self.fields[name].widget.attrs["maxlength"] = DESCRIPTION_MAX_LENGTH

    @classmethod
    def initial_for(cls, user) -> dict:
        """What a logged-in reporter need not type again."""
        if not user.is_authenticated:
            return {}
        return {
            "reporter_name": user.get_full_name(),
            "reporter_email": user.email,
            "reporter_organisation": user.organisation_id,
        }

    def _get_validation_exclusions(self) -> set[str]:
        # The choice fields found each organisation and agreement in their own lists; the
        # model's foreign-key check would look each up again (a query per field per report).
        # Django's own hook for the fields a model form leaves out of model validation; the
        # stubs do not declare it.
        exclusions: set[str] = super()._get_validation_exclusions()  # type: ignore[misc]
        return exclusions | {"reporter_organisation", "concerned_organisation", "concerned_unit", "agreement"}

    def clean_occurred_on(self):
        occurred_on = self.cleaned_data["occurred_on"]
        if occurred_on > local_today():
            raise forms.ValidationError(_("Datoen kan ikke være i fremtiden."), code="future")
        if occurred_on.year < 2000:
            raise forms.ValidationError(_("Sjekk årstallet: datoen er for langt tilbake."), code="too_old")
        return occurred_on

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise forms.ValidationError(
                _("Meldingen ble ikke sendt. Feltet «Ikke fyll ut dette feltet» skal stå tomt."), code="honeypot"
            )
        return ""

    def clean(self):
        cleaned = super().clean()
        reporter, concerned = cleaned.get("reporter_organisation"), cleaned.get("concerned_organisation")
        if reporter and concerned and reporter == concerned:
            self.add_error(
                "concerned_organisation",
                forms.ValidationError(
                    _("Velg en annen organisasjon enn arbeidsstedet ditt: et samhandlingsavvik gjelder en annen part."),
                    code="same_organisation",
                ),
            )
        # The unit is named within the organisation chosen above it (one query, none when empty).
        unit_text = cleaned.get("concerned_unit")
        cleaned["concerned_unit"] = None
        if unit_text and concerned:
            try:
                cleaned["concerned_unit"] = resolve_unit(concerned, unit_text)
            except forms.ValidationError as error:
                self.add_error("concerned_unit", error)
        return cleaned

    def fresh_submission_key(self):
        """After a tampered key, the re-rendered form gets a new one so the next post works."""
        if "submission_key" in self.errors:
            data = self.data.copy()
            data["submission_key"] = str(uuid.uuid4())
            self.data = data

    def deviation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def free_text(label, rows=3, help_text=""):
    """A text area about care: bounded, and guarded against identity numbers."""
    return forms.CharField(
        label=label,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[no_identity_number],
        help_text=help_text,
    )


class ReporterCommentForm(PlainMessagesMixin, forms.Form):
    text = free_text(
        _("Tilleggsopplysninger til mottakeren"),
        help_text=_(
            "Mottakeren får beskjed på e-post. Ikke skriv navn eller andre opplysninger som kan identifisere pasienten."
        ),
    )


class CommentForm(PlainMessagesMixin, forms.Form):
    text = free_text(_("Kommentar"))
    visible_to_reporter = forms.BooleanField(
        label=_("Synlig for melderen"),
        required=False,
        help_text=_("Uten hake er kommentaren intern: bare behandlere og Kvalitetsutvalget ser den."),
    )


class AnswerForm(PlainMessagesMixin, forms.Form):
    text = free_text(
        _("Svar til melderen"),
        rows=6,
        help_text=_("Melderen får beskjed på e-post og leser svaret på kvitteringssiden."),
    )


class ForwardForm(PlainMessagesMixin, forms.Form):
    organisation = OrganisationChoiceField(
        queryset=current_organisations(), label=_("Send videre til"), empty_label=_("Velg organisasjon")
    )
    reason = free_text(
        _("Begrunnelse"),
        help_text=_("Intern: den nye mottakeren ser begrunnelsen, melderen ser bare hvor saken gikk."),
    )

    def __init__(self, *args, deviation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = current_organisations().exclude(pk=deviation.concerned_organisation_id)


# --- The handler's steps ----------------------------------------------------------------------


class ClassifyForm(PlainMessagesMixin, forms.Form):
    """The receiver's classification: what the statistics count."""

    agreement = AgreementChoiceField(
        queryset=service_agreements(), label=_("Tjenesteavtale"), required=False, empty_label=_("Ingen avtale")
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=Deviation.Category.choices,
        error_messages={"invalid_choice": _("Velg en kategori fra listen.")},
    )
    consequence = forms.ChoiceField(
        label=_("Konsekvens for pasienten"),
        required=False,
        choices=[("", _("Ikke oppgitt"))] + list(Deviation.Consequence.choices),
        error_messages={"invalid_choice": _("Velg en av konsekvensene i listen.")},
    )

    @classmethod
    def initial_for(cls, deviation: Deviation) -> dict:
        return {
            "agreement": deviation.agreement_id,
            "category": deviation.category,
            "consequence": deviation.consequence,
        }


class InvestigationForm(PlainMessagesMixin, forms.Form):
    case_number = forms.CharField(
        label=_("Saksnummer i eget arkiv"),
        required=False,
        max_length=40,
        validators=[no_identity_number],
        help_text=_("For eksempel 2026/01234."),
    )
    causes = forms.MultipleChoiceField(
        label=_("Årsaker"),
        required=False,
        choices=Deviation.Cause.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Velg årsaker fra listen.")},
    )


Choices = list[tuple[int | str, Any]]


def receiver_directory(organisation_id: int) -> dict[str, Choices]:
    """The receiving organisation's handlers, units and people, as the handling forms list them.

    One UNION query for the page's three lists (assignee, unit, a measure's owner): the
    fields keep their querysets to check what is posted, and show these choices.
    """

    def rows(queryset, kind: str, label, sort):
        return queryset.annotate(row_kind=Value(kind), row_id=F("pk"), row_label=label, row_sort=sort).values_list(
            "row_kind", "row_id", "row_label", "row_sort"
        )

    full_name = Trim(Concat("first_name", Value(" "), "last_name"))
    handlers = rows(
        colleagues(organisation_id).order_by(),
        "user",
        Coalesce(NullIf(full_name, Value("")), "username"),
        Lower(Concat("first_name", Value(" "), "last_name", Value(" "), "username")),
    )
    units = rows(Unit.objects.filter(organisation_id=organisation_id), "unit", F("name"), F("sort_key"))
    people = rows(Person.objects.filter(organisation_id=organisation_id), "person", F("name"), F("sort_key"))
    directory: dict[str, list[tuple[str, int, str]]] = {"user": [], "unit": [], "person": []}
    for kind, pk, label, sort in handlers.union(units, people, all=True):
        directory[kind].append((sort, pk, label))
    return {kind: [(pk, label) for _sort, pk, label in sorted(entries)] for kind, entries in directory.items()}


class ReceiverDirectory:
    """receiver_directory(), read when a form first renders a list of it (not at all when the
    page's form fragments are cached), and once for all the page's forms."""

    def __init__(self, organisation_id: int) -> None:
        self.organisation_id = organisation_id

    @cached_property
    def lists(self) -> dict[str, Choices]:
        return receiver_directory(self.organisation_id)


class _DirectoryChoices:
    def __init__(self, directory: ReceiverDirectory, kind: str, empty: Choices) -> None:
        self.directory, self.kind, self.empty = directory, kind, empty

    def __iter__(self):
        yield from self.empty
        yield from self.directory.lists[self.kind]


def _show(field: forms.Field, directory: ReceiverDirectory, kind: str) -> None:
    """The field lists the directory's `kind` instead of querying its queryset again to render;
    the queryset still checks what is posted."""
    label = cast(forms.ModelChoiceField, field).empty_label
    empty: Choices = [("", label)] if label is not None else []  # lazy: rendered in the page's language
    field.widget.choices = _DirectoryChoices(directory, kind, empty)


class UnitChoiceField(ListChoiceField):
    """One of the receiving organisation's units; any other (another organisation's) is not in the list."""

    default_error_messages = {"invalid_choice": _("Velg en av enhetene i organisasjonen som har saken.")}

    def label_from_instance(self, unit):
        return unit.name


def receiving_units(organisation_id: int):
    """The units a case (or a measure) may be given to: the receiving organisation's own."""
    return Unit.objects.filter(organisation_id=organisation_id).only("pk", "name", "email").order_by("sort_key", "pk")


class PersonChoiceField(ListChoiceField):
    default_error_messages = {"invalid_choice": _("Velg en av personene i organisasjonen som har saken.")}

    def label_from_instance(self, person):
        return person.name


class MeasureForm(PlainMessagesMixin, forms.ModelForm):
    """A measure and its owner: a unit or person of the receiving organisation, or free text for anyone else."""

    owner_unit = UnitChoiceField(
        queryset=Unit.objects.none(), label=_("Ansvarlig enhet"), required=False, empty_label=_("Ingen enhet valgt")
    )
    owner_person = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Ansvarlig person"), required=False, empty_label=_("Ingen person valgt")
    )

    class Meta:
        model = Measure
        fields = ["description", "owner_unit", "owner_person", "owner", "due_on"]
        labels = {"description": _("Tiltak"), "owner": _("Annen ansvarlig"), "due_on": _("Frist")}
        help_texts = {"owner": _("For en ansvarlig som ikke står i katalogen, for eksempel «Avdelingsleder».")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_on": DateInput}
        error_messages = {"due_on": {"invalid": _("Skriv en gyldig dato, for eksempel 14.03.2026.")}}

    def __init__(self, *args, deviation: Deviation, directory: ReceiverDirectory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = deviation.concerned_organisation_id
        self.fields["owner_unit"].queryset = receiving_units(organisation_id)  # type: ignore[attr-defined]
        self.fields["owner_person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(organisation_id=organisation_id).only("pk", "name").order_by("sort_key", "pk")
        )
        directory = directory or ReceiverDirectory(organisation_id)
        _show(self.fields["owner_unit"], directory, "unit")
        _show(self.fields["owner_person"], directory, "person")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("owner") or cleaned.get("owner_unit") or cleaned.get("owner_person")):
            if not self.has_error("owner") and not self.has_error("owner_unit") and not self.has_error("owner_person"):
                self.add_error(
                    "owner_unit", _("Velg en ansvarlig enhet eller person, eller skriv hvem som er ansvarlig.")
                )
        return cleaned


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Measure.Status.choices,
        error_messages={"invalid_choice": _("Velg en status fra listen.")},
    )
    due_on = forms.DateField(
        label=_("Frist"),
        widget=DateInput,
        error_messages={"invalid": _("Skriv en gyldig dato, for eksempel 14.03.2026.")},
    )


class AssigneeChoiceField(ListChoiceField):
    default_error_messages = {"invalid_choice": _("Velg en saksbehandler fra listen.")}

    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


def colleagues(organisation_id: int):
    """Who may be given a case: the receiving organisation's active handlers."""
    return (
        User.objects.filter(organisation_id=organisation_id, is_active=True, groups__name=access.HANDLER)
        .only("pk", "first_name", "last_name", "username", "email")
        .order_by("first_name", "last_name", "username")
    )


class AssignForm(forms.Form):
    assignee = AssigneeChoiceField(
        queryset=User.objects.none(), label=_("Saksbehandler"), required=False, empty_label=_("Ingen (ikke tildelt)")
    )
    unit = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Enhet (valgfritt)"),
        required=False,
        empty_label=_("Ingen enhet"),
        help_text=_("Enheten i organisasjonen som har saken, med eller uten en saksbehandler."),
    )

    def __init__(self, *args, deviation: Deviation, directory: ReceiverDirectory | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = deviation.concerned_organisation_id
        self.fields["assignee"].queryset = colleagues(organisation_id)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = receiving_units(organisation_id)  # type: ignore[attr-defined]
        directory = directory or ReceiverDirectory(organisation_id)
        _show(self.fields["assignee"], directory, "user")
        _show(self.fields["unit"], directory, "unit")


class ReporterReplyForm(PlainMessagesMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Løste svaret problemet?"),
        choices=Deviation.ReporterVerdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Svar ja, delvis eller nei."),
            "invalid_choice": _("Svar ja, delvis eller nei."),
        },
    )
    text = forms.CharField(
        label=_("Kommentar til svaret (valgfritt)"),
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_identity_number],
        help_text=_("Du kan svare én gang. Ikke skriv navn eller andre opplysninger som kan identifisere pasienten."),
    )


class LearningSummaryForm(PlainMessagesMixin, forms.ModelForm):
    class Meta:
        model = LearningSummary
        fields = ["title", "body"]
        labels = {"title": _("Tittel"), "body": _("Hva vi lærte")}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}


class InboxFilterForm(forms.Form):
    """The inbox's filters, all in the address. Invalid values (a tampered address) are reported and ignored.

    It opens on the open cases (status ""), in triage order; "alle" lists every status.
    The views mine / unassigned / all (`vis`) narrow by who has the case.
    """

    DIRECTION_OUTGOING = "fra"
    OPEN = ""
    ALL = "alle"
    MINE = "mine"
    UNASSIGNED = "utildelt"

    vis = forms.ChoiceField(
        label=_("Saksbehandler"),
        required=False,
        choices=[("", _("Alle")), (MINE, _("Mine")), (UNASSIGNED, _("Ikke tildelt"))],
    )
    direction = forms.ChoiceField(
        label=_("Retning"),
        required=False,
        choices=[
            ("", _("Til oss")),
            (DIRECTION_OUTGOING, _("Fra oss")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(OPEN, _("Åpne (mottatt eller under behandling)")), (ALL, _("Alle"))] + list(Deviation.Status.choices),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Alle"))] + list(Deviation.Kind.choices))
    category = forms.ChoiceField(
        label=_("Kategori"), required=False, choices=[("", _("Alle"))] + list(Deviation.Category.choices)
    )
    agreement = AgreementChoiceField(
        queryset=service_agreements(), label=_("Tjenesteavtale"), required=False, empty_label=_("Alle")
    )
    reporter_organisation = OrganisationField(
        queryset=Organisation.objects.all(), include_merged=True, label=_("Meldt fra"), required=False
    )
    concerned_organisation = OrganisationField(
        queryset=Organisation.objects.all(), include_merged=True, label=_("Meldt til"), required=False
    )
    overdue = forms.BooleanField(label=_("Bare forfalte"), required=False)

    def __init__(self, *args, sees_all: bool, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A handler's inbox is their organisation's; Kvalitetsutvalget chooses the receiver.
        if sees_all:
            del self.fields["direction"]
        else:
            del self.fields["concerned_organisation"]

    def _value(self, name: str) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or ""
        return ""

    @property
    def outgoing(self) -> bool:
        return self._value("direction") == self.DIRECTION_OUTGOING

    @property
    def view(self) -> str:
        return self._value("vis")

    @property
    def chosen_status(self) -> str:
        return self._value("status")

    @property
    def triage(self) -> bool:
        """Open cases are listed overdue first, then oldest; the others newest first."""
        return self.chosen_status in (self.OPEN, *Deviation.OPEN_STATUSES)

    def filter(self, deviations):
        """Applies every valid filter but status (the counts per status are taken before it)."""
        if self.view == self.MINE and self.user is not None:
            # Given to me, or to my unit with nobody named: a unit's cases are its people's to take.
            my_unit = Person.objects.filter(user=self.user, unit__isnull=False).values("unit_id")
            deviations = deviations.filter(
                Q(assigned_to=self.user) | Q(assigned_to__isnull=True, assigned_unit__in=my_unit)
            )
        elif self.view == self.UNASSIGNED:
            # Neither a person nor a unit has it.
            deviations = deviations.filter(assigned_to__isnull=True, assigned_unit__isnull=True)
        if not self.is_bound:
            return deviations
        self.is_valid()
        data = self.cleaned_data
        conditions = Q()
        for name in ("kind", "category"):
            if data.get(name):
                conditions &= Q(**{name: data[name]})
        for name in ("agreement", "reporter_organisation", "concerned_organisation"):
            if data.get(name):
                conditions &= Q(**{name: data[name]})
        deviations = deviations.filter(conditions)
        if data.get("overdue"):
            deviations = deviations.overdue()
        return deviations

    def filter_status(self, deviations):
        status = self.chosen_status
        if status == self.OPEN:
            deviations = deviations.filter(status__in=Deviation.OPEN_STATUSES)
        elif status != self.ALL:
            deviations = deviations.filter(status=status)
        if self.triage:
            return deviations.order_by(*TRIAGE_ORDER)
        return deviations

    def listed(self, counts: dict[str, int]) -> int:
        """How many the list holds, from the counts per status already taken."""
        status = self.chosen_status
        if status == self.OPEN:
            return sum(counts[value] for value in Deviation.OPEN_STATUSES)
        return counts["total"] if status == self.ALL else counts[status]


# Overdue first (the earliest deadline is the most overdue), then the oldest: served by the
# partial indexes deviation_triage, deviation_triage_unassigned and deviation_assigned_open.
TRIAGE_ORDER = ("respond_by", "received_at")


def _iso_date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def optional_date(label, message) -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DateInput, error_messages={"invalid": message})


def optional_choice(label, message, choices=()) -> forms.ChoiceField:
    """A filter from a list; a value not in it is told in plain Norwegian."""
    return forms.ChoiceField(label=label, required=False, choices=choices, error_messages={"invalid_choice": message})


class StatisticsFilterForm(forms.Form):
    """The statistics' filters, all in the address (GET), so a view can be linked and exported.

    The period defaults to the last twelve months (this one included). The lists of
    regions, organisations and agreements are loaded once, and name the figures too
    (labels()). Invalid input is reported at the top of the form and no figures are
    shown until it is put right: a figure must never be of something else than it says.
    """

    EITHER = "begge"
    REPORTING = "melder"
    CONCERNED = "mottaker"
    NO_AGREEMENT = "ingen"
    EARLIEST = datetime.date(2000, 1, 1)

    fra = optional_date(_("Fra og med"), _("Skriv en gyldig dato, for eksempel 2026-01-31."))
    til = optional_date(_("Til og med"), _("Skriv en gyldig dato, for eksempel 2026-12-31."))
    region = optional_choice(_("Region"), _("Velg en region fra listen."))
    organisasjon = OrganisationField(
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        include_merged=True,
        label=_("Organisasjon"),
        required=False,
    )
    enhet = UnitField(
        organisation_field="organisasjon",
        label=_("Enhet som mottaker"),
        help_text=_("En enhet i organisasjonen over, for eksempel «Sengepost 3»: bare meldinger som gjelder enheten."),
    )
    rolle = optional_choice(
        _("Regionen eller organisasjonen som"),
        _("Velg melder, mottaker eller begge."),
        [(EITHER, _("Melder eller mottaker")), (REPORTING, _("Melder")), (CONCERNED, _("Mottaker"))],
    )
    retning = optional_choice(_("Retning"), _("Velg en retning fra listen."))
    type = optional_choice(
        _("Type"),
        _("Velg samhandlingsavvik, forbedringsforslag eller alle."),
        [("", _("Alle"))] + list(Deviation.Kind.choices),
    )
    kategori = optional_choice(
        _("Kategori"), _("Velg en kategori fra listen."), [("", _("Alle"))] + list(Deviation.Category.choices)
    )
    avtale = optional_choice(_("Tjenesteavtale"), _("Velg en tjenesteavtale fra listen."))

    def __init__(self, data, *, today: datetime.date):
        data = data.copy()
        # The period is always shown as the dates it is, defaults included.
        if not data.get("til"):
            data["til"] = today.isoformat()
        if not data.get("fra"):
            last = _iso_date(data["til"]) or today
            data["fra"] = self.year_before(last).isoformat()
        super().__init__(data)
        self.today = today
        self.regions = list(Region.objects.only("pk", "name", "slug", "sort_key"))
        # Every organisation's name, to name the figures (labels()): names only, as 1,600
        # model instances took longer to build than the figures.
        self.organisation_names = dict(Organisation.objects.values_list("pk", "name"))
        self.agreements = list(
            Agreement.objects.only("pk", "kind", "identifier", "title", "slug", "law_point").order_by(
                "law_point", "identifier"
            )
        )
        everyone = [("", _("Alle"))]
        self._choice_field("region").choices = everyone + [(r.slug, r.name) for r in self.regions]
        self._choice_field("retning").choices = everyone + list(Direction.choices)
        self._choice_field("avtale").choices = (
            everyone
            + [(a.slug, f"{a.identifier}: {a.title}") for a in self.agreements]
            + [(self.NO_AGREEMENT, _("Ingen avtale oppgitt"))]
        )

    @staticmethod
    def year_before(last: datetime.date) -> datetime.date:
        """The first day of the twelve months that end with `last`'s month."""
        first_month = last.year * 12 + (last.month - 1) - 11
        return datetime.date(first_month // 12, first_month % 12 + 1, 1)

    def clean_fra(self):
        first = self.cleaned_data["fra"]
        if first and first < self.EARLIEST:
            raise forms.ValidationError(_("Velg en dato i år 2000 eller senere."), code="too_early")
        return first

    def clean_til(self):
        last = self.cleaned_data["til"]
        latest = datetime.date(self.today.year, 12, 31)
        if last and last > latest:
            raise forms.ValidationError(
                _("Velg en dato senest %(date)s.") % {"date": latest.strftime("%d.%m.%Y")}, code="too_late"
            )
        if last and last < self.EARLIEST:
            raise forms.ValidationError(_("Velg en dato i år 2000 eller senere."), code="too_early")
        return last

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("fra"), cleaned.get("til")
        if first and last and first > last:
            self.add_error(
                "til",
                forms.ValidationError(_("«Til og med» kan ikke være før «Fra og med»."), code="before_start"),
            )
        # A unit is named within the organisation chosen (one query, none when empty).
        unit_text, organisation = cleaned.get("enhet"), cleaned.get("organisasjon")
        cleaned["enhet"] = None
        if unit_text and not organisation:
            self.add_error(
                "enhet", forms.ValidationError(_("Velg organisasjonen enheten hører til."), code="no_organisation")
            )
        elif unit_text:
            try:
                cleaned["enhet"] = resolve_unit(organisation, unit_text)
            except forms.ValidationError as error:
                self.add_error("enhet", error)
        return cleaned

    @property
    def first_day(self) -> datetime.date:
        return self.cleaned_data["fra"]

    @property
    def last_day(self) -> datetime.date:
        return self.cleaned_data["til"]

    def filter(self, deviations):
        """The deviations the valid filters select, period included. Call after is_valid()."""
        data = self.cleaned_data
        deviations = received_from_to(deviations, data["fra"], data["til"])
        role = data.get("rolle") or self.EITHER
        if data.get("region"):
            in_region = Organisation.objects.filter(region__slug=data["region"]).values("pk")
            deviations = deviations.filter(self._as_role(role, in_region, "__in"))
        if data.get("organisasjon"):
            deviations = deviations.filter(self._as_role(role, data["organisasjon"].pk, ""))
        if data.get("enhet"):
            deviations = deviations.filter(concerned_unit=data["enhet"])
        if data.get("retning"):
            deviations = deviations.filter(direction_condition(data["retning"]))
        if data.get("type"):
            deviations = deviations.filter(kind=data["type"])
        if data.get("kategori"):
            deviations = deviations.filter(category=data["kategori"])
        if data.get("avtale") == self.NO_AGREEMENT:
            deviations = deviations.filter(agreement__isnull=True)
        elif data.get("avtale"):
            deviations = deviations.filter(agreement=next(a for a in self.agreements if a.slug == data["avtale"]))
        return deviations

    def _as_role(self, role: str, value, lookup: str) -> Q:
        reporting = Q(**{f"reporter_organisation{lookup}": value})
        concerned = Q(**{f"concerned_organisation{lookup}": value})
        return {self.REPORTING: reporting, self.CONCERNED: concerned}.get(role, reporting | concerned)

    def labels(self):
        return Labels.from_lists([], self.agreements, organisation_names=self.organisation_names)

    def _choice_field(self, name: str) -> forms.ChoiceField:
        """Every filter of this form is a ChoiceField (optional_choice); the type checker sees a Field."""
        return cast(forms.ChoiceField, self.fields[name])

    def _chosen(self, name: str) -> tuple[str, str]:
        """(the filter's label, the label of the value chosen in it)."""
        field = self._choice_field(name)
        choices = cast(list[tuple[str, str]], field.choices)  # lists, set above or in __init__
        return str(field.label), str(dict(choices)[self.cleaned_data[name]])

    def description(self) -> list[tuple[str, str]]:
        """The chosen filters in words, [(label, value), ...], for the exports and the page."""
        data = self.cleaned_data
        chosen = [(str(_("Periode")), f"{data['fra']:%d.%m.%Y}–{data['til']:%d.%m.%Y}")]
        for name in ("region", "organisasjon", "enhet", "retning", "type", "kategori", "avtale"):
            if name in ("organisasjon", "enhet") and data.get(name):
                chosen.append((str(self.fields[name].label), data[name].name))
            elif data.get(name):
                chosen.append(self._chosen(name))
        if data.get("rolle") and data["rolle"] != self.EITHER and (data.get("region") or data.get("organisasjon")):
            chosen.append(self._chosen("rolle"))
        return chosen
