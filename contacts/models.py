from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contacts import roles
from samhandling.text import norwegian_slugify, norwegian_sort_key


def validate_organisation_number(value: str) -> None:
    """Nine digits whose last is the mod-11 check digit of the first eight (Brønnøysund)."""
    digits = value.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        raise ValidationError(_("Organisasjonsnummeret må ha ni siffer."), code="length")
    remainder = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), digits)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(digits[8]):
        raise ValidationError(
            _("Organisasjonsnummeret %(value)s er ikke gyldig (kontrollsifferet stemmer ikke)."),
            code="checksum",
            params={"value": value},
        )


class Region(models.Model):
    """A kommuneregion, e.g. Grenland, with its own coordinator and steering group."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=100, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = norwegian_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:region", args=[self.slug])


class OrganisationQuerySet(models.QuerySet):
    def current(self):
        """Organisations that still exist (not merged into another)."""
        return self.filter(merged_into__isnull=True)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("kommune")
        HOSPITAL_TRUST = "hospital_trust", _("helseforetak")
        HOSPITAL = "hospital", _("sykehus eller klinikk")
        GP_OFFICE = "gp_office", _("legekontor")
        USER_ORGANISATION = "user_organisation", _("brukerorganisasjon")
        OTHER = "other", _("annet")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    organisation_number = models.CharField(
        _("organisasjonsnummer"), max_length=11, blank=True, validators=[validate_organisation_number]
    )
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    deviation_email = models.EmailField(
        _("e-post for avviksmeldinger"),
        blank=True,
        help_text=_("Felles innboks som varsles når et avvik kommer inn."),
    )
    plo_fallback_phone = models.CharField(
        _("telefon ved PLO-brudd"),
        max_length=30,
        blank=True,
        help_text=_("Nummeret som brukes for manuelle rutiner når PLO-meldinger ikke virker."),
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("slått sammen med"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")),
                name="organisation_not_merged_into_itself",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = norwegian_slugify(self.name)
        self.sort_key = norwegian_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:organisation", args=[self.slug])


class User(AbstractUser):
    """A login. Permissions come through the role groups of contacts.roles."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's role groups. Costs one query, once per request."""
        if not self.is_authenticated:
            return frozenset()
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.role_names

    @property
    def is_editor(self) -> bool:
        return self.has_role(roles.EDITOR)

    @property
    def is_coordinator(self) -> bool:
        return self.has_role(roles.COORDINATOR)

    @property
    def is_handler(self) -> bool:
        return self.has_role(roles.HANDLER)

    @property
    def in_quality_committee(self) -> bool:
        return self.has_role(roles.QUALITY_COMMITTEE)


class Body(models.Model):
    """An utvalg, forum or group of the partnership. Bodies form a tree (seed 001)."""

    class Kind(models.TextChoices):
        PARTNERSHIP_MEETING = "partnership_meeting", _("partnerskapsmøte")
        SSU = "ssu", _("strategisk samarbeidsutvalg (SSU)")
        FSU = "fsu", _("faglig samarbeidsutvalg (FSU)")
        PSU_ASU = "psu_asu", _("PSU/ASU")
        STEERING_GROUP = "steering_group", _("styringsgruppe")
        WORKING_GROUP = "working_group", _("arbeidsgruppe")
        PROFESSIONAL_COUNCIL = "professional_council", _("fagråd")
        PROFESSIONAL_NETWORK = "professional_network", _("fagnettverk")
        EDITORIAL_TEAM = "editorial_team", _("webredaksjon")
        OTHER = "other", _("annet")

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet utvalg"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="bodies"
    )
    mandate = models.TextField(_("mandat"), blank=True)
    meeting_frequency = models.CharField(_("møtefrekvens"), max_length=200, blank=True)
    agreements = models.ManyToManyField(
        "agreements.Agreement", verbose_name=_("tjenesteavtaler"), blank=True, related_name="bodies"
    )

    class Meta:
        verbose_name = _("utvalg")
        verbose_name_plural = _("utvalg")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = norwegian_slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:body", args=[self.slug])
