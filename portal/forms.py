from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import PageFeedback


class PageFeedbackForm(forms.ModelForm):
    found = forms.TypedChoiceField(
        label=_("Fant du det du lette etter?"),
        choices=[("1", _("Ja")), ("0", _("Nei"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = PageFeedback
        fields = ["path", "found", "comment"]
        widgets = {
            "path": forms.HiddenInput,
            "comment": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }
        labels = {"comment": _("Kommentar (valgfritt, ikke skriv personopplysninger)")}

    def clean_path(self):
        path = self.cleaned_data["path"]
        # Only paths of this site: the path is also where the answer redirects back to.
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            raise forms.ValidationError(_("Ugyldig side."))
        return path
