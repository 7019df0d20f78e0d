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
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Count, F, Func, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deviations import tokens
from samhandling import access
from samhandling.models import LogEntry, LogEntryManager, LogEntryQuerySet, LoggedModel, OutboxEmail
from samhandling.validators import no_identity_number

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
        """
        aggregates = {status: Count("status", filter=Q(status=status)) for status in Deviation.Status.values}
        aggregates["overdue"] = Count("status", filter=overdue_condition(today or local_today()))
        aggregates["total"] = Count("status")
        return self.order_by().aggregate(**aggregates)

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

    OPEN_STATUSES = OPEN_STATUSES  # the module's, for templates and callers holding the model
    # What the reporter writes: checked by the guard again in services.submit_deviation.
    FREE_TEXT_FIELDS = ("reporter_name", "reporter_title", "description", "immediate_action", "suggestion")

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

    received_at = models.DateTimeField(_("mottatt"), default=timezone.now)
    respond_by = models.DateField(_("svarfrist"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saksbehandler"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_deviations",
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
            ),
            # "Mine meldinger".
            models.Index(F("reported_by"), F("received_at").desc(), name="deviation_reported_by"),
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
    def is_internal_comment(self) -> bool:
        return self.action == self.Kind.COMMENT and not self.visible_to_reporter


class StatisticsRollup(models.Model):
    """The statistics' counts per local month of arrival and one breakdown's value, kept by
    PostgreSQL itself: statement-level triggers on the deviations table add and subtract
    every inserted, updated and deleted row in the same transaction (migration
    0008_statistics_rollup), so the public form, the handlers' steps, bulk SQL loaders
    and the admin all keep it exact; `manage.py rebuild_statistics` builds it again.

    `dimension` is one of kind, month, agreement, category, direction, concerned,
    reporter, days (days to answer, the median's histogram), theme (category:agreement,
    the annual report's themes); `key` the value as text ("" for no agreement or no answer). Where a deviation stands against its deadline
    depends on today, so the roll-up keeps the open ones as `open`: the few open ones
    still within their deadline are counted live (deviation_open_deadline), the rest
    are past it.
    """

    # Written by the triggers only, never by a person (hence not editable).
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
        constraints = [models.UniqueConstraint(fields=["month", "dimension", "key"], name="statistics_rollup_key")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension}={self.key}: {self.count}"
