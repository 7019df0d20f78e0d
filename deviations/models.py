"""Deviation and improvement reports and their timeline (a view of the audit trail).

A report arrives through the public form, is handled by the receiving organisation's
Avviksbehandlere and is followed by the reporter through a secret link. Who sees which
report is decided by samhandling.access; DeviationQuerySet.visible_to() turns it into a query.
"""

import datetime
import hmac
import zoneinfo
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Count, F, Func, Q
from django.db.models.functions import Left, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from deviations import tokens
from samhandling import access
from samhandling.models import LogEntry, LogEntryManager, LogEntryQuerySet, LoggedModel, OutboxEmail
from samhandling.validators import NoContactDetails, no_identity_number

# The inbox's summary of what happened: the first characters, read from the database only.
SUMMARY_LENGTH = 90

# Sensible upper bounds: long enough for a careful account, short enough that a form
# filled by a script cannot store megabytes.
DESCRIPTION_MAX_LENGTH = 4000
SHORT_TEXT_MAX_LENGTH = 2000

phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{5,30}$", _("Skriv telefonnummeret med siffer, for eksempel 35 00 35 00.")
)


def local_today() -> datetime.date:
    return timezone.localdate()


def start_of_local_day(day: datetime.date) -> datetime.datetime:
    """Midnight in Norwegian time, so a period filter on received_at can use its index."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# Where a deviation stands against its deadline, written once for the inbox, its counts,
# the daily reminder, the statistics and the exports. docs/domain.md: "Overdue = not answered
# after the deadline". A case is answered while its status is answered or closed; a
# reopened case is back in progress and owes the reporter a new answer, so past its
# deadline it is overdue everywhere, whatever it was answered once (its answered_at stays
# until the next answer replaces it). Every deviation is in exactly one of: answered in
# time, answered late (both by the local date of the answer), overdue, or open within
# the deadline.
OPEN_STATUSES = ("received", "in_progress")
IS_OPEN = Q(status__in=OPEN_STATUSES)
IS_ANSWERED = ~IS_OPEN  # answered or closed: the constraint deviation_answered_has_answer_time holds answered_at
ANSWERED_IN_TIME = IS_ANSWERED & Q(answered_on__lte=F("respond_by"))
ANSWERED_LATE = IS_ANSWERED & Q(answered_on__gt=F("respond_by"))


def overdue_condition(today: datetime.date) -> Q:
    """Open after the response deadline's last day (served by the partial index deviation_open_deadline)."""
    return IS_OPEN & Q(respond_by__lt=today)


# The portal's dates are Norwegian dates: what day a deviation arrived or was answered.
LOCAL_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def local_date(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=LOCAL_ZONE)


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year: SA-<year>-<number>.

    One row per year, bumped by a single UPSERT ... RETURNING inside the transaction that
    saves the report: the row lock serialises concurrent submits, and a rolled-back
    submit rolls its number back too, so numbers are unique and without gaps.
    """

    year = models.PositiveSmallIntegerField(_("år"), primary_key=True)
    last_number = models.PositiveIntegerField(_("siste nummer"))

    class Meta:
        verbose_name = _("referanseteller")
        verbose_name_plural = _("referansetellere")

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def take(cls, year: int, count: int = 1) -> range:
        """Reserves `count` consecutive numbers for `year`. Costs one query; call inside a transaction."""
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (year, last_number) VALUES (%s, %s) "
                f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + EXCLUDED.last_number "
                "RETURNING last_number",
                [year, count],
            )
            last = cursor.fetchone()[0]
        return range(last - count + 1, last + 1)

    @staticmethod
    def format(year: int, number: int) -> str:
        return f"SA-{year}-{number:06d}"


class DeviationQuerySet(models.QuerySet):
    def visible_to(self, user: access.User) -> "DeviationQuerySet":
        """The deviations a user may open as a handler or reader (samhandling.access.deviation_scope).

        Reporters reach their own through reported_by() or their secret link. Costs one
        query for the user's roles, once per request.
        """
        scope = access.deviation_scope(user)
        if scope.scope is access.Scope.ALL:
            return self.all()
        if scope.scope is access.Scope.ORGANISATION:
            return self.filter(
                Q(concerned_organisation_id=scope.organisation_id) | Q(reporter_organisation_id=scope.organisation_id)
            )
        return self.none()

    def inbox_for(self, user: access.User) -> "DeviationQuerySet":
        """What lands in a user's inbox: all for readers of all, a handler's organisation's incoming."""
        scope = access.deviation_scope(user)
        if scope.scope is access.Scope.ALL:
            return self.all()
        if scope.scope is access.Scope.ORGANISATION:
            return self.filter(concerned_organisation_id=scope.organisation_id)
        return self.none()

    def sent_from(self, organisation_id: int | None) -> "DeviationQuerySet":
        return self.filter(reporter_organisation_id=organisation_id)

    def reported_by(self, user) -> "DeviationQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(reported_by=user)

    def overdue(self, today: datetime.date | None = None) -> "DeviationQuerySet":
        """Open after the response deadline: overdue_condition, the one rule."""
        return self.filter(overdue_condition(today or local_today()))

    def received_between(self, start: datetime.date, end: datetime.date) -> "DeviationQuerySet":
        """Received on or after `start` and before `end` (local dates), for statistics by period.

        Compares received_at with local midnights (not received_at::date), so the
        indexes that lead with received_at serve it.
        """
        return self.filter(received_at__gte=start_of_local_day(start), received_at__lt=start_of_local_day(end))

    def status_counts(self, today: datetime.date | None = None) -> dict[str, int]:
        """{status: count, ..., "overdue": count, "total": count}, in one query.

        Counts the status column (never null), not the primary key: an inbox's counts then
        read only the status and deadline, which the indexes deviation_inbox_counts and
        deviation_from_org_counts hold (an index-only scan, no heap page read).

        One row per status (GROUP BY, over the index's status order) with its count and how many
        of it are past their deadline, rather than one FILTER clause per figure: the same scan,
        half the ORM's work to build it. Past the deadline counts as overdue for the open
        statuses only (overdue_condition).
        """
        late = Q(respond_by__lt=today or local_today())
        counts = dict.fromkeys(Deviation.Status.values, 0) | {"overdue": 0, "total": 0}
        rows = self.order_by().values_list("status").annotate(count=Count("status"), late=Count("status", filter=late))
        for status, count, past_deadline in rows:
            counts[status] = count
            counts["total"] += count
            if status in OPEN_STATUSES:
                counts["overdue"] += past_deadline
        return counts

    def for_inbox(self) -> "DeviationQuerySet":
        """The rows of deviation_table.html (the inbox, Mine meldinger): the list's relations, and only the start of what happened."""
        return (
            self.select_related("reporter_organisation", "concerned_organisation", "assigned_to", "assigned_unit")
            .only(
                "reference",
                "kind",
                "status",
                "category",
                "received_at",
                "respond_by",
                "reporter_workplace",
                "reporter_organisation__name",
                "concerned_organisation__name",
                "assigned_to__first_name",
                "assigned_to__last_name",
                "assigned_to__username",
                "assigned_unit__name",
            )
            .annotate(summary_text=Left("description", SUMMARY_LENGTH + 1))
        )

    def with_list_relations(self) -> "DeviationQuerySet":
        return self.select_related("reporter_organisation", "concerned_organisation", "agreement", "assigned_to")


class Deviation(LoggedModel):
    """A samhandlingsavvik or forbedringsforslag from one organisation about another."""

    class Kind(models.TextChoices):
        DEVIATION = "deviation", _("Samhandlingsavvik")
        IMPROVEMENT = "improvement", _("Forbedringsforslag")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mottatt")
        IN_PROGRESS = "in_progress", _("Under behandling")
        ANSWERED = "answered", _("Besvart")
        CLOSED = "closed", _("Lukket")

    class Category(models.TextChoices):
        ADMISSION = "admission", _("Innleggelse")
        DISCHARGE = "discharge", _("Utskrivning")
        DOCUMENTATION = "documentation", _("Epikrise og dokumentasjon")
        MEDICATION = "medication", _("Legemidler")
        MESSAGING = "messaging", _("Elektronisk meldingsutveksling (PLO)")
        REFERRAL = "referral", _("Henvisning")
        AIDS = "aids", _("Hjelpemidler")
        TRANSPORT = "transport", _("Pasienttransport")
        AVAILABILITY = "availability", _("Tilgjengelighet og kontakt")
        OTHER = "other", _("Annet")

    class Consequence(models.TextChoices):
        NONE = "none", _("Ingen")
        MINOR = "minor", _("Liten")
        MODERATE = "moderate", _("Moderat")
        SERIOUS = "serious", _("Alvorlig")

    class Cause(models.TextChoices):
        """Why it happened, as the handler finds (several per case)."""

        ROUTINE_MISSING = "routine_missing", _("Rutine mangler eller er uklar")
        ROUTINE_NOT_FOLLOWED = "routine_not_followed", _("Rutine ble ikke fulgt")
        COMMUNICATION = "communication", _("Kommunikasjon og informasjonsoverføring")
        DOCUMENTATION = "documentation", _("Dokumentasjon mangler eller er feil")
        ICT = "ict", _("IKT-system eller meldingsutveksling")
        CAPACITY = "capacity", _("Kapasitet og bemanning")
        COMPETENCE = "competence", _("Kompetanse og opplæring")
        RESPONSIBILITY = "responsibility", _("Uklar ansvarsfordeling")
        OTHER = "other", _("Annet")

    class ReporterVerdict(models.TextChoices):
        """The reporter's word on the answer: did it resolve the problem?"""

        YES = "ja", _("Ja")
        PARTLY = "delvis", _("Delvis")
        NO = "nei", _("Nei")

    OPEN_STATUSES = OPEN_STATUSES  # the module's, for templates and callers holding the model
    # What the reporter writes: checked by the guard again in services.submit_deviation.
    FREE_TEXT_FIELDS = (
        "reporter_name",
        "reporter_title",
        "reporter_workplace",
        "description",
        "immediate_action",
        "suggestion",
    )

    reference = models.CharField(_("referanse"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("type melding"), max_length=20, choices=Kind.choices, default=Kind.DEVIATION)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)

    reporter_name = models.CharField(_("navnet ditt"), max_length=200, validators=[no_identity_number])
    reporter_title = models.CharField(
        _("stilling"),
        max_length=200,
        blank=True,
        validators=[no_identity_number],
        help_text=_("For eksempel sykepleier, fastlege eller avdelingsleder."),
    )
    reporter_email = models.EmailField(_("e-post på jobb"), help_text=_("Hit sender vi kvitteringen og svaret."))
    reporter_phone = models.CharField(_("telefon"), max_length=30, blank=True, validators=[phone_validator])
    reporter_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("arbeidssted"),
        on_delete=models.PROTECT,
        related_name="reported_deviations",
        db_index=False,  # covered by the index deviation_from_org_counts
    )
    concerned_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("organisasjonen det gjelder"),
        on_delete=models.PROTECT,
        related_name="received_deviations",
        db_index=False,  # covered by the indexes deviation_inbox and deviation_inbox_counts
        help_text=_("Den som skal motta og svare på meldingen."),
    )
    # Optional: the unit inside the receiving organisation (a sengepost, the tildelingskontor).
    concerned_unit = models.ForeignKey(
        "contacts.Unit",
        verbose_name=_("enheten det gjelder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_deviations",
        # Partial: most reports name no unit. Serves the statistics' unit filter and the unit's PROTECT check.
        db_index=False,
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("tjenesteavtale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        db_index=False,  # covered by the index deviation_agreement
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    occurred_on = models.DateField(_("dato for hendelsen"))
    occurred_at_time = models.TimeField(_("klokkeslett"), null=True, blank=True)
    reporter_workplace = models.CharField(
        _("sted melderen jobber, utenfor listen"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        validators=[no_identity_number],
        help_text=_("For eksempel en avdeling eller et bofellesskap i organisasjonen du valgte."),
    )
    description = models.TextField(
        _("hva skjedde?"), max_length=DESCRIPTION_MAX_LENGTH, validators=[no_identity_number]
    )
    consequence = models.CharField(
        _("konsekvens for pasienten"), max_length=20, choices=Consequence.choices, blank=True
    )
    immediate_action = models.TextField(
        _("hva ble gjort med en gang?"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True, validators=[no_identity_number]
    )
    suggestion = models.TextField(
        _("forslag til forbedring"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True, validators=[no_identity_number]
    )

    # The columns added after the first release have a database default equal to their Python
    # one, so a row written in SQL naming only the older columns (make bench, an import) goes in.
    # The classification as the reporter chose it, kept when the receiver corrects the
    # current one (agreement, category, consequence above: what the statistics count).
    # Filled at submit; `reclassified` is set by services.classify when they differ.
    original_agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("tjenesteavtale oppgitt av melder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never looked up by; PROTECT's check reads deviation_agreement's heap seldom
    )
    original_category = models.CharField(
        _("kategori oppgitt av melder"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        default="",
        db_default="",
    )
    original_consequence = models.CharField(
        _("konsekvens oppgitt av melder"),
        max_length=20,
        choices=Consequence.choices,
        blank=True,
        default="",
        db_default="",
    )
    reclassified = models.BooleanField(_("omklassifisert"), default=False, db_default=False)
    # The investigation.
    case_number = models.CharField(
        _("saksnummer"),
        max_length=40,
        blank=True,
        default="",
        db_default="",
        validators=[no_identity_number],
        help_text=_("Saksnummeret i organisasjonens eget arkiv, for eksempel 2026/01234."),
    )
    causes = ArrayField(
        models.CharField(max_length=30, choices=Cause.choices),
        verbose_name=_("årsaker"),
        default=list,
        db_default=[],
        blank=True,
    )
    # The reporter's one reply to the answer.
    reporter_verdict = models.CharField(
        _("løste svaret problemet?"),
        max_length=10,
        choices=ReporterVerdict.choices,
        blank=True,
        default="",
        db_default="",
    )
    reporter_replied_at = models.DateTimeField(_("melder svarte"), null=True, blank=True)

    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    respond_by = models.DateField(_("svarfrist"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_deviations",
        db_index=False,  # covered by the index deviation_assigned_open
    )
    # Optional: the receiving organisation's unit that has the case (with or without a person).
    assigned_unit = models.ForeignKey(
        "contacts.Unit",
        verbose_name=_("tildelt enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_deviations",
        db_index=False,  # the partial index deviation_assigned_unit: most cases have no unit
    )
    answer = models.TextField(_("svar"), max_length=DESCRIPTION_MAX_LENGTH, blank=True, validators=[no_identity_number])
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvart av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)

    # Local dates computed and stored by PostgreSQL, for the statistics: they group and
    # compare by these without converting every row's time zone at query time (measured
    # with a million deviations: that conversion was most of a statistics query's time).
    received_on = models.GeneratedField(
        verbose_name=_("mottatt dato"),
        expression=local_date("received_at"),
        output_field=models.DateField(),
        db_persist=True,
    )
    answered_on = models.GeneratedField(
        verbose_name=_("besvart dato"),
        expression=local_date("answered_at"),
        output_field=models.DateField(null=True),
        db_persist=True,
    )
    days_to_answer = models.GeneratedField(
        verbose_name=_("dager til svar"),
        help_text=_("Kalenderdager fra mottatt til besvart; 0 når svaret kom samme dag."),
        expression=Func(
            local_date("answered_at"), local_date("received_at"), template="(%(expressions)s)", arg_joiner=" - "
        ),
        output_field=models.IntegerField(null=True),
        db_persist=True,
    )

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("meldt av bruker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_deviations",
        db_index=False,  # covered by the index deviation_reported_by
    )
    # The language the form was sent in: the reporter's e-mails are written in it. A database
    # default too, for rows written in SQL (make bench) and by code that predates the column.
    language = models.CharField(
        _("målform"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
        editable=False,
    )
    # Secrets, kept as SHA-256 digests only (see deviations.tokens).
    submission_key_hash = models.CharField(max_length=64, unique=True, editable=False)
    tracking_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    objects = DeviationQuerySet.as_manager()

    class Meta:
        verbose_name = _("avviksmelding")
        verbose_name_plural = _("avviksmeldinger")
        ordering = ["-received_at"]
        indexes = [
            # The handler's inbox: what concerns their organisation, newest first.
            models.Index(F("concerned_organisation"), F("received_at").desc(), name="deviation_inbox"),
            # The statistics filtered by a unit read its rows (the roll-ups have no unit dimension).
            models.Index(
                fields=["concerned_unit", "received_at"],
                name="deviation_concerned_unit",
                condition=models.Q(concerned_unit__isnull=False),
            ),
            # A unit's deletion sets its cases' assigned_unit to NULL: found through this index.
            models.Index(
                fields=["assigned_unit"],
                name="deviation_assigned_unit",
                condition=models.Q(assigned_unit__isnull=False),
            ),
            # The inbox filtered by status, and its counts per status and overdue: with the
            # deadline included they are an index-only scan (a hospital's 22,000 cases read
            # 150 index pages instead of 19,000 heap pages).
            models.Index(
                F("concerned_organisation"),
                "status",
                F("received_at").desc(),
                include=["respond_by"],
                name="deviation_inbox_counts",
            ),
            # visible_to()'s second branch, the "reporting organisation" filter and the counts
            # of the outgoing inbox (index-only, as above).
            models.Index(
                F("reporter_organisation"),
                F("received_at").desc(),
                include=["status", "respond_by"],
                name="deviation_from_org_counts",
            ),
            # Kvalitetsutvalg's list of all deviations and statistics by period.
            models.Index(F("received_at").desc(), name="deviation_received"),
            # The statistics: every figure of the page is an index-only scan of this one over
            # the period (the heap is not read), whatever the filters on the included columns.
            models.Index(
                fields=["received_at"],
                include=[
                    "status",  # answered or open: the outcome against the deadline
                    "kind",
                    "category",
                    "agreement",
                    "reporter_organisation",
                    "concerned_organisation",
                    "respond_by",
                    "received_on",
                    "answered_on",
                    "days_to_answer",
                ],
                name="deviation_statistics",
            ),
            # The filters by kind, category and agreement (and statistics per agreement and category).
            models.Index("kind", F("received_at").desc(), name="deviation_kind"),
            models.Index("category", F("received_at").desc(), name="deviation_category"),
            models.Index(F("agreement"), F("received_at").desc(), name="deviation_agreement"),
            # overdue(): open ones past their deadline, also for the daily reminder.
            models.Index(
                "respond_by",
                name="deviation_open_deadline",
                condition=Q(status__in=["received", "in_progress"]),
                # The statistics count the open ones within their deadline per breakdown
                # (rollups.rolled_up_breakdowns): every column they group by, so the scan
                # reads the index only.
                include=[
                    "received_at",
                    "received_on",
                    "status",
                    "kind",
                    "category",
                    "agreement",
                    "reporter_organisation",
                    "concerned_organisation",
                    "answered_on",
                ],
            ),
            # "Mine meldinger".
            models.Index(F("reported_by"), F("received_at").desc(), name="deviation_reported_by"),
            # The inbox's triage order (TRIAGE_ORDER): a receiver's open cases, overdue first,
            # then oldest; one index scan reads the first page in order.
            models.Index(
                "concerned_organisation",
                "respond_by",
                "received_at",
                name="deviation_triage",
                condition=Q(status__in=["received", "in_progress"]),
            ),
            # The same for "unassigned".
            models.Index(
                "concerned_organisation",
                "respond_by",
                "received_at",
                name="deviation_triage_unassigned",
                condition=Q(status__in=["received", "in_progress"], assigned_to__isnull=True),
            ),
            # The counts per status of the "unassigned" view, index-only as deviation_inbox_counts'
            # (without it, a hospital's 22,000 cases were read from the heap: 280 ms).
            models.Index(
                "concerned_organisation",
                "status",
                include=["respond_by"],
                name="deviation_unassigned_counts",
                condition=Q(assigned_to__isnull=True),
            ),
            # "Mine": a handler's cases, in triage order among the open ones and counted per
            # status (SET_NULL on a user's deletion finds them too).
            models.Index(
                "assigned_to", "respond_by", "received_at", include=["status"], name="deviation_assigned_open"
            ),
            # The statistics' reclassified cases and reporters' replies over a period
            # (deviations.statistics.handling): a few rows of a period, whatever its size.
            models.Index(
                fields=["received_at"],
                include=["reclassified", "reporter_verdict"],
                name="deviation_handling_feedback",
                condition=Q(reclassified=True) | ~Q(reporter_verdict=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_progress"]) | Q(answered_at__isnull=False),
                name="deviation_answered_has_answer_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="deviation_closed_has_close_time",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("deviations:detail", args=[self.reference])

    @staticmethod
    def deadline_for(received_at: datetime.datetime) -> datetime.date:
        return timezone.localdate(received_at) + datetime.timedelta(days=settings.DEVIATION_RESPONSE_DAYS)

    # The labels of the choices, looked up in a dict: Django's generated get_FOO_display()
    # makes the choices hashable on every call, which measured 3 ms per inbox row.
    def get_status_display(self) -> str:  # type: ignore[no-redef]  # django-stubs declares Django's own
        return str(_STATUS_LABELS.get(self.status, self.status))

    def get_kind_display(self) -> str:  # type: ignore[no-redef]  # django-stubs declares Django's own
        return str(_KIND_LABELS.get(self.kind, self.kind))

    def get_category_display(self) -> str:  # type: ignore[no-redef]  # django-stubs declares Django's own
        return str(_CATEGORY_LABELS.get(self.category, self.category))

    def get_consequence_display(self) -> str:  # type: ignore[no-redef]  # django-stubs declares Django's own
        return str(_CONSEQUENCE_LABELS.get(self.consequence, self.consequence))

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """overdue_condition for one loaded deviation (the inbox rows, the detail page)."""
        return self.is_open and self.respond_by < local_today()

    def matches_token(self, token: str) -> bool:
        """Constant-time check of a presented token against the stored digest."""
        return hmac.compare_digest(self.tracking_token_hash, tokens.digest(token))

    def tracking_token(self) -> str | None:
        """The reporter's secret token, derived again (never stored); see deviations.tokens."""
        return tokens.token_for(self.submission_key_hash, self.tracking_token_hash)

    def receipt_path(self) -> str | None:
        token = self.tracking_token()
        return reverse("deviations:receipt", args=[token]) if token else None

    # --- The workflow: which action is allowed in which status ---------------------------

    # --- Its timeline and e-mails ------------------------------------------------------------
    # Plain queries rather than GenericRelations: deleting a deviation must not delete
    # what the audit trail says about it.

    @property
    def events(self) -> LogEntryQuerySet:
        """The timeline: the audit trail's entries about this deviation, oldest first."""
        return DeviationEvent.objects.filter(object_id=self.pk)

    @property
    def notifications(self) -> models.QuerySet:
        """This deviation's e-mails in the outbox."""
        return OutboxEmail.objects.filter(content_type=ContentType.objects.get_for_model(self), object_id=self.pk)

    @property
    def summary(self) -> str:
        """The start of what happened: the inbox's short summary (it reads `summary_text` when annotated)."""
        text = getattr(self, "summary_text", None) or self.description
        return text[:SUMMARY_LENGTH].rstrip() + ("…" if len(text) > SUMMARY_LENGTH else "")

    @property
    def cause_labels(self) -> list[str]:
        labels = dict(self.Cause.choices)
        return [str(labels.get(cause, cause)) for cause in self.causes]

    @property
    def reporter_may_reply(self) -> bool:
        """Once, after an answer: the reporter says whether it resolved the problem."""
        return self.status in (self.Status.ANSWERED, self.Status.CLOSED) and self.reporter_replied_at is None

    def can_take(self) -> bool:
        return self.status == self.Status.RECEIVED

    def can_answer(self) -> bool:
        return self.is_open

    def can_forward(self) -> bool:
        return self.is_open

    def can_close(self) -> bool:
        return self.status == self.Status.ANSWERED

    def can_reopen(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.CLOSED)


# Lazy labels: each is translated when rendered, in the language of the request.
_STATUS_LABELS = dict(Deviation.Status.choices)
_KIND_LABELS = dict(Deviation.Kind.choices)
_CATEGORY_LABELS = dict(Deviation.Category.choices)
_CONSEQUENCE_LABELS = dict(Deviation.Consequence.choices)


class DeviationEventManager(LogEntryManager):
    """The audit trail's entries about deviations: their timelines."""

    def get_queryset(self) -> LogEntryQuerySet:
        return LogEntryQuerySet(self.model, using=self._db).filter(
            content_type=ContentType.objects.get_for_model(Deviation)
        )


class DeviationEvent(LogEntry):
    """One line of a deviation's timeline: an entry of the audit trail about a deviation.

    A view of samhandling.LogEntry (a proxy: no table of its own). The workflow
    (deviations.services) writes one with Deviation.log_action() for every change, in
    the change's transaction. `action` is one of Kind; `data` holds the text and the
    statuses and organisations the step moved between, as they were then.
    """

    class Kind(models.TextChoices):
        CREATED = "created", _("Mottatt")
        STATUS_CHANGED = "status_changed", _("Status endret")
        COMMENT = "comment", _("Kommentar")
        FORWARDED = "forwarded", _("Videresendt")
        ANSWERED = "answered", _("Besvart")
        # deviations.retention: the reporter's name, title, e-mail and phone removed, years after closing.
        CONTACT_REMOVED = "contact_removed", _("Kontaktopplysninger slettet")
        CLASSIFIED = "classified", _("Klassifisering endret")
        ASSIGNED = "assigned", _("Saksbehandler endret")
        INVESTIGATED = "investigated", _("Årsaker og saksnummer endret")
        MEASURE_ADDED = "measure_added", _("Tiltak lagt til")
        MEASURE_CHANGED = "measure_changed", _("Tiltak endret")
        REPORTER_REPLIED = "reporter_replied", _("Melderen svarte")
        LEARNING_PUBLISHED = "learning_published", _("Læringssammendrag publisert")

    objects: ClassVar[DeviationEventManager] = DeviationEventManager()

    class Meta:
        proxy = True
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.object_repr}: {self.get_kind_display()}"

    @property
    def kind(self) -> str:
        return self.action

    def get_kind_display(self) -> str:
        return str(dict(self.Kind.choices).get(self.action, self.action))

    @property
    def author(self):
        """Who did it; None when the reporter wrote (through the receipt link)."""
        return self.user

    @property
    def by_reporter(self) -> bool:
        return bool(self.data.get("by_reporter"))

    @property
    def text(self) -> str:
        return self.data.get("text", "")

    @property
    def from_status(self) -> str:
        return self.data.get("from_status", "")

    @property
    def to_status(self) -> str:
        return self.data.get("to_status", "")

    def get_to_status_display(self) -> str:
        return str(dict(Deviation.Status.choices).get(self.to_status, self.to_status))

    @property
    def from_organisation(self) -> str:
        """The organisation's name when the case was forwarded from it."""
        return self.data.get("from_organisation", {}).get("name", "")

    @property
    def to_organisation(self) -> str:
        """The organisation's name when the case was forwarded to it."""
        return self.data.get("to_organisation", {}).get("name", "")

    @property
    def verdict_display(self) -> str:
        """The reporter's word on the answer (ja / delvis / nei), in the user's language."""
        verdict = self.data.get("verdict", "")
        return str(dict(Deviation.ReporterVerdict.choices).get(verdict, verdict))

    @property
    def is_internal_comment(self) -> bool:
        return self.action == self.Kind.COMMENT and not self.visible_to_reporter


class CaseMeasureQuerySet(models.QuerySet):
    """A case's measures. (Not MeasureQuerySet: django-stubs names the manager after the class, and
    agreements.models has a MeasureQuerySet of its own; the two managers clashed in type checking.)"""

    def overdue(self, today: datetime.date | None = None) -> "CaseMeasureQuerySet":
        """Not done after its due date (served by the partial index measure_open_due)."""
        return self.exclude(status=Measure.Status.DONE).filter(due_on__lt=today or local_today())


class Measure(models.Model):
    """A measure (tiltak) agreed on after a deviation: what, who owns it, by when, how far.

    Changed only through deviations.services, which writes each change to the deviation's
    timeline (the audit trail).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        IN_PROGRESS = "in_progress", _("Pågår")
        DONE = "done", _("Gjennomført")

    # The deviation's own: deleted with it (an administrator's step); the audit trail keeps what was done.
    deviation = models.ForeignKey(Deviation, verbose_name=_("avvik"), on_delete=models.CASCADE, related_name="measures")
    description = models.TextField(_("tiltak"), max_length=SHORT_TEXT_MAX_LENGTH, validators=[no_identity_number])
    # Free text for an owner outside the directory; the unit or person when it is in it.
    owner = models.CharField(
        _("ansvarlig"),
        max_length=200,
        blank=True,
        validators=[no_identity_number],
        help_text=_("En person eller en enhet, for eksempel «Avdelingsleder, medisinsk sengepost»."),
    )
    owner_unit = models.ForeignKey(
        "contacts.Unit",
        verbose_name=_("ansvarlig enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviation_measures",
    )
    owner_person = models.ForeignKey(
        "contacts.Person",
        verbose_name=_("ansvarlig person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviation_measures",
    )
    due_on = models.DateField(_("frist"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(_("gjennomført dato"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    objects = CaseMeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["due_on", "pk"]
        indexes = [
            # overdue(): the inbox's and the reminder's overdue measures.
            models.Index("due_on", name="measure_open_due", condition=~Q(status="done")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | Q(completed_on__isnull=False), name="measure_done_has_date"
            ),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.DONE and self.due_on < local_today()

    @property
    def directory_owner(self) -> str:
        """The owner as the directory names them ("Kari Nordmann (Sengepost 3)"); no free text."""
        return owner_label(
            self.owner_person.name if self.owner_person_id and self.owner_person else "",
            self.owner_unit.name if self.owner_unit_id and self.owner_unit else "",
        )

    @property
    def owner_display(self) -> str:
        """For the receiver's own pages: the directory's name and the free text, as far as given."""
        return ", ".join(part for part in (self.directory_owner, self.owner) if part)


def owner_label(person: str | None, unit: str | None) -> str:
    """ "Kari Nordmann (Sengepost 3)", "Sengepost 3", "Kari Nordmann" or ""."""
    if person and unit:
        return f"{person} ({unit})"
    return person or unit or ""


@deconstructible
class NoContactDetailsInSummary(NoContactDetails):
    message = _("Et læringssammendrag skal ikke vise til personer: ta bort e-postadresser og telefonnumre.")


no_contact_details_in_summary = NoContactDetailsInSummary()


class LearningSummaryQuerySet(models.QuerySet):
    def published(self) -> "LearningSummaryQuerySet":
        return self.filter(published_at__isnull=False)


class LearningSummary(LoggedModel):
    """What the partnership learnt from a closed case, anonymised, for every clinician to read.

    Written and published by Kvalitetsutvalget in its own words (services.publish_learning):
    no reference to the case's people, the report's text or the reference number is shown.
    """

    title = models.CharField(_("tittel"), max_length=200, validators=[no_identity_number])
    body = models.TextField(
        _("hva vi lærte"),
        max_length=DESCRIPTION_MAX_LENGTH,
        validators=[no_identity_number, no_contact_details_in_summary],
        help_text=_(
            "Beskriv hva som sviktet og hva som er endret, uten navn, datoer eller andre opplysninger "
            "som kan peke ut pasienten, melderen eller de som var involvert."
        ),
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("tjenesteavtale"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="learning_summaries",
    )
    category = models.CharField(_("kategori"), max_length=20, choices=Deviation.Category.choices)
    # The case it came from: for Kvalitetsutvalget's own overview, never shown to readers.
    deviation = models.OneToOneField(
        Deviation,
        verbose_name=_("avvik"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_summary",
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("publisert av"), on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = LearningSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("læringssammendrag")
        verbose_name_plural = _("læringssammendrag")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deviations:learning_detail", args=[self.pk])


class StatisticsRollup(models.Model):
    """The statistics' counts per local month of arrival and one breakdown's value, kept by
    PostgreSQL itself: statement-level triggers on the deviations table add and subtract
    every inserted, updated and deleted row in the same transaction (migration
    0008_statistics_rollup), so the public form, the handlers' steps, bulk SQL loaders
    and the admin all keep it exact; `manage.py rebuild_statistics` builds it again.

    `dimension` is one of kind, month, agreement, category, direction, concerned,
    reporter, days (days to answer, the median's histogram), theme (category:agreement,
    the annual report's themes); `key` the value as text ("" for no agreement or no answer).
    Each deviation counts in its month's rows and again in its year's (`span`), which are
    the sums of the year's months: a long period reads a year's rows instead of twelve
    months', most of them one per organisation. Where a deviation stands against its deadline
    depends on today, so the roll-up keeps the open ones as `open`: the few open ones
    still within their deadline are counted live (deviation_open_deadline), the rest
    are past it.
    """

    class Span(models.TextChoices):
        MONTH = "month", _("måned")
        YEAR = "year", _("år")

    # Written by the triggers only, never by a person (hence not editable). `month` is the
    # first day of the span: a month, or a year (January 1st).
    span = models.CharField(
        max_length=5, choices=Span.choices, default=Span.MONTH, db_default=Span.MONTH, editable=False
    )
    month = models.DateField(editable=False)
    dimension = models.CharField(max_length=12, editable=False)
    key = models.CharField(max_length=40, editable=False)
    count = models.IntegerField(default=0, editable=False)
    in_time = models.IntegerField(default=0, editable=False)
    late = models.IntegerField(default=0, editable=False)
    open = models.IntegerField(default=0, editable=False)
    answered = models.IntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("statistikkgrunnlag")
        verbose_name_plural = _("statistikkgrunnlag")
        constraints = [
            models.UniqueConstraint(fields=["span", "month", "dimension", "key"], name="statistics_rollup_key")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension}={self.key}: {self.count}"


class HandlerPageGeneration(models.Model):
    """How often what an organisation's handlers see has changed (deviations.handlerpages).

    Written only by the triggers of migration 0018_handler_pages: every inserted, updated
    or deleted deviation, event, measure or learning summary adds one to the rows of the
    organisations it comes from and goes to, and every change of a user or of a user's role
    groups to the user's organisation's, in the changing transaction. No foreign key: a
    generation is only a number kept under an organisation's id.
    """

    organisation_id = models.BigIntegerField(primary_key=True, editable=False)
    value = models.BigIntegerField(default=1, editable=False)

    def __str__(self):
        return f"{self.organisation_id}: {self.value}"


class HandlerPage(models.Model):
    """A handler's inbox or deviation page as it was rendered, at the generations it was rendered at."""

    key = models.CharField(max_length=64, primary_key=True, editable=False)
    own_generation = models.BigIntegerField(editable=False)
    shared_generation = models.BigIntegerField(editable=False)
    expires_at = models.DateTimeField(editable=False)
    content = models.BinaryField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="handlerpage_expires")]
