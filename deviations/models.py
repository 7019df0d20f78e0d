"""Deviation and improvement reports, their timeline and their e-mail outbox.

A report arrives through the public form, is handled by the receiving organisation's
Avviksbehandlere and is followed by the reporter through a secret link. Who sees which
report is decided by samhandling.access; DeviationQuerySet.visible_to() turns it into a query.
"""

import datetime
import hmac
import zoneinfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Count, F, Func, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deviations import tokens
from samhandling import access
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
# the daily reminder, the statistics and the exports. DESIGN.md: "Overdue = not answered
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
        """{status: count, ..., "overdue": count, "total": count}, in one query."""
        aggregates = {status: Count("pk", filter=Q(status=status)) for status in Deviation.Status.values}
        aggregates["overdue"] = Count("pk", filter=overdue_condition(today or local_today()))
        aggregates["total"] = Count("pk")
        return self.order_by().aggregate(**aggregates)

    def with_list_relations(self) -> "DeviationQuerySet":
        return self.select_related("reporter_organisation", "concerned_organisation", "agreement", "assigned_to")


class Deviation(models.Model):
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
        db_index=False,  # covered by the index deviation_from_org
    )
    concerned_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("organisasjonen det gjelder"),
        on_delete=models.PROTECT,
        related_name="received_deviations",
        db_index=False,  # covered by the indexes deviation_inbox and deviation_inbox_status
        help_text=_("Den som skal motta og svare på meldingen."),
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
            # The inbox filtered by status, and its counts per status.
            models.Index(F("concerned_organisation"), "status", F("received_at").desc(), name="deviation_inbox_status"),
            # visible_to()'s second branch and the "reporting organisation" filter.
            models.Index(F("reporter_organisation"), F("received_at").desc(), name="deviation_from_org"),
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


class DeviationEventQuerySet(models.QuerySet):
    def for_reporter(self):
        """The events a reporter sees on the receipt page: never internal comments or reasons."""
        return self.filter(visible_to_reporter=True)


class DeviationEvent(models.Model):
    """One line of the timeline, the audit trail: what happened, who did it, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Mottatt")
        STATUS_CHANGED = "status_changed", _("Status endret")
        COMMENT = "comment", _("Kommentar")
        FORWARDED = "forwarded", _("Videresendt")
        ANSWERED = "answered", _("Besvart")

    deviation = models.ForeignKey(
        Deviation, verbose_name=_("avvik"), on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(_("hendelse"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Tomt når melderen selv skrev (gjennom kvitteringslenken)."),
    )
    by_reporter = models.BooleanField(_("fra melderen"), default=False)
    visible_to_reporter = models.BooleanField(_("synlig for melderen"), default=False)
    text = models.TextField(_("tekst"), max_length=DESCRIPTION_MAX_LENGTH, blank=True, validators=[no_identity_number])
    from_status = models.CharField(_("fra status"), max_length=20, choices=Deviation.Status.choices, blank=True)
    to_status = models.CharField(_("til status"), max_length=20, choices=Deviation.Status.choices, blank=True)
    from_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("fra organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("til organisasjon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    objects = DeviationEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        ordering = ["created_at", "pk"]
        indexes = [
            # A deviation's timeline, oldest first.
            models.Index(F("deviation"), "created_at", name="deviationevent_timeline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="forwarded") | Q(to_organisation__isnull=False, from_organisation__isnull=False),
                name="deviationevent_forward_has_organisations",
            ),
            models.CheckConstraint(
                condition=~Q(kind="status_changed") | ~Q(to_status=""),
                name="deviationevent_status_change_has_status",
            ),
        ]

    def __str__(self):
        return f"{self.deviation_id}: {self.get_kind_display()}"

    @property
    def is_internal_comment(self) -> bool:
        return self.kind == self.Kind.COMMENT and not self.visible_to_reporter


class NotificationQuerySet(models.QuerySet):
    def due(self, now=None):
        """Pending e-mails whose next attempt is due (uses the partial index notification_due)."""
        return self.filter(status=Notification.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class Notification(models.Model):
    """An e-mail in the outbox, written in the same transaction as what it announces.

    It is sent after the commit by a task (and by `send_pending_notifications` from cron
    for whatever a failing mail server left behind), so a report is never lost or
    blocked by e-mail. The message is built at sending time and carries no free text.
    """

    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("nytt avvik til mottaker")
        RECEIPT = "receipt", _("kvittering til melder")
        ANSWER = "answer", _("svar til melder")
        FORWARDED = "forwarded", _("videresendt til ny mottaker")
        FOLLOW_UP = "follow_up", _("kommentar fra melder til mottaker")

    class Status(models.TextChoices):
        PENDING = "pending", _("venter")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("ga opp")

    MAX_ATTEMPTS = 12

    deviation = models.ForeignKey(
        Deviation, verbose_name=_("avvik"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    recipient = models.EmailField(_("mottaker"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-postvarsel")
        verbose_name_plural = _("e-postvarsler")
        ordering = ["-created_at"]
        indexes = [
            # send_pending_notifications: pending ones whose attempt is due.
            models.Index("next_attempt_at", name="notification_due", condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    def retry_delay(self) -> datetime.timedelta:
        """Back off after each failure: 2, 4, 8 ... minutes, at most six hours."""
        return datetime.timedelta(minutes=min(2**self.attempts, 360))


class OverdueReminder(models.Model):
    """One day's digest of overdue deviations, sent to an organisation's deviation inbox.

    Written before the e-mail is sent and unique per organisation and day, so
    `send_overdue_reminders` can run twice a day (or twice at once) and an inbox still
    gets at most one digest a day. A failed send stays pending and the next run that day
    tries again; the row is locked while it is sent (as the outbox does).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("venter")
        SENT = "sent", _("sendt")

    organisation = models.ForeignKey(
        "contacts.Organisation",
        verbose_name=_("organisasjon"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # covered by the constraint overduereminder_once_a_day
    )
    day = models.DateField(_("dag"))
    recipient = models.EmailField(_("mottaker"))
    deviation_count = models.PositiveIntegerField(_("antall forfalte avvik"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("påminnelse om forfalte avvik")
        verbose_name_plural = _("påminnelser om forfalte avvik")
        ordering = ["-day", "organisation"]
        constraints = [
            # Nothing is sent twice in one day: the command inserts this row before it sends.
            models.UniqueConstraint(fields=["organisation", "day"], name="overduereminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.day}: {self.deviation_count}"
