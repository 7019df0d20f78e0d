from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samhandling.text import norwegian_slugify


class Agreement(models.Model):
    """The framework agreement, a service agreement (tjenesteavtale) or a sub-agreement.

    Partnerships number and name them their own way ("Delavtale 2A", "Tjenesteavtale 8-1"),
    so the identifier is free text and the § 6-2 point is a field of its own.
    """

    class Kind(models.TextChoices):
        FRAMEWORK = "framework", _("overordnet samarbeidsavtale")
        SERVICE = "service", _("tjenesteavtale")
        SUB = "sub", _("særavtale")

    class LawPoint(models.IntegerChoices):
        RESPONSIBILITY = 1, _("Enighet om ansvar for oppgaver og aktuelle tiltak")
        COORDINATED_SERVICES = 2, _("Koordinerte tjenester")
        ADMISSION = 3, _("Innleggelse i sykehus")
        EMERGENCY_BEDS = 4, _("Kommunale tilbud om døgnopphold for øyeblikkelig hjelp")
        DISCHARGE = 5, _("Utskrivningsklare pasienter")
        KNOWLEDGE_TRANSFER = 6, _("Kunnskapsoverføring og informasjonsutveksling")
        RESEARCH_EDUCATION = 7, _("Forskning og utdanning")
        MIDWIFERY = 8, _("Jordmortjenester")
        ICT = 9, _("Lokale IKT-løsninger")
        PREVENTION = 10, _("Forebygging")
        PREPAREDNESS = 11, _("Beredskapsplaner og planer for den akuttmedisinske kjeden")
        DEVELOPMENT = 12, _("Utvikling og planlegging av tjenestene")
        CHILDREN = 13, _("Barn og unge som mottar tjenester fra begge forvaltningsnivåene")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    identifier = models.CharField(_("nummer"), max_length=50, help_text=_("F.eks. «Tjenesteavtale 5» eller «Delavtale 2A»."))
    title = models.CharField(_("tittel"), max_length=200)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    law_point = models.PositiveSmallIntegerField(
        _("punkt i § 6-2"), choices=LawPoint.choices, null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hovedavtale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_agreements",
    )
    summary = models.TextField(_("sammendrag"), blank=True)

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        ordering = ["law_point", "identifier"]
        constraints = [
            # One framework agreement per partnership.
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="framework"), name="one_framework_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.identifier}: {self.title}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = norwegian_slugify(self.identifier)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:agreement", args=[self.slug])
