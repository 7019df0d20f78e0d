import uuid
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import uploads
from samhandling import access, richtext
from samhandling.models import LogEntry, LogEntryManager, LogEntryQuerySet, LoggedModel
from samhandling.search import SEARCH_CONFIG
from samhandling.text import norwegian_sort_key, unique_slug
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


# --- What editors publish -----------------------------------------------------------------


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publishing time has come.

        The one rule for every list, detail page, feed, calendar, sitemap and search.
        """
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__lte=timezone.now())

    def visible_to(self, user):
        """Editors may open drafts and scheduled items (to preview them); readers see published()."""
        return self.all() if access.may_edit_news(user) else self.published()

    def for_lists(self):
        """Without the long texts that lists and the front page cache do not show."""
        return self.defer(*self.model.LONG_TEXT_FIELDS)

    def next_publishing_time(self):
        """When the next scheduled item appears, or None. Costs a query."""
        return self.filter(status=Publishable.Status.PUBLISHED, publish_at__gt=timezone.now()).aggregate(
            next=models.Min("publish_at")
        )["next"]


class Publishable(LoggedModel):
    """A news item or an event: written as a draft, published now or at a set time, withdrawn.

    The slug follows the title until the item is first published (or scheduled); from then
    on it is kept, so an edited title never breaks a link someone has saved.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        PUBLISHED = "published", _("publisert")
        WITHDRAWN = "withdrawn", _("avpublisert")

    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=220, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publiseres"), null=True, blank=True)
    # The written standard the text is in, so it is marked up with the right lang whichever
    # language the reader has chosen for the portal; the text stays as written.
    language = models.CharField(
        _("målform"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        help_text=_("Målformen teksten er skrevet på. Teksten vises slik den er skrevet."),
    )
    first_published_at = models.DateTimeField(_("først publisert"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opprettet av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sist endret av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()

    # The slug when the title gives none (only punctuation, say).
    default_slug = "sak"
    # Slugs that would clash with a fixed address beside the detail pages (/nyheter/rss/).
    reserved_slugs: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug or self.first_published_at is None:
            self.slug = self._unique_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        """The title's slug, with -2, -3, ... if another item has it. A query per try."""
        return unique_slug(
            type(self),
            self.title,
            self.pk,
            reserved=self.reserved_slugs,
            default=self.default_slug,
            max_length=200,
        )

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_at is not None and self.publish_at > timezone.now()

    @property
    def state_label(self) -> str:
        """Utkast, Planlagt, Publisert or Avpublisert, as the editors' lists show it."""
        if self.is_scheduled:
            return str(_("planlagt"))
        return self.get_status_display()

    def publish(self, at=None):
        """Publishes now, or at a later time (scheduled). The caller saves."""
        self.status = self.Status.PUBLISHED
        self.publish_at = at or timezone.now()
        if self.first_published_at is None:
            self.first_published_at = self.publish_at

    def unpublish(self):
        self.status = self.Status.WITHDRAWN

    def get_edit_url(self):
        return reverse("portal:editor_edit", args=[self.editor_section, self.pk])


# Files get random names from the forms (uploads.py): they are served by views that check
# visibility, never by guessable paths.
def news_image_path(instance, filename):
    return f"nyheter/{timezone.now():%Y}/{filename}"


def attachment_path(instance, filename):
    return f"arrangementer/{timezone.now():%Y}/{filename}"


class NewsItem(Publishable):
    lead = models.TextField(
        _("ingress"),
        max_length=600,
        validators=[no_identity_number],
        help_text=_("Én eller to setninger som vises i lister, i RSS og på forsiden."),
    )
    body = models.TextField(_("brødtekst"), blank=True, validators=[no_identity_number])
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    image = models.ImageField(
        _("bilde"),
        upload_to=news_image_path,
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("alternativ tekst til bildet"),
        max_length=250,
        blank=True,
        help_text=_("Beskriv hva bildet viser, for dem som ikke ser det. Påkrevd når du laster opp et bilde."),
        validators=[no_identity_number],
    )
    source_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("kilde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        help_text=_("Organisasjonen saken kommer fra, om den ikke er helsefellesskapets egen."),
    )
    # portal is above agreements (README, Architecture): the news points at the project.
    project = models.ForeignKey(
        "agreements.Project",
        verbose_name=_("prosjekt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        help_text=_("Prosjektet saken handler om, om noen: den vises da på prosjektets side."),
    )
    # Title first (weight A), then lead and body (B): title matches rank first in search.
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lead", "body_text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    LONG_TEXT_FIELDS = ("body", "body_html", "body_text")
    editor_section = "nyheter"
    default_slug = "nyhet"
    reserved_slugs = frozenset({"rss"})

    class Meta:
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")
        ordering = ["-publish_at", "-created_at"]
        indexes = [
            # published() newest first: the news list, the front page, the RSS feed, the sitemap.
            models.Index(fields=["-publish_at"], condition=models.Q(status="published"), name="newsitem_published"),
            # The editors' list, most recently changed first.
            models.Index(fields=["-updated_at"], name="newsitem_updated"),
            # Site search (the @@ match on the stored tsvector).
            GinIndex(fields=["search_vector"], name="newsitem_search"),
        ]

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Skriv en alternativ tekst som beskriver bildet.")}, code="alt_required"
            )

    def save(self, *args, **kwargs):
        self.body_html = richtext.render(self.body)
        self.body_text = richtext.to_plain_text(self.body_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:news_detail", args=[self.slug])

    def get_image_url(self):
        return reverse("portal:news_image", args=[self.slug]) if self.image else ""


class EventQuerySet(PublishableQuerySet):
    def upcoming(self):
        """Not yet over, soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def next_ending_time(self):
        """When the next published event ends (moving from upcoming to past), or None. Costs a query."""
        return self.published().filter(ends_at__gt=timezone.now()).aggregate(next=models.Min("ends_at"))["next"]


class Event(Publishable):
    """An arrangement: fagdag, conference, course, with presentations attached afterwards."""

    description = models.TextField(_("beskrivelse"), blank=True, validators=[no_identity_number])
    description_html = models.TextField(editable=False, default="")
    description_text = models.TextField(editable=False, default="")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    location = models.CharField(_("sted"), max_length=200, blank=True, validators=[no_identity_number])
    organiser = models.CharField(_("arrangør"), max_length=200, blank=True, validators=[no_identity_number])
    audience = models.CharField(_("målgruppe"), max_length=200, blank=True, validators=[no_identity_number])
    registration_url = models.URLField(_("lenke til påmelding"), blank=True)
    registration_deadline = models.DateField(_("påmeldingsfrist"), null=True, blank=True)
    course_hours = models.CharField(
        _("tellende kurstimer"),
        max_length=300,
        blank=True,
        help_text=_("F.eks. «Søkt godkjent som 6 tellende kurstimer i allmennmedisin (valgfritt kurs)»."),
        validators=[no_identity_number],
    )
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description_text", "location", "organiser", "audience", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    # django-stubs types the base's manager as a class variable; a subclass's own manager is
    # how Django means it (Event.objects has upcoming()).
    objects = EventQuerySet.as_manager()  # type: ignore[misc]

    LONG_TEXT_FIELDS = ("description", "description_html", "description_text")
    editor_section = "arrangementer"
    default_slug = "arrangement"

    class Meta:
        verbose_name = _("arrangement")
        verbose_name_plural = _("arrangementer")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
        ]
        indexes = [
            # published().upcoming() and .past(): the events page, the front page, the calendar feed.
            models.Index(fields=["starts_at"], condition=models.Q(status="published"), name="event_published_starts"),
            models.Index(fields=["-updated_at"], name="event_updated"),
            GinIndex(fields=["search_vector"], name="event_search"),
        ]

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError(
                {"ends_at": _("Arrangementet kan ikke slutte før det starter.")}, code="ends_before_start"
            )
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > timezone.localdate(self.starts_at)
        ):
            raise ValidationError(
                {"registration_deadline": _("Påmeldingsfristen må være før arrangementet starter.")},
                code="deadline_after_start",
            )

    def save(self, *args, **kwargs):
        self.description_html = richtext.render(self.description)
        self.description_text = richtext.to_plain_text(self.description_html)
        super().save(*args, **kwargs)

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def same_day(self) -> bool:
        return timezone.localdate(self.starts_at) == timezone.localdate(self.ends_at)

    def get_absolute_url(self):
        return reverse("portal:event_detail", args=[self.slug])

    def get_ics_url(self):
        return reverse("portal:event_ics", args=[self.slug])


class PageQuerySet(PublishableQuerySet):
    def on_front_page(self):
        return self.published().filter(on_front_page=True).order_by("position", "title")


class Page(Publishable):
    """An editor's page: Om helsefellesskapet, Brukermedvirkning, For fastleger, ...

    Written, previewed, published and withdrawn as news are (Publishable), in the same rich
    text. Pages form a tree: a page under another is listed on its parent's page and shows
    the path to it.
    """

    # The page that, once published, is the accessibility statement at /tilgjengelighet/.
    ACCESSIBILITY_SLUG = "tilgjengelighetserklaering"

    lead = models.TextField(
        _("ingress"),
        max_length=600,
        blank=True,
        validators=[no_identity_number],
        help_text=_("Én eller to setninger som vises i lister og på forsiden."),
    )
    body = models.TextField(_("brødtekst"), blank=True, validators=[no_identity_number])
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ligger under"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Siden vises under denne siden. Tom: en side på øverste nivå."),
    )
    position = models.PositiveSmallIntegerField(
        _("rekkefølge"), default=0, help_text=_("Sider med lavere tall vises først blant søsknene sine.")
    )
    on_front_page = models.BooleanField(_("vis på forsiden"), default=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lead", "body_text", weight="B", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = PageQuerySet.as_manager()  # type: ignore[misc]

    LONG_TEXT_FIELDS = ("body", "body_html", "body_text")
    editor_section = "sider"
    default_slug = "side"

    class Meta:
        verbose_name = _("side")
        verbose_name_plural = _("sider")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="page_not_its_own_parent"),
        ]
        indexes = [
            models.Index(fields=["-updated_at"], name="page_updated"),
            GinIndex(fields=["search_vector"], name="page_search"),
        ]

    def clean(self):
        if self.parent_id and self.pk:
            seen, current = set(), self.parent
            while current is not None and current.pk not in seen:
                if current.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("En side kan ikke ligge under seg selv eller en av sine egne undersider.")},
                        code="cycle",
                    )
                seen.add(current.pk)
                current = current.parent

    def save(self, *args, **kwargs):
        self.body_html = richtext.render(self.body)
        self.body_text = richtext.to_plain_text(self.body_html)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug == self.ACCESSIBILITY_SLUG:
            return reverse("portal:accessibility")
        return reverse("portal:page", args=[self.slug])

    def ancestors(self) -> list["Page"]:
        """The pages above this one, top first: one query for the tree's skeleton (pages are tens)."""
        if not self.parent_id:
            return []
        pages = {page.pk: page for page in Page.objects.only("pk", "parent_id", "title", "slug")}
        chain: list[Page] = []
        current = pages.get(self.parent_id)
        while current is not None and current not in chain:
            chain.insert(0, current)
            current = pages.get(current.parent_id) if current.parent_id else None
        return chain


class EventAttachment(models.Model):
    """A presentation from an event: PDF or PowerPoint, checked by content on upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        PPTX = "pptx", _("PowerPoint")
        PPT = "ppt", _("PowerPoint 97–2003")

    event = models.ForeignKey(
        Event, verbose_name=_("arrangement"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    file = models.FileField(_("fil"), upload_to=attachment_path)
    original_name = models.CharField(_("filnavn"), max_length=255, validators=[no_identity_number])
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("størrelse"))
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lastet opp av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("presentasjon")
        verbose_name_plural = _("presentasjoner")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        return uploads.download_name(self.original_name, uploads.ATTACHMENT_KINDS[self.kind])

    @property
    def content_type(self) -> str:
        return uploads.ATTACHMENT_KINDS[self.kind].content_type

    def get_absolute_url(self):
        return reverse("portal:event_attachment", args=[self.event.slug, self.pk])

    @staticmethod
    def storage_name(kind: str) -> str:
        return f"{uuid.uuid4().hex}.{uploads.ATTACHMENT_KINDS[kind].extension}"


class Link(LoggedModel):
    """A useful link on the links page, grouped as partnerships group them (national guidance, evaluations, laws)."""

    class Group(models.TextChoices):
        NATIONAL_GUIDANCE = "national_guidance", _("Nasjonale føringer og veiledere")
        EVALUATIONS = "evaluations", _("Evalueringer")
        LAWS = "laws", _("Lover og forskrifter")
        STATISTICS = "statistics", _("Tall og statistikk")
        RELATIVES = "relatives", _("Pårørendearbeid")

    group = models.CharField(_("gruppe"), max_length=30, choices=Group.choices)
    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    sort_key = models.CharField(max_length=200, editable=False)
    url = models.URLField(_("adresse"), max_length=500)
    description = models.CharField(_("beskrivelse"), max_length=300, blank=True, validators=[no_identity_number])

    class Meta:
        verbose_name = _("lenke")
        verbose_name_plural = _("lenker")
        ordering = ["group", "sort_key"]
        indexes = [
            # The links page lists every group in Norwegian alphabetical order.
            models.Index(fields=["group", "sort_key"], name="link_group_sort"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sort_key = norwegian_sort_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('portal:links')}#{self.group}"

    @classmethod
    def group_order(cls) -> list[str]:
        return [value for value, _label in cls.Group.choices]


class ChangeLogManager(LogEntryManager):
    """The audit trail's entries about what editors publish: news, events, links and pages."""

    def get_queryset(self) -> LogEntryQuerySet:
        return LogEntryQuerySet(self.model, using=self._db).for_models(*EDITORIAL_MODELS)


class ChangeLogEntry(LogEntry):
    """Who changed what, and when, in what editors publish: a view of the audit trail (a proxy)."""

    class Action(models.TextChoices):
        CREATED = "created", _("opprettet")
        CHANGED = "changed", _("endret")
        PUBLISHED = "published", _("publisert")
        SCHEDULED = "scheduled", _("planlagt publisert")
        UNPUBLISHED = "unpublished", _("avpublisert")
        ATTACHMENT_ADDED = "attachment_added", _("la til presentasjon")
        ATTACHMENT_REMOVED = "attachment_removed", _("fjernet presentasjon")
        DELETED = "deleted", _("slettet")

    objects: ClassVar[ChangeLogManager] = ChangeLogManager()

    class Meta:
        proxy = True
        verbose_name = _("endringslogg")
        verbose_name_plural = _("endringslogg")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr}"

    @property
    def at(self):
        return self.created_at

    def get_action_display(self) -> str:
        return str(dict(self.Action.choices).get(self.action, self.action))

    def subject_edit_url(self) -> str:
        """Where an editor changes the subject (needs content_type loaded)."""
        model = self.content_type.model
        if model == "link":
            return reverse("portal:editor_link_edit", args=[self.object_id])
        section = {"newsitem": "nyheter", "event": "arrangementer", "page": "sider"}.get(model)
        return reverse("portal:editor_edit", args=[section, self.object_id]) if section else ""


# What the editors' change log shows: the models editors publish.
EDITORIAL_MODELS = (NewsItem, Event, Link, Page)


class SignInIdentity(LoggedModel):
    """A person's identity at an OpenID Connect provider, and the portal user it signs in as.

    The provider's `sub` is stable for the person at that provider (and only there), so the pair
    (provider, subject) finds the user at every later sign-in, whatever their e-mail becomes.
    Its audit trail records the first sign-in and every change of roles the provider's claims made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    provider = models.CharField(_("innloggingstjeneste"), max_length=50)
    subject = models.CharField(_("identifikator hos tjenesten"), max_length=255)
    created_at = models.DateTimeField(_("første innlogging"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("siste innlogging"), default=timezone.now)

    class Meta:
        verbose_name = _("innloggingsidentitet")
        verbose_name_plural = _("innloggingsidentiteter")
        constraints = [
            # Every sign-in looks the identity up by this pair.
            models.UniqueConstraint(fields=["provider", "subject"], name="signinidentity_one_user_per_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.user}"
