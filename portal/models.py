from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.validators import no_contact_details, no_identity_number


class PageFeedback(models.Model):
    """An answer to "Fant du det du lette etter?" at the foot of every page."""

    path = models.CharField(_("side"), max_length=500)
    found = models.BooleanField(_("fant det"))
    comment = models.TextField(
        _("kommentar"), max_length=1000, blank=True, validators=[no_identity_number, no_contact_details]
    )
    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("tilbakemelding på side")
        verbose_name_plural = _("tilbakemeldinger på sider")
        ordering = ["-created_at"]
        indexes = [
            # The editors' feedback report groups by page, newest first.
            models.Index(fields=["path", "-created_at"], name="pagefeedback_path_created"),
        ]

    def __str__(self):
        return f"{self.path}: {'ja' if self.found else 'nei'}"
