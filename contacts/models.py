import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.phones import PhoneField, e164
from samhandling import search
from samhandling.models import LoggedModel
from samhandling.pdf import random_pdf_name, validate_pdf
from samhandling.search import SEARCH_CONFIG
from samhandling.text import fold, norwegian_sort_key, unique_slug
from samhandling.validators import no_identity_number


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


class Searchable(models.Model):
    """A row the search box finds: its searchable text, kept in columns refreshed on save.

    `search_document` is the readable text (shown as the snippet, stemmed into
    `search_vector` beside the name); `search_text` is everything searchable, folded, for
    the substring match of samhandling.search. The concrete model says what goes in them
    (`search_parts`) and declares the GIN index on `search_vector`.
    """

    # Every searchable model has a name field; declared here for the type checker only.
    name: str

    search_document = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("name", config=SEARCH_CONFIG, weight="A")
        + SearchVector("search_document", config=SEARCH_CONFIG, weight="B"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        abstract = True

    def search_parts(self) -> tuple[list[str], list[str]]:
        """(readable parts of the document, further text that is searchable but not shown)."""
        raise NotImplementedError

    def refresh_search_fields(self) -> None:
        document, hidden = self.search_parts()
        self.search_document = " · ".join(str(part) for part in document if part)
        self.search_text = fold(" ".join([self.name, self.search_document, *map(str, hidden)]))


class Region(models.Model):
    """A kommuneregion, e.g. Grenland, with its own coordinator and steering group."""

    name = models.CharField(_("navn"), max_length=100, unique=True, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=100, unique=True)
    sort_key = models.CharField(max_length=100, editable=False, db_index=True, default="")
    description = models.TextField(_("beskrivelse"), blank=True, validators=[no_identity_number])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regioner")
        ordering = ["sort_key"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Region, self.name, self.pk)
        self.sort_key = norwegian_sort_key(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:region", args=[self.slug])


class OrganisationQuerySet(models.QuerySet):
    def current(self):
        """Organisations that still exist (not merged into another)."""
        return self.filter(merged_into__isnull=True)


class Organisation(LoggedModel, Searchable):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("kommune")
        HOSPITAL_TRUST = "hospital_trust", _("helseforetak")
        HOSPITAL = "hospital", _("sykehus eller klinikk")
        GP_OFFICE = "gp_office", _("legekontor")
        USER_ORGANISATION = "user_organisation", _("brukerorganisasjon")
        OTHER = "other", _("annet")

    name = models.CharField(_("navn"), max_length=200, validators=[no_identity_number])
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
    phone = PhoneField(_("sentralbord"), blank=True)
    website = models.URLField(_("nettsted"), blank=True)
    deviation_email = models.EmailField(
        _("e-post for avviksmeldinger"),
        blank=True,
        help_text=_("Felles innboks som varsles når et avvik kommer inn."),
    )
    plo_fallback_phone = PhoneField(
        _("telefon ved PLO-brudd"),
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
        indexes = [
            # The search box: full-text prefix match (samhandling.search).
            GinIndex(fields=["search_vector"], name="organisation_search_vector"),
            # Substrings of the folded text (LIKE '%koordinat%'): pg_trgm serves them from the index.
            GinIndex(fields=["search_text"], name="organisation_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, self.pk)
        self.sort_key = norwegian_sort_key(self.name)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:organisation", args=[self.slug])

    def search_parts(self):
        """Costs a query for the region unless it is selected."""
        merged = self.merged_into.name if self.merged_into_id else ""
        return (
            [self.get_kind_display(), self.region.name if self.region_id else "", merged],
            [self.organisation_number, self.email],
        )

    @property
    def short_name(self) -> str:
        """'Bø' for 'Bø kommune': how people name a municipality in a sentence."""
        if self.kind == self.Kind.MUNICIPALITY:
            return self.name.removesuffix(" kommune")
        return self.name

    @property
    def merger_year(self) -> int | None:
        """The year this organisation became part of `merged_into`."""
        if self.valid_to:
            return (self.valid_to + datetime.timedelta(days=1)).year
        # No query when there is no merged_into: the descriptor answers None from the id.
        if self.merged_into is not None and self.merged_into.valid_from:
            return self.merged_into.valid_from.year
        return None

    def merger_history(self) -> str:
        """'Bø og Sauherad ble Midt-Telemark i 2020', or ''. Uses the prefetched `merged_from`."""
        predecessors = sorted(self.merged_from.all(), key=lambda org: org.sort_key)
        if not predecessors:
            return ""
        names = get_text_list([org.short_name for org in predecessors], gettext("og"))
        year = self.valid_from.year if self.valid_from else predecessors[0].merger_year
        if year:
            return gettext("%(old)s ble %(new)s i %(year)s") % {"old": names, "new": self.short_name, "year": year}
        return gettext("%(old)s ble %(new)s") % {"old": names, "new": self.short_name}


class User(AbstractUser):
    """A login. What it may do is decided from its role groups by samhandling.access."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # AbstractUser's names, with the guard every free-text field carries.
    first_name = models.CharField(_("first name"), max_length=150, blank=True, validators=[no_identity_number])
    last_name = models.CharField(_("last name"), max_length=150, blank=True, validators=[no_identity_number])
    # Set by the language choice on every page (samhandling/languages.py); empty until one is made.
    language = models.CharField(
        _("målform"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        db_default="",  # rows written in SQL or by a migration's older model state
        help_text=_("Målformen portalen og e-postene til brukeren er på."),
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


class BodyQuerySet(models.QuerySet["Body"]):
    def tree(self) -> list["Body"]:
        """The root bodies, each with `child_nodes` filled in, from one query.

        Every body also gets `depth`. Bodies whose parent is outside the queryset are roots.
        """
        bodies = list(self.select_related("region"))
        by_id: dict[int | None, Body] = {body.pk: body for body in bodies}  # None: no parent
        roots: list[Body] = []
        for body in bodies:
            body.child_nodes = []
        for body in bodies:
            parent = by_id.get(body.parent_id)
            (parent.child_nodes if parent else roots).append(body)

        def set_depth(nodes, depth):
            for node in nodes:
                node.depth = depth
                set_depth(node.child_nodes, depth + 1)

        set_depth(roots, 0)
        return roots


class Body(LoggedModel, Searchable):
    """An utvalg, forum or group of the partnership. Bodies form a tree."""

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

    name = models.CharField(_("navn"), max_length=200, validators=[no_identity_number])
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
    mandate = models.TextField(_("mandat"), blank=True, validators=[no_identity_number])
    meeting_frequency = models.CharField(_("møtefrekvens"), max_length=200, blank=True, validators=[no_identity_number])
    sort_order = models.PositiveSmallIntegerField(
        _("rekkefølge"),
        default=0,
        help_text=_("Utvalg med lavere tall vises først blant søsknene sine; ellers alfabetisk."),
    )
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")

    objects = BodyQuerySet.as_manager()

    # Set on the bodies BodyQuerySet.tree() returns.
    child_nodes: list["Body"]
    depth: int

    class Meta:
        verbose_name = _("utvalg")
        verbose_name_plural = _("utvalg")
        ordering = ["sort_order", "sort_key"]
        constraints = [
            # The deeper cycles are refused by clean(); this one holds even for raw updates.
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="body_not_its_own_parent"),
        ]
        indexes = [
            # The search box: full-text prefix match (samhandling.search).
            GinIndex(fields=["search_vector"], name="body_search_vector"),
            # Substrings of the folded text (LIKE '%koordinat%'): pg_trgm serves them from the index.
            GinIndex(fields=["search_text"], name="body_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Body, self.name, self.pk)
        self.sort_key = norwegian_sort_key(self.name)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.parent_id and self.pk and self.pk in self.ancestor_ids(start=self.parent_id):
            raise ValidationError(
                {"parent": _("Et utvalg kan ikke ligge under seg selv eller under et av sine egne underutvalg.")},
                code="cycle",
            )

    @staticmethod
    def ancestor_ids(start: int, parents: dict[int, int | None] | None = None) -> list[int]:
        """`start` and the ids above it, nearest first; stops if the data has a cycle.

        `parents` maps id -> parent id; without it, one query reads it.
        """
        if parents is None:
            parents = dict(Body.objects.values_list("pk", "parent_id"))
        chain: list[int] = []
        current: int | None = start
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        return chain

    def get_absolute_url(self):
        return reverse("contacts:body", args=[self.slug])

    def search_parts(self):
        """Costs a query for the region unless it is selected."""
        return (
            [self.get_kind_display(), self.region.name if self.region_id else "", self.mandate],
            [self.meeting_frequency],
        )


class PersonQuerySet(models.QuerySet):
    def search(self, query: "str | search.Query"):
        """People matching every word of `query` (samhandling.search); all people for an empty query."""
        parsed = search.parse(query)
        return self.filter(search.matches(parsed, folded="search_text")) if parsed else self

    def in_region(self, region):
        """People of an organisation in the region, or with a role for the region or one of its organisations."""
        roles = Role.objects.filter(models.Q(region=region) | models.Q(organisation__region=region))
        return self.filter(models.Q(organisation__region=region) | models.Q(pk__in=roles.values("person_id")))

    def in_organisation(self, organisation):
        """People of the organisation, or with a role for it (e.g. its kreftkoordinator employed elsewhere)."""
        roles = Role.objects.filter(organisation=organisation)
        return self.filter(models.Q(organisation=organisation) | models.Q(pk__in=roles.values("person_id")))

    def with_role(self, kind):
        return self.filter(pk__in=Role.objects.filter(kind=kind).values("person_id"))

    def for_listing(self):
        """What a list of people shows: organisation, region and roles, in two queries in all."""
        return self.select_related("organisation__region", "unit").prefetch_related(
            models.Prefetch("roles", queryset=Role.objects.select_related("region", "organisation"))
        )

    def refresh_search(self) -> int:
        """Recomputes the search columns of these people (after a role, organisation or region changed)."""
        people = list(self.for_listing())
        for person in people:
            person.refresh_search_fields()
        Person.objects.bulk_update(people, ["search_document", "search_text"], batch_size=500)
        return len(people)


class Person(LoggedModel, Searchable):
    """Someone the partnership's people need to reach: a coordinator, a PKO, a kreftkoordinator, ..."""

    name = models.CharField(_("navn"), max_length=200, validators=[no_identity_number])
    title = models.CharField(_("stilling"), max_length=200, blank=True, validators=[no_identity_number])
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    department = models.CharField(
        _("avdeling eller enhet"), max_length=200, blank=True, validators=[no_identity_number]
    )
    unit = models.ForeignKey(
        "Unit",
        verbose_name=_("enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text=_("Enheten i organisasjonen personen hører til, f.eks. tildelingskontoret."),
    )
    email = models.EmailField(_("e-post (jobb)"), blank=True)
    phone = PhoneField(_("telefon (jobb)"), blank=True)
    mobile = PhoneField(_("mobil (jobb)"), blank=True)
    # Health personnel's number in Helsepersonellregisteret: HelseID sends it, so a first login
    # through HelseID finds the person by it (portal/provisioning.py).
    hpr_number = models.CharField(
        _("HPR-nummer"),
        max_length=9,
        blank=True,
        default="",
        db_default="",
        validators=[RegexValidator(r"^\d{1,9}$", _("HPR-nummeret består av inntil ni sifre."))],
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("brukerkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text=_("Kobler personen til en innlogging i portalen, hvis personen har en."),
    )
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        # The directory's order: Norwegian alphabetical by the name as written (first name first).
        ordering = ["sort_key", "pk"]
        indexes = [
            # The search box: full-text prefix match (samhandling.search).
            GinIndex(fields=["search_vector"], name="person_search_vector"),
            # Substrings of the folded text (LIKE '%koordinat%'): pg_trgm serves them from the index.
            GinIndex(fields=["search_text"], name="person_search_text_trgm", opclasses=["gin_trgm_ops"]),
            # A sign-in through HelseID finds the person by HPR number (portal/provisioning.py).
            models.Index(fields=["hpr_number"], name="person_hpr_number", condition=~models.Q(hpr_number="")),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = norwegian_sort_key(self.name)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:person", args=[self.pk])

    def search_parts(self):
        """Costs a query for the roles, one for the organisation and one for the unit unless they are prefetched."""
        roles = list(self.roles.all()) if self.pk else []
        organisation = self.organisation if self.organisation_id else None
        return (
            [
                self.title,
                self.department,
                self.unit.name if self.unit_id and self.unit else "",
                organisation.name if organisation else "",
                *(role.describe() for role in roles),
            ],
            [
                self.email,
                organisation.region.name if organisation and organisation.region_id else "",
                *(
                    role.organisation.region.name
                    for role in roles
                    if role.organisation_id and role.organisation.region_id
                ),
            ],
        )

    @property
    def given_and_family_name(self) -> tuple[str, str]:
        """('Kari Anne', 'Nordmann'): the last word is taken as the family name (for the vCard)."""
        given, _space, family = self.name.strip().rpartition(" ")
        return given, family

    def to_vcard(self) -> str:
        """The person as a vCard 3.0 (UTF-8), for address books. Uses the prefetched roles if any."""
        import vobject

        card = vobject.vCard()
        card.add("fn").value = self.name
        given, family = self.given_and_family_name
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if self.title:
            card.add("title").value = self.title
        if self.organisation is not None:  # no query without an organisation_id
            card.add("org").value = [self.organisation.name, *([self.department] if self.department else [])]
        if self.email:
            email = card.add("email")
            email.value = self.email
            email.type_param = "WORK"
        for number, kinds in ((self.phone, ["WORK", "VOICE"]), (self.mobile, ["CELL", "VOICE"])):
            if number:
                tel = card.add("tel")
                tel.value = e164(number)
                tel.type_paramlist = kinds
        roles = [role.describe() for role in self.roles.all()]
        if roles:
            card.add("note").value = "; ".join(roles)
        card.add("uid").value = f"urn:samhandlingsportalen:person:{self.pk}"
        return card.serialize()


class Role(models.Model):
    """What a person is the contact for, and where: coordinator for Grenland, kreftkoordinator in Skien."""

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("samhandlingskoordinator")
        # Called praksiskonsulent (PKO) until 2024.
        COLLABORATION_DOCTOR = "collaboration_doctor", _("samhandlingslege (tidligere praksiskonsulent, PKO)")
        CANCER_COORDINATOR = "cancer_coordinator", _("kreftkoordinator")
        CANCER_NURSE = "cancer_nurse", _("kreftsykepleier")
        CHILD_RESPONSIBLE = "child_responsible", _("barneansvarlig helsepersonell")
        COORDINATING_UNIT = "coordinating_unit", _("koordinerende enhet")
        MESSAGING_CONTACT = "messaging_contact", _("meldingsansvarlig (elektronisk meldingsutveksling)")
        WEB_EDITOR = "web_editor", _("webredaktør")
        OTHER = "other", _("annen kontaktrolle")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rolle"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("for region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("for organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roles",
    )
    note = models.CharField(
        _("merknad"),
        max_length=200,
        blank=True,
        validators=[no_identity_number],
        help_text=_("F.eks. «barn og unge» eller «Skien og Siljan»."),
    )

    class Meta:
        verbose_name = _("kontaktrolle")
        verbose_name_plural = _("kontaktroller")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="coordinator") | models.Q(region__isnull=False),
                name="coordinator_role_has_region",
                violation_error_message=_("En samhandlingskoordinator må ha en region."),
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "region", "organisation"],
                nulls_distinct=False,
                name="role_once_per_person_and_place",
                violation_error_message=_("Personen har allerede denne rollen her."),
            ),
        ]
        indexes = [
            # The directory's role filter and the front page's coordinators per region.
            models.Index(fields=["kind", "region"], name="role_kind_region"),
        ]

    def __str__(self):
        return self.describe()

    def describe(self) -> str:
        """'samhandlingskoordinator, Grenland'. Costs queries for region and organisation unless selected."""
        scope = [
            self.region.name if self.region is not None else "",
            self.organisation.name if self.organisation is not None else "",
            self.note,
        ]
        return ", ".join([self.get_kind_display(), *(part for part in scope if part)])


class MembershipQuerySet(models.QuerySet):
    # One rule, also in Membership.has_ended(): a seat has ended when its end date is before the
    # day. A seat that begins later is not ended: the body page lists it with the members.
    def not_ended(self, on: datetime.date | None = None):
        return self.exclude(ended_on__lt=on or timezone.localdate())

    def past(self, on: datetime.date | None = None):
        return self.filter(ended_on__lt=on or timezone.localdate())

    def in_display_order(self):
        """Leader first, then deputy, secretary, members, ..., then by name."""
        ranks = [
            models.When(position=value, then=models.Value(rank))
            for rank, value in enumerate(Membership.Position.values)
        ]
        return self.alias(position_rank=models.Case(*ranks, default=models.Value(99))).order_by(
            "position_rank", "person__sort_key", "pk"
        )


class Membership(models.Model):
    """A person's seat in a body, with the role in it and whom they represent. Past seats are kept."""

    class Position(models.TextChoices):
        LEADER = "leader", _("leder")
        DEPUTY_LEADER = "deputy_leader", _("nestleder")
        SECRETARY = "secretary", _("sekretær")
        MEMBER = "member", _("medlem")
        USER_REPRESENTATIVE = "user_representative", _("brukerrepresentant")
        GP = "gp", _("fastlege")
        UNION_REPRESENTATIVE = "union_representative", _("tillitsvalgt")
        OBSERVER = "observer", _("observatør")
        DEPUTY = "deputy", _("vara")

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, verbose_name=_("utvalg"), on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(_("rolle i utvalget"), max_length=30, choices=Position.choices, default=Position.MEMBER)
    representing = models.ForeignKey(
        Organisation,
        verbose_name=_("representerer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )
    started_on = models.DateField(_("fra"), null=True, blank=True)
    ended_on = models.DateField(_("til"), null=True, blank=True, help_text=_("Tom så lenge vervet varer."))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        ordering = ["body", "person__sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
                violation_error_message=_("Sluttdatoen kan ikke være før startdatoen."),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.get_position_display()} – {self.body}"

    def has_ended(self, on: datetime.date | None = None) -> bool:
        """MembershipQuerySet's rule, for a seat already loaded: its end date is before the day."""
        return self.ended_on is not None and self.ended_on < (on or timezone.localdate())

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return (self.started_on is None or self.started_on <= today) and (
            self.ended_on is None or self.ended_on >= today
        )


class UnitQuerySet(models.QuerySet["Unit"]):
    def for_listing(self):
        """What a list of units shows: its organisation and region, in the same query."""
        return self.select_related("organisation__region", "parent")

    def tree(self) -> list["Unit"]:
        """The top units, each with `child_nodes` (and `depth`) filled in, from one query.

        A unit whose parent is outside the queryset is a top unit.
        """
        units = list(self.order_by("sort_order", "sort_key", "pk"))
        by_id: dict[int, Unit] = {unit.pk: unit for unit in units}
        roots: list[Unit] = []
        for unit in units:
            unit.child_nodes = []
        for unit in units:
            parent = by_id.get(unit.parent_id) if unit.parent_id else None
            (parent.child_nodes if parent else roots).append(unit)

        def set_depth(nodes: list[Unit], depth: int) -> None:
            for node in nodes:
                node.depth = depth
                set_depth(node.child_nodes, depth + 1)

        set_depth(roots, 0)
        return roots


class Unit(LoggedModel, Searchable):
    """An enhet inside an organisation: a clinic, a sengepost, a tildelingskontor, a legevakt, ...

    Units form a tree within their organisation (Sykehuset Telemark → Medisinsk klinikk →
    Sengepost 3). The numbers here are the ones people call, not the switchboard's.
    """

    class Kind(models.TextChoices):
        CLINIC = "clinic", _("klinikk eller divisjon")
        WARD = "ward", _("sengepost eller avdeling")
        OUTPATIENT_CLINIC = "outpatient_clinic", _("poliklinikk")
        ALLOCATION_OFFICE = "allocation_office", _("tildelingskontor")
        EMERGENCY_ROOM = "emergency_room", _("legevakt")
        HOME_CARE = "home_care", _("hjemmetjeneste")
        NURSING_HOME = "nursing_home", _("sykehjem eller KAD")
        GP_OFFICE = "gp_office", _("fastlegekontor")
        LEARNING_CENTRE = "learning_centre", _("lærings- og mestringssenter (LMS)")
        AMBULANT_TEAM = "ambulant_team", _("ambulant team")
        COORDINATING_UNIT = "coordinating_unit", _("koordinerende enhet")
        OTHER = "other", _("annet")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasjon"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("navn"), max_length=200, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    phone = PhoneField(_("telefon"), blank=True, help_text=_("Enhetens hovednummer."))
    direct_phone = PhoneField(
        _("direktenummer"), blank=True, help_text=_("For helsepersonell, f.eks. vaktrom eller koordinator.")
    )
    plo_fallback_phone = PhoneField(
        _("telefon ved PLO-brudd"),
        blank=True,
        help_text=_("Nummeret som brukes for manuelle rutiner når PLO-meldinger ikke virker."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    opening_hours = models.CharField(
        _("åpningstid"),
        max_length=200,
        blank=True,
        validators=[no_identity_number],
        help_text=_("F.eks. «Hverdager 08.00–15.30» eller «Hele døgnet»."),
    )
    address = models.CharField(_("adresse"), max_length=300, blank=True, validators=[no_identity_number])
    when_to_call = models.TextField(
        _("når du skal ringe oss"),
        blank=True,
        validators=[no_identity_number],
        help_text=_("Hva enheten kan hjelpe med, og hva som heller går som PLO-melding eller henvisning."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("rekkefølge"),
        default=0,
        help_text=_("Enheter med lavere tall vises først blant søsknene sine; ellers alfabetisk."),
    )

    objects = UnitQuerySet.as_manager()

    # Set on the units UnitQuerySet.tree() returns.
    child_nodes: list["Unit"]
    depth: int

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["sort_order", "sort_key"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="unit_not_its_own_parent"),
        ]
        indexes = [
            # An organisation's page lists its units (UnitQuerySet.tree), in this order.
            models.Index(fields=["organisation", "sort_order", "sort_key"], name="unit_organisation_order"),
            # The search box: full-text prefix match (samhandling.search).
            GinIndex(fields=["search_vector"], name="unit_search_vector"),
            # Substrings of the folded text (LIKE '%tildeling%'): pg_trgm serves them from the index.
            GinIndex(fields=["search_text"], name="unit_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            # With the organisation's name: every municipality has a "Tildelingskontoret".
            self.slug = unique_slug(Unit, self.full_name, self.pk)
        self.sort_key = norwegian_sort_key(self.name)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.parent_id and self.organisation_id and self.parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": _("Den overordnede enheten må høre til samme organisasjon.")}, code="other_organisation"
            )
        if self.parent_id and self.pk:
            parents = dict(Unit.objects.filter(organisation_id=self.organisation_id).values_list("pk", "parent_id"))
            if self.pk in Body.ancestor_ids(self.parent_id, parents):
                raise ValidationError(
                    {"parent": _("En enhet kan ikke ligge under seg selv eller under en av sine egne underenheter.")},
                    code="cycle",
                )

    def get_absolute_url(self):
        return reverse("contacts:unit", args=[self.slug])

    @property
    def full_name(self) -> str:
        """'Tildelingskontoret, Porsgrunn kommune'. Costs a query for the organisation unless selected."""
        return f"{self.name}, {self.organisation.name}"

    def search_parts(self):
        """Costs queries for the organisation, its region and the parent unless they are selected."""
        organisation = self.organisation
        return (
            [
                self.get_kind_display(),
                organisation.name,
                self.parent.name if self.parent_id and self.parent else "",
                self.opening_hours,
                self.when_to_call,
            ],
            [organisation.region.name if organisation.region_id else "", self.address, self.email],
        )

    def to_vcard(self) -> str:
        """The unit as a vCard 3.0 (UTF-8), an organisation's card: name, phones in E.164, e-mail, address."""
        import vobject

        card = vobject.vCard()
        card.add("fn").value = self.full_name
        card.add("n").value = vobject.vcard.Name(family="", given="")
        card.add("org").value = [self.organisation.name, self.name]
        card.add("x-abshowas").value = "COMPANY"
        if self.email:
            email = card.add("email")
            email.value = self.email
            email.type_param = "WORK"
        for number, kinds in ((self.phone, ["WORK", "VOICE"]), (self.direct_phone, ["WORK", "VOICE", "PREF"])):
            if number:
                tel = card.add("tel")
                tel.value = e164(number)
                tel.type_paramlist = kinds
        if self.address:
            card.add("label").value = self.address
        notes = [part for part in (self.opening_hours, self.when_to_call) if part]
        if notes:
            card.add("note").value = "\n\n".join(notes)
        card.add("uid").value = f"urn:samhandlingsportalen:enhet:{self.pk}"
        return card.serialize()


class ServiceQuerySet(models.QuerySet["Service"]):
    def for_listing(self):
        """What the catalogue shows: provider, provider unit and contact, in the same query."""
        return self.select_related("provider", "provider_unit", "contact_person")

    def covering(self, municipality: Organisation):
        """Services for people living in `municipality`: those naming it, and those for the whole area."""
        named = Service.municipalities.through.objects.filter(service_id=models.OuterRef("pk"))
        return self.filter(models.Exists(named.filter(organisation_id=municipality.pk)) | ~models.Exists(named))


class Service(LoggedModel, Searchable):
    """A service people refer patients to: an ambulant team, an LMS course, a koordinerende enhet, ..."""

    class Kind(models.TextChoices):
        AMBULANT_TEAM = "ambulant_team", _("ambulant team")
        LEARNING_AND_COPING = "learning_and_coping", _("lærings- og mestringstilbud")
        COORDINATING_UNIT = "coordinating_unit", _("koordinerende enhet")
        REHABILITATION = "rehabilitation", _("rehabilitering")
        CONTRACT_SPECIALIST = "contract_specialist", _("avtalespesialist")
        EMERGENCY_BEDS = "emergency_beds", _("kommunalt akutt døgnopphold (KAD)")
        OTHER = "other", _("annet")

    class TargetGroup(models.TextChoices):
        EVERYONE = "everyone", _("alle aldre")
        CHILDREN = "children", _("barn og unge")
        ADULTS = "adults", _("voksne")
        ELDERLY = "elderly", _("eldre")
        MENTAL_HEALTH = "mental_health", _("psykisk helse og rus")

    name = models.CharField(_("navn"), max_length=200, validators=[no_identity_number])
    slug = models.SlugField(_("kortnavn i adressen"), max_length=200, unique=True)
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    kind = models.CharField(_("type tjeneste"), max_length=30, choices=Kind.choices)
    target_group = models.CharField(_("målgruppe"), max_length=20, choices=TargetGroup.choices)
    provider = models.ForeignKey(
        Organisation, verbose_name=_("tilbys av"), on_delete=models.PROTECT, related_name="services"
    )
    provider_unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet som gir tilbudet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
    )
    municipalities = models.ManyToManyField(
        Organisation,
        verbose_name=_("kommuner tilbudet gjelder"),
        blank=True,
        related_name="covered_by_services",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        help_text=_("Tom liste: tilbudet gjelder hele opptaksområdet."),
    )
    summary = models.TextField(_("om tilbudet"), validators=[no_identity_number])
    how_to_refer = models.TextField(
        _("slik henviser du"),
        blank=True,
        validators=[no_identity_number],
        help_text=_(
            "Hvem kan henvise, hvordan (elektronisk henvisning, PLO-melding, telefon), og hva den må inneholde."
        ),
    )
    contact_person = models.ForeignKey(
        Person,
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    contact = models.CharField(
        _("kontakt"),
        max_length=300,
        blank=True,
        validators=[no_identity_number],
        help_text=_("Hvem som svarer på spørsmål om tilbudet, f.eks. «Koordinator på hverdager 08–15»."),
    )
    phone = PhoneField(_("telefon"), blank=True)
    email = models.EmailField(_("e-post"), blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["sort_key"]
        indexes = [
            # The catalogue's target group filter.
            models.Index(fields=["target_group", "sort_key"], name="service_target_group"),
            GinIndex(fields=["search_vector"], name="service_search_vector"),
            GinIndex(fields=["search_text"], name="service_search_text_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Service, self.name, self.pk)
        self.sort_key = norwegian_sort_key(self.name)
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.provider_unit_id and self.provider_id and self.provider_unit.organisation_id != self.provider_id:
            raise ValidationError(
                {"provider_unit": _("Enheten må høre til organisasjonen som gir tilbudet.")}, code="other_organisation"
            )

    def get_absolute_url(self):
        return reverse("contacts:service", args=[self.slug])

    def search_parts(self):
        """Costs queries for the provider and its unit unless they are selected."""
        return (
            [
                self.get_kind_display(),
                self.get_target_group_display(),
                self.provider.name,
                self.provider_unit.name if self.provider_unit_id and self.provider_unit else "",
                self.summary,
            ],
            [self.how_to_refer, self.contact],
        )


def minutes_path(instance: "Meeting", filename: str) -> str:
    """upload_to for minutes: the uploaded name is ignored."""
    return random_pdf_name("referater")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime | None = None):
        """Meetings not yet over, soonest first."""
        moment = now or timezone.now()
        return self.filter(
            models.Q(ends_at__gte=moment) | models.Q(ends_at__isnull=True, starts_at__gte=moment)
        ).order_by("starts_at", "pk")

    def past(self, now: datetime.datetime | None = None):
        """Meetings that have been held, latest first."""
        moment = now or timezone.now()
        return self.filter(starts_at__lt=moment).order_by("-starts_at", "-pk")


class Meeting(models.Model):
    """A meeting of a body: when and where, the agenda, and the minutes (a PDF checked by content)."""

    body = models.ForeignKey(Body, verbose_name=_("utvalg"), on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"), null=True, blank=True)
    place = models.CharField(
        _("sted"),
        max_length=200,
        blank=True,
        validators=[no_identity_number],
        help_text=_("Møterom, adresse eller «Teams»."),
    )
    agenda = models.TextField(_("saksliste"), blank=True, validators=[no_identity_number])
    minutes = models.FileField(
        _("referat (PDF)"), upload_to=minutes_path, max_length=200, blank=True, validators=[validate_pdf]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("Møtet kan ikke slutte før det starter."),
            ),
        ]
        indexes = [
            # A body's upcoming meetings and its archive of minutes per year.
            models.Index(fields=["body", "starts_at"], name="meeting_body_starts_at"),
        ]

    def __str__(self):
        return f"{self.body} {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def minutes_url(self) -> str:
        return reverse("contacts:meeting_minutes", args=[self.body.slug, self.pk]) if self.minutes else ""

    @property
    def end(self) -> datetime.datetime:
        """When the meeting ends; two hours after the start when no end is given (for calendars)."""
        return self.ends_at or self.starts_at + datetime.timedelta(hours=2)


# The people's search columns hold their roles', organisations' and regions' names, so they are
# refreshed when those change. Signals rather than save(), because the admin's bulk delete of
# roles calls no delete().


@receiver([post_save, post_delete], sender=Role, dispatch_uid="contacts_role_changed")
def _role_changed(sender, instance, **kwargs):
    Person.objects.filter(pk=instance.person_id).refresh_search()


@receiver(post_save, sender=Organisation, dispatch_uid="contacts_organisation_changed")
def _organisation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        Person.objects.filter(
            models.Q(organisation=instance)
            | models.Q(pk__in=Role.objects.filter(organisation=instance).values("person_id"))
        ).refresh_search()


@receiver(post_save, sender=Region, dispatch_uid="contacts_region_changed")
def _region_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for model in (Organisation, Body):
        rows = list(model.objects.filter(region=instance).select_related("region"))
        for row in rows:
            row.refresh_search_fields()
        model.objects.bulk_update(rows, ["search_document", "search_text"])
    Person.objects.in_region(instance).refresh_search()
    _refresh_search_of(Unit.objects.filter(organisation__region=instance).for_listing())


def _refresh_search_of(queryset: models.QuerySet) -> None:
    """Recomputes the search columns of units or services (their organisation's or unit's name changed)."""
    rows = list(queryset)
    for row in rows:
        row.refresh_search_fields()
    queryset.model.objects.bulk_update(rows, ["search_document", "search_text"], batch_size=500)


@receiver(post_save, sender=Organisation, dispatch_uid="contacts_organisation_changed_units")
def _organisation_changed_units(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_search_of(Unit.objects.filter(organisation=instance).for_listing())
        _refresh_search_of(Service.objects.filter(provider=instance).for_listing())


@receiver(post_save, sender=Unit, dispatch_uid="contacts_unit_changed")
def _unit_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw or created:
        return
    Person.objects.filter(unit=instance).refresh_search()
    _refresh_search_of(Unit.objects.filter(parent=instance).for_listing())
    _refresh_search_of(Service.objects.filter(provider_unit=instance).for_listing())
