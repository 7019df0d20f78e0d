from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, AgreementVersion, Measure, ProgressNote, Routine
from samhandling.widgets import DateInput


class AgreementVersionForm(forms.ModelForm):
    """A new version of an agreement; the old ones stay as they were."""

    class Meta:
        model = AgreementVersion
        fields = ["label", "adopted_on", "in_force_from", "next_revision_due", "document", "changes"]
        widgets = {
            "adopted_on": DateInput,
            "in_force_from": DateInput,
            "next_revision_due": DateInput,
            "document": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "changes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.agreement = agreement
        self.fields["document"].help_text = _("Bare PDF.")

    def clean(self):
        # The unique constraints involve `agreement`, which is not a form field, so Django
        # would not check them: checked here, to answer with a message rather than a 500.
        cleaned = super().clean()
        versions = AgreementVersion.objects.filter(agreement=self.instance.agreement)
        if cleaned.get("label") and versions.filter(label=cleaned["label"]).exists():
            self.add_error("label", _("Avtalen har allerede en versjon med denne betegnelsen."))
        if cleaned.get("in_force_from") and versions.filter(in_force_from=cleaned["in_force_from"]).exists():
            self.add_error("in_force_from", _("Avtalen har allerede en versjon som gjelder fra denne datoen."))
        return cleaned


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return f"{obj.identifier}: {obj.title}"


class RoutineFilterForm(forms.Form):
    """The filters of /rutiner/. Status is offered to coordinators only."""

    q = forms.CharField(label=_("Søk i rutiner"), required=False, max_length=200)
    avtale = AgreementChoiceField(
        label=_("Avtale"),
        queryset=Agreement.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Alle avtaler"),
    )
    malgruppe = forms.ChoiceField(label=_("Målgruppe"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    ALL = "alle"

    def __init__(self, *args, can_see_all: bool, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = cast(AgreementChoiceField, self.fields["avtale"])
        agreement.queryset = Agreement.objects.only("identifier", "title", "slug", "law_point")
        cast(forms.ChoiceField, self.fields["malgruppe"]).choices = [
            ("", _("Alle målgrupper")),
            *Routine.Audience.choices,
        ]
        if can_see_all:
            cast(forms.ChoiceField, self.fields["status"]).choices = [
                ("", _("Gjeldende")),
                (Routine.Status.DRAFT, _("Utkast")),
                (Routine.Status.ARCHIVED, _("Arkivert")),
                (self.ALL, _("Alle")),
            ]
        else:
            del self.fields["status"]

    def filter(self, routines):
        """Applies the valid filters to routines; invalid ones are ignored (the form shows why)."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or Routine.Status.IN_FORCE
        if status != self.ALL:
            routines = routines.filter(status=status)
        if data.get("avtale"):
            routines = routines.filter(agreements=data["avtale"])
        if data.get("malgruppe"):
            routines = routines.filter(audience__contains=[data["malgruppe"]])
        if data.get("q"):
            routines = routines.search(data["q"])
        return routines


class RoutineAdminForm(forms.ModelForm):
    """The admin form for routines: audience as checkboxes rather than comma-separated text."""

    audience = forms.MultipleChoiceField(
        label=_("målgruppe"), choices=Routine.Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Routine
        fields = "__all__"


class ProgressForm(forms.ModelForm):
    """A dated progress note on a measure, and its status as of that note."""

    status = forms.ChoiceField(label=_("Status"), choices=Measure.Status.choices)

    class Meta:
        model = ProgressNote
        fields = ["written_on", "text"]
        widgets = {"written_on": DateInput, "text": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {"text": _("Hva er gjort, og hva er neste steg? Ikke skriv personopplysninger.")}

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        self.fields["status"].initial = measure.status
