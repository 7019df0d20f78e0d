from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from portal import uploads
from portal.models import Event, EventAttachment, Link, NewsItem, Page, PageFeedback
from samhandling import richtext
from samhandling.validators import no_identity_number
from samhandling.widgets import DateInput, LocalDateTimeInput


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


# --- Editors' forms -------------------------------------------------------------------------

RICH_TEXT_HELP = richtext.HELP_TEXT


class NewsItemForm(forms.ModelForm):
    # A plain file field: uploads.prepare_image checks the content itself.
    image = forms.FileField(
        label=_("Bilde"),
        required=False,
        help_text=_("JPEG, PNG eller WebP. Store bilder blir skalert ned."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_image = forms.BooleanField(label=_("Fjern bildet"), required=False)

    class Meta:
        model = NewsItem
        fields = [
            "title",
            "language",
            "lead",
            "body",
            "image",
            "remove_image",
            "image_alt",
            "source_organisation",
            "project",
        ]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {"body": RICH_TEXT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_organisation"].queryset = Organisation.objects.current()
        self.fields["source_organisation"].empty_label = _("Helsefellesskapet selv")
        if not self.instance.image:
            del self.fields["remove_image"]
        # A client that sends no written standard (an older form, a script) keeps what was set.
        if self.is_bound and "language" not in self.data:
            self.fields["language"].disabled = True

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            return uploads.prepare_image(image)
        return image

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("remove_image") and not isinstance(cleaned_data.get("image"), UploadedFile):
            cleaned_data["image"] = False  # a file field cleared
        return cleaned_data


class EventForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As in NewsItemForm: a client that sends no written standard keeps what was set.
        if self.is_bound and "language" not in self.data:
            self.fields["language"].disabled = True

    class Meta:
        model = Event
        fields = [
            "title",
            "language",
            "starts_at",
            "ends_at",
            "location",
            "organiser",
            "audience",
            "description",
            "course_hours",
            "registration_url",
            "registration_deadline",
        ]
        widgets = {
            "starts_at": LocalDateTimeInput,
            "ends_at": LocalDateTimeInput,
            "registration_deadline": DateInput,
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {"description": RICH_TEXT_HELP}


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["title", "language", "lead", "body", "parent", "position", "on_front_page"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {"body": RICH_TEXT_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Page.objects.only("title", "slug").order_by("title")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("Ingen (øverste nivå)")
        # As for news: a client that sends no written standard keeps what was set.
        if self.is_bound and "language" not in self.data:
            self.fields["language"].disabled = True


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("Publiseres"), widget=LocalDateTimeInput)

    def clean_publish_at(self):
        publish_at = self.cleaned_data["publish_at"]
        if publish_at <= timezone.now():
            raise forms.ValidationError(_("Velg et tidspunkt fram i tid, eller bruk «Publiser nå»."))
        return publish_at


class AttachmentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF eller PowerPoint (.pptx eller .ppt)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx,.ppt"}),
    )

    class Meta:
        model = EventAttachment
        fields = ["title", "file"]
        labels = {"title": _("Tittel på presentasjonen")}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        kind = uploads.attachment_kind(upload)
        no_identity_number(upload.name)  # the file name is shown to readers as the download's name
        self.instance.kind = kind.code
        self.instance.original_name = upload.name[:255]
        self.instance.size = upload.size
        upload.name = EventAttachment.storage_name(kind.code)
        return upload


class LinkForm(forms.ModelForm):
    class Meta:
        model = Link
        fields = ["group", "title", "url", "description"]
