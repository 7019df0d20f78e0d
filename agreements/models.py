import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.documents import agreement_document_path, routine_document_path, validate_pdf
from samhandling import access, richtext, search
from samhandling.models import LoggedModel
from samhandling.search import SEARCH_CONFIG
from samhandling.text import fold, norwegian_sort_key, unique_slug
from samhandling.validators import no_identity_number

# Coordinators are warned this long before a revision or review falls due.
REVIEW_HORIZON = datetime.timedelta(days=90)
# Slugs the agreement URLs use for pages of their own (/avtaler/til-revisjon/).
RESERVED_AGREEMENT_SLUGS = {"til-revisjon"}
# /handlingsplan/over-frist/ is the coordinators' list, not a plan period.
RESERVED_PLAN_SLUGS = {"over-frist"}

# Summaries, changes and routine bodies are written in the portal's one rich-text dialect.
RICH_TEXT_HELP = richtext.HELP_TEXT


class SearchableQuerySet(models.QuerySet):
    # The fields a reader sees as the hit's title; a match there ranks first.
    title_fields: tuple[str, ...] = ("title",)

    def search(self, query: "str | search.Query"):
        """Matches of what was typed in a search box, best first, with `rank` (samhandling.search)."""
        return search.ranked(self, search.parse(query), title_fields=self.title_fields)


class AgreementQuerySet(SearchableQuerySet):
    title_fields = ("identifier", "title")

    def with_version_in_force(self, today=None):
        """Annotates the version in force today: its id, label, start and revision date.

        The version in force is the latest whose in_force_from is today or earlier; a
        version starting later is not yet in force.
        """
        today = today or timezone.localdate()
        in_force = AgreementVersion.objects.filter(agreement=OuterRef("pk"), in_force_from__lte=today).order_by(
            "-in_force_from"
        )
        return self.annotate(
            current_version_id=Subquery(in_force.values("pk")[:1]),
            current_version_label=Subquery(in_force.values("label")[:1]),
            current_version_from=Subquery(in_force.values("in_force_from")[:1]),
            revision_due=Subquery(in_force.values("next_revision_due")[:1]),
        )

    def due_for_revision(self, today=None):
        """Agreements whose version in force is overdue or due within REVIEW_HORIZON, soonest first."""
        today = today or timezone.localdate()
        return (
            self.with_version_in_force(today)
            .filter(revision_due__lte=today + REVIEW_HORIZON)
            .order_by("revision_due", "law_point", "identifier")
        )

    def without_version_in_force(self, today=None):
        return self.with_version_in_force(today).filter(current_version_id__isnull=True)


class Agreement(LoggedModel):
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
    identifier = models.CharField(
        _("nummer"),
        max_length=50,
        help_text=_("F.eks. «Tjenesteavtale 5» eller «Delavtale 2A»."),
        validators=[no_identity_number],
    )
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    law_point = models.PositiveSmallIntegerField(_("punkt i § 6-2"), choices=LawPoint.choices, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("hovedavtale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_agreements",
    )
    # The bodies that follow the agreement up. Declared here, not on contacts.Body, because
    # contacts is below agreements (README, Architecture); body.agreements still reads them.
    bodies = models.ManyToManyField(
        "contacts.Body", verbose_name=_("ansvarlige utvalg"), blank=True, related_name="agreements"
    )
    summary = models.TextField(_("sammendrag"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP)
    # The written standard its text is in (a partnership may write in nynorsk), so the text
    # is marked up with the right lang whichever language the reader chose; shown as written.
    language = models.CharField(
        _("målform"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        help_text=_("Målformen teksten er skrevet på. Teksten vises slik den er skrevet."),
    )
    summary_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("identifier", "title", config=SEARCH_CONFIG, weight="A")
        + SearchVector("summary_text", config=SEARCH_CONFIG, weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        ordering = ["law_point", "identifier"]
        constraints = [
            # One framework agreement per partnership.
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(kind="framework"), name="one_framework_agreement"
            ),
            models.CheckConstraint(
                condition=~Q(kind="service") | Q(law_point__isnull=False),
                name="agreement_service_has_law_point",
                violation_error_message=_("En tjenesteavtale må knyttes til et punkt i § 6-2."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="sub") | Q(parent__isnull=False),
                name="agreement_sub_has_parent",
                violation_error_message=_("En særavtale må ha en hovedavtale."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="framework") | Q(parent__isnull=True),
                name="agreement_framework_has_no_parent",
                violation_error_message=_("Den overordnede samarbeidsavtalen kan ikke ha en hovedavtale."),
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="agreement_not_its_own_parent"),
        ]
        indexes = [
            # The portal's site search and the agreement search.
            GinIndex(fields=["search_vector"], name="agreement_search_vector"),
        ]

    def __str__(self):
        return f"{self.identifier}: {self.title}"

    def clean(self):
        if self.slug in RESERVED_AGREEMENT_SLUGS:
            raise ValidationError(
                {"slug": _("Adressen «%(slug)s» er i bruk av portalen; velg en annen.") % {"slug": self.slug}}
            )

    @property
    def summary_html(self):
        """The summary as sanitised HTML, rendered when shown: only the Markdown source is stored."""
        return richtext.render_safe(self.summary)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Agreement, self.identifier, self.pk, reserved=RESERVED_AGREEMENT_SLUGS)
        self.summary_text = richtext.to_plain_text(richtext.render(self.summary))
        super().save(*args, **kwargs)
        # The generated search vector is computed by the database; drop the stale value.
        self.__dict__.pop("search_vector", None)

    def get_absolute_url(self):
        return reverse("agreements:agreement", args=[self.slug])

    @property
    def point(self) -> int | None:
        """The § 6-2 point, a sub-agreement's from its parent if it has none of its own."""
        # Only a parent already fetched: the property never costs a query.
        if self.law_point is None and "parent" in self._state.fields_cache and self.parent is not None:
            return self.parent.law_point
        return self.law_point

    def version_timeline(self, today=None):
        """The versions as (in force, coming, replaced), each newest first. One query.

        Replaced versions get `replaced_on`, the day the next version took over.
        """
        today = today or timezone.localdate()
        versions = list(self.versions.order_by("-in_force_from"))
        coming = [v for v in versions if v.in_force_from > today]
        started = [v for v in versions if v.in_force_from <= today]
        current = started[0] if started else None
        replaced = started[1:]
        for newer, older in zip(started, replaced):
            older.replaced_on = newer.in_force_from
        return current, coming, replaced


class AgreementVersion(LoggedModel):
    """One adopted text of an agreement. Versions are never overwritten: a new one replaces the old."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("avtale"), on_delete=models.PROTECT, related_name="versions"
    )
    label = models.CharField(
        _("versjon"), max_length=50, help_text=_("F.eks. «2024» eller «3.0»."), validators=[no_identity_number]
    )
    adopted_on = models.DateField(_("vedtatt"), help_text=_("Datoen avtalen ble vedtatt eller signert."))
    in_force_from = models.DateField(_("gjelder fra"))
    next_revision_due = models.DateField(_("skal revideres innen"), null=True, blank=True)
    document = models.FileField(
        _("signert avtale (PDF)"),
        upload_to=agreement_document_path,
        validators=[validate_pdf],
        max_length=200,
    )
    changes = models.TextField(
        _("hva er endret"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrert av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("avtaleversjon")
        verbose_name_plural = _("avtaleversjoner")
        ordering = ["agreement", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "label"], name="agreementversion_unique_label"),
            # Two versions starting the same day would make "the version in force" ambiguous.
            # Its index also serves the in-force lookup (agreement, in_force_from DESC).
            models.UniqueConstraint(fields=["agreement", "in_force_from"], name="agreementversion_unique_start"),
            models.CheckConstraint(
                condition=Q(next_revision_due__isnull=True) | Q(next_revision_due__gt=F("in_force_from")),
                name="agreementversion_revision_after_start",
                violation_error_message=_("Revisjonsdatoen må være etter datoen versjonen gjelder fra."),
            ),
        ]
        indexes = [
            # The coordinators' review list filters versions by revision date.
            models.Index(fields=["next_revision_due"], name="agreementversion_revision_due"),
        ]

    def __str__(self):
        return f"{self.agreement.identifier}, versjon {self.label}"

    @property
    def changes_html(self):
        return richtext.render_safe(self.changes)

    def get_document_url(self):
        return reverse("agreements:version_document", args=[self.agreement.slug, self.pk])

    def document_title(self) -> str:
        return f"{self.agreement.identifier} {self.agreement.title} versjon {self.label}"

    def is_in_force_on(self, day) -> bool:
        """True if this version has started by day (whether a later one replaced it is the timeline's business)."""
        return self.in_force_from <= day


class RoutineQuerySet(SearchableQuerySet):
    def visible_to(self, user):
        """Readers never see drafts; coordinators and administrators see everything."""
        if access.may_edit_agreements(user):
            return self.all()
        return self.exclude(status=Routine.Status.DRAFT)

    def in_force(self):
        return self.filter(status=Routine.Status.IN_FORCE)

    def due_for_review(self, today=None):
        """Routines in force whose review is overdue or due within REVIEW_HORIZON, soonest first."""
        today = today or timezone.localdate()
        return (
            self.in_force().filter(next_review_due__lte=today + REVIEW_HORIZON).order_by("next_review_due", "sort_key")
        )


class Routine(LoggedModel):
    """A routine or procedure (rutine/prosedyre) under one or more agreements.

    Seed 002 groups them so: "Rutiner tjenesteavtale 3 & 5".
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        IN_FORCE = "in_force", _("gjeldende")
        ARCHIVED = "archived", _("arkivert")

    class Audience(models.TextChoices):
        GP = "fastlege", _("fastlege")
        OUT_OF_HOURS = "legevakt", _("legevakt")
        HOME_CARE = "hjemmetjeneste", _("hjemmetjeneste")
        NURSING_HOME = "sykehjem", _("sykehjem")
        HOSPITAL = "sykehus", _("sykehus")
        COORDINATING_UNIT = "koordinerende_enhet", _("koordinerende enhet")
        MENTAL_HEALTH = "psykisk_helse_rus", _("psykisk helse og rus")
        HEALTH_STATION = "helsestasjon", _("helsestasjon og skolehelsetjeneste")
        MIDWIFE = "jordmor", _("jordmortjeneste")
        AMBULANCE = "ambulanse", _("ambulansetjeneste")

    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True, blank=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)
    agreements = models.ManyToManyField(Agreement, verbose_name=_("avtaler"), related_name="routines", blank=True)
    body = models.TextField(_("tekst"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP)
    # The written standard its text is in (a partnership may write in nynorsk), so the text
    # is marked up with the right lang whichever language the reader chose; shown as written.
    language = models.CharField(
        _("målform"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        help_text=_("Målformen teksten er skrevet på. Teksten vises slik den er skrevet."),
    )
    body_text = models.TextField(editable=False, default="")
    document = models.FileField(
        _("dokument (PDF)"),
        upload_to=routine_document_path,
        validators=[validate_pdf],
        blank=True,
        max_length=200,
    )
    owner_body = models.ForeignKey(
        "contacts.Body",
        verbose_name=_("eier (utvalg)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routines",
    )
    owner_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("eier (organisasjon)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routines",
    )
    audience = ArrayField(
        models.CharField(max_length=30, choices=Audience.choices),
        verbose_name=_("målgruppe"),
        default=list,
        blank=True,
    )
    approved_on = models.DateField(_("godkjent"), null=True, blank=True)
    next_review_due = models.DateField(_("neste gjennomgang"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", config=SEARCH_CONFIG, weight="A")
        + SearchVector("body_text", config=SEARCH_CONFIG, weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = RoutineQuerySet.as_manager()

    class Meta:
        verbose_name = _("rutine")
        verbose_name_plural = _("rutiner")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_body__isnull=True) | Q(owner_organisation__isnull=True),
                name="routine_one_owner",
                violation_error_message=_("Velg enten et utvalg eller en organisasjon som eier, ikke begge."),
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(approved_on__isnull=True)
                | Q(next_review_due__gt=F("approved_on")),
                name="routine_review_after_approval",
                violation_error_message=_("Neste gjennomgang må være etter godkjenningsdatoen."),
            ),
        ]
        indexes = [
            # /rutiner/ lists by status in Norwegian title order.
            models.Index(fields=["status", "sort_key"], name="routine_status_sort"),
            # The review list: routines in force by review date.
            models.Index(
                fields=["next_review_due"], condition=Q(status="in_force"), name="routine_review_due_in_force"
            ),
            # /rutiner/?målgruppe=...: audience @> ARRAY[...].
            GinIndex(fields=["audience"], name="routine_audience"),
            # /rutiner/?q=... and the portal's site search.
            GinIndex(fields=["search_vector"], name="routine_search_vector"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == self.Status.IN_FORCE and not self.approved_on:
            raise ValidationError({"approved_on": _("En gjeldende rutine må ha en godkjenningsdato.")})

    @property
    def body_html(self):
        """The text as sanitised HTML, rendered when shown: only the Markdown source is stored."""
        return richtext.render_safe(self.body)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Routine, self.title, self.pk)
        self.sort_key = norwegian_sort_key(self.title)
        self.body_text = richtext.to_plain_text(richtext.render(self.body))
        super().save(*args, **kwargs)
        self.__dict__.pop("search_vector", None)

    def get_absolute_url(self):
        return reverse("agreements:routine", args=[self.slug])

    def get_document_url(self):
        return reverse("agreements:routine_document", args=[self.slug])

    @property
    def owner(self):
        """The owning body or organisation (whichever is set), or None. Select both to avoid queries."""
        return self.owner_body or self.owner_organisation

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels.get(value, value)) for value in self.audience]

    def is_review_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.next_review_due and self.next_review_due < today)


# --- The partnership's own work: the action plan, patient pathways, projects ----------------
#
# They live here, not in a new app, because they link what this app and contacts hold:
# routines, agreements, bodies, organisations and people. The plan is decided by a body
# (strategisk samarbeidsutvalg) and its measures are owned by bodies or organisations.


class WorkSearchable(LoggedModel):
    """A row of the partnership's work found by the search box.

    `search_text` is the folded title and text, for samhandling.search's substring match:
    Norwegian writes compounds as one word, so "forløp" is inside "Samhandlingsforløpet"
    where no full-text prefix reaches. `search_vector` weighs the title over the text.
    """

    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    search_document = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("title", config=SEARCH_CONFIG, weight="A")
        + SearchVector("search_document", config=SEARCH_CONFIG, weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        abstract = True

    def search_parts(self) -> list[str]:
        """The readable text besides the title (shown as the search snippet)."""
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_document = " ".join(part for part in self.search_parts() if part)
        # The kind ("prosjekt", "pasientforløp", "tiltak") too: a search for the word finds them all.
        self.search_text = fold(f"{self.title} {self.search_document} {self._meta.verbose_name}")
        if kwargs.get("update_fields") is not None:
            # update_or_create() saves only the fields it was given; the derived ones follow them.
            derived = {"search_document", "search_text", *(["sort_key"] if hasattr(self, "sort_key") else [])}
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)
        self.__dict__.pop("search_vector", None)


class NamedByTitle:
    """Pathways and projects: the slug made once from the title, the sort key always from it."""

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title, self.pk)
        self.sort_key = norwegian_sort_key(self.title)
        super().save(*args, **kwargs)


class OwnedByBodyOrOrganisation(models.Model):
    """Measures and projects belong to a body (utvalg) or an organisation, never both."""

    owner_body = models.ForeignKey(
        "contacts.Body",
        verbose_name=_("eier (utvalg)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("eier (organisasjon)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.owner_body_id and self.owner_organisation_id:
            raise ValidationError(
                {"owner_organisation": _("Velg enten et utvalg eller en organisasjon som eier, ikke begge.")}
            )

    @property
    def owner(self):
        """The owning body or organisation, or None. Select both to avoid queries."""
        return self.owner_body or self.owner_organisation


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Readers see adopted plans; coordinators also the draft of the next one."""
        if access.may_edit_agreements(user):
            return self.all()
        return self.exclude(status=Plan.Status.DRAFT)

    def current(self, today=None):
        """The adopted plan whose period covers today, else the latest adopted one; None without any."""
        year = (today or timezone.localdate()).year
        adopted = self.filter(status=Plan.Status.ADOPTED)
        return (
            adopted.filter(first_year__lte=year, last_year__gte=year).order_by("-first_year").first()
            or adopted.order_by("-last_year").first()
        )


class Plan(WorkSearchable):
    """The partnership's action plan (handlingsplan) for a period, e.g. 2025–2026.

    Themes (the priority patient groups, quality and service development) hold the measures.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        ADOPTED = "adopted", _("vedtatt")

    slug = models.SlugField(
        _("kortnavn i adressen"), max_length=50, unique=True, help_text=_("Perioden, f.eks. «2025-2026».")
    )
    first_year = models.PositiveSmallIntegerField(_("fra år"))
    last_year = models.PositiveSmallIntegerField(_("til og med år"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(
        _("innledning"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP
    )
    decided_by = models.ForeignKey(
        "contacts.Body",
        verbose_name=_("vedtatt av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    decided_on = models.DateField(_("vedtatt dato"), null=True, blank=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="plan_period_in_order",
                violation_error_message=_("Planperioden kan ikke slutte før den begynner."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="plan_search_vector"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_PLAN_SLUGS:
            raise ValidationError(
                {"slug": _("Adressen «%(slug)s» er i bruk av portalen; velg en annen.") % {"slug": self.slug}}
            )

    @property
    def period(self) -> str:
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"

    @property
    def introduction_html(self):
        return richtext.render_safe(self.introduction)

    def search_parts(self) -> list[str]:
        return [self.period, richtext.to_plain_text(richtext.render(self.introduction))]

    def get_absolute_url(self):
        return reverse("agreements:plan", args=[self.slug])

    def get_print_url(self):
        return reverse("agreements:plan_print", args=[self.slug])


class Theme(models.Model):
    """A theme of a plan: one of the priority patient groups, or quality and service development."""

    plan = models.ForeignKey(Plan, verbose_name=_("handlingsplan"), on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    description = models.TextField(_("beskrivelse"), blank=True, validators=[no_identity_number])
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)

    # Set by the plan page's view: (count, status label) of its measures.
    status_summary: list[tuple[int, str]]

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["plan", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def anchor(self) -> str:
        return f"tema-{self.pk}"


class MeasureQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A measure is as visible as its plan."""
        return self.filter(theme__plan__in=Plan.objects.visible_to(user))

    def overdue(self, today=None):
        """Not done or stopped, and past the deadline: the coordinators' work list, oldest deadline first."""
        today = today or timezone.localdate()
        return self.filter(
            status__in=[Measure.Status.NOT_STARTED, Measure.Status.IN_PROGRESS], deadline__lt=today
        ).order_by("deadline", "pk")


class Measure(WorkSearchable, OwnedByBodyOrOrganisation):
    """A measure (tiltak) of a plan's theme: who owns it, who is responsible, by when, how far it has come."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("ikke startet")
        IN_PROGRESS = "in_progress", _("pågår")
        DONE = "done", _("fullført")
        STOPPED = "stopped", _("stoppet")

    theme = models.ForeignKey(Theme, verbose_name=_("tema"), on_delete=models.PROTECT, related_name="measures")
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True, blank=True)
    description = models.TextField(
        _("beskrivelse"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP
    )
    responsible = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("ansvarlig person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    deadline = models.DateField(_("frist"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    routines = models.ManyToManyField(Routine, verbose_name=_("rutiner"), blank=True, related_name="measures")
    agreements = models.ManyToManyField(Agreement, verbose_name=_("avtaler"), blank=True, related_name="measures")
    projects = models.ManyToManyField(
        "agreements.Project", verbose_name=_("prosjekter"), blank=True, related_name="measures"
    )
    pathways = models.ManyToManyField(
        "agreements.Pathway", verbose_name=_("pasientforløp"), blank=True, related_name="measures"
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["theme", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_body__isnull=True) | Q(owner_organisation__isnull=True),
                name="measure_one_owner",
                violation_error_message=_("Velg enten et utvalg eller en organisasjon som eier, ikke begge."),
            ),
        ]
        indexes = [
            # The coordinators' list of overdue measures.
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=["not_started", "in_progress"]),
                name="measure_open_deadline",
            ),
            GinIndex(fields=["search_vector"], name="measure_search_vector"),
            GinIndex(fields=["search_text"], name="measure_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Measure, self.title, self.pk)
        super().save(*args, **kwargs)

    @property
    def description_html(self):
        return richtext.render_safe(self.description)

    def search_parts(self) -> list[str]:
        return [richtext.to_plain_text(richtext.render(self.description))]

    def get_absolute_url(self):
        """Needs theme.plan (select_related("theme__plan")), or costs two queries."""
        return reverse("agreements:measure", args=[self.theme.plan.slug, self.slug])

    def get_progress_url(self):
        """Needs theme.plan, as get_absolute_url."""
        return reverse("agreements:measure_progress", args=[self.theme.plan.slug, self.slug])

    def is_overdue(self, today=None) -> bool:
        """Open and past its deadline: the same rule as MeasureQuerySet.overdue()."""
        today = today or timezone.localdate()
        open_statuses = (self.Status.NOT_STARTED, self.Status.IN_PROGRESS)
        return bool(self.deadline and self.deadline < today and self.status in open_statuses)

    @property
    def overdue(self) -> bool:
        return self.is_overdue()


class ProgressNote(models.Model):
    """A dated note of how a measure is coming along, written by its maintainers."""

    measure = models.ForeignKey(Measure, verbose_name=_("tiltak"), on_delete=models.CASCADE, related_name="notes")
    written_on = models.DateField(_("dato"), default=timezone.localdate)
    text = models.TextField(_("status og framdrift"), max_length=2000, validators=[no_identity_number])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skrevet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("framdriftsnotat")
        verbose_name_plural = _("framdriftsnotater")
        ordering = ["measure", "-written_on", "-pk"]

    def __str__(self):
        return f"{self.written_on:%d.%m.%Y}"


class PathwayQuerySet(models.QuerySet):
    def using_routine(self, routine: "Routine"):
        """Pathways with a step that applies the routine: for the routine's page. One query."""
        return self.filter(pk__in=PathwayStep.objects.filter(routines=routine).values("pathway_id"))

    def using_agreement(self, agreement: "Agreement"):
        return self.filter(pk__in=PathwayStep.objects.filter(agreements=agreement).values("pathway_id"))


class Pathway(NamedByTitle, WorkSearchable):
    """A patient pathway (pasientforløp): the steps from home, through the hospital, back home."""

    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True, blank=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    summary = models.TextField(_("sammendrag"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP)
    owner_body = models.ForeignKey(
        "contacts.Body",
        verbose_name=_("ansvarlig utvalg"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways",
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    objects = PathwayQuerySet.as_manager()

    class Meta:
        verbose_name = _("pasientforløp")
        verbose_name_plural = _("pasientforløp")
        ordering = ["sort_key"]
        indexes = [
            GinIndex(fields=["search_vector"], name="pathway_search_vector"),
            GinIndex(fields=["search_text"], name="pathway_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.title

    @property
    def summary_html(self):
        return richtext.render_safe(self.summary)

    def search_parts(self) -> list[str]:
        return [richtext.to_plain_text(richtext.render(self.summary))]

    def get_absolute_url(self):
        return reverse("agreements:pathway", args=[self.slug])


class PathwayStep(models.Model):
    """One step of a pathway, with what applies at it: routines, agreements, documentation, contacts."""

    pathway = models.ForeignKey(
        Pathway, verbose_name=_("pasientforløp"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    description = models.TextField(
        _("beskrivelse"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP
    )
    documentation = models.TextField(
        _("dokumentasjon"),
        blank=True,
        validators=[no_identity_number],
        help_text=_("Meldinger og dokumenter i steget, én per linje, f.eks. «PLO: Innleggelsesrapport»."),
    )
    routines = models.ManyToManyField(Routine, verbose_name=_("rutiner"), blank=True, related_name="pathway_steps")
    agreements = models.ManyToManyField(Agreement, verbose_name=_("avtaler"), blank=True, related_name="pathway_steps")
    contacts = models.ManyToManyField(
        "contacts.Person", verbose_name=_("kontaktpersoner"), blank=True, related_name="pathway_steps"
    )
    organisations = models.ManyToManyField(
        "contacts.Organisation", verbose_name=_("kontaktorganisasjoner"), blank=True, related_name="pathway_steps"
    )

    class Meta:
        verbose_name = _("steg i forløpet")
        verbose_name_plural = _("steg i forløpet")
        ordering = ["pathway", "position", "pk"]

    def __str__(self):
        return self.title

    @property
    def description_html(self):
        return richtext.render_safe(self.description)

    def documentation_lines(self) -> list[str]:
        return [line.strip(" -*") for line in self.documentation.splitlines() if line.strip(" -*")]

    @property
    def anchor(self) -> str:
        return f"steg-{self.pk}"


class Project(NamedByTitle, WorkSearchable, OwnedByBodyOrOrganisation):
    """A project of the partnership: what it is for, who owns it, when it runs, how it stands."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planlagt")
        ONGOING = "ongoing", _("pågår")
        COMPLETED = "completed", _("avsluttet")
        STOPPED = "stopped", _("stoppet")

    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True, blank=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    purpose = models.TextField(_("formål"), blank=True, validators=[no_identity_number], help_text=RICH_TEXT_HELP)
    starts_on = models.DateField(_("starter"), null=True, blank=True)
    ends_on = models.DateField(_("slutter"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    contact = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    class Meta:
        verbose_name = _("prosjekt")
        verbose_name_plural = _("prosjekter")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_body__isnull=True) | Q(owner_organisation__isnull=True),
                name="project_one_owner",
                violation_error_message=_("Velg enten et utvalg eller en organisasjon som eier, ikke begge."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("Prosjektet kan ikke slutte før det starter."),
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_vector"),
            GinIndex(fields=["search_text"], name="project_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.title

    @property
    def purpose_html(self):
        return richtext.render_safe(self.purpose)

    def search_parts(self) -> list[str]:
        return [richtext.to_plain_text(richtext.render(self.purpose))]

    def get_absolute_url(self):
        return reverse("agreements:project", args=[self.slug])


def project_document_path(instance, filename):
    """upload_to for project documents: the uploaded name is ignored (agreements.documents)."""
    return f"prosjekter/{uuid.uuid4().hex}.pdf"


class ProjectDocument(models.Model):
    """A project's document (mandate, report): PDF only, checked by content, served by the portal's view."""

    project = models.ForeignKey(Project, verbose_name=_("prosjekt"), on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    document = models.FileField(
        _("dokument (PDF)"), upload_to=project_document_path, validators=[validate_pdf], max_length=200
    )
    added_on = models.DateField(_("lagt til"), default=timezone.localdate)

    class Meta:
        verbose_name = _("prosjektdokument")
        verbose_name_plural = _("prosjektdokumenter")
        ordering = ["project", "-added_on", "pk"]

    def __str__(self):
        return self.title

    def get_document_url(self):
        return reverse("agreements:project_document", args=[self.project.slug, self.pk])
