"""The portal's one audit trail and its one e-mail outbox, in the bottom layer so every app can use them.

The audit trail (LogEntry) records who did what to which object, when: the deviations'
timeline, the editors' change log and edits in the admin are all views of it. A model
that matters inherits LoggedModel and records its actions with `log_action()`, in the
same transaction as the change.

The outbox (OutboxEmail) holds every e-mail the portal sends, written in the same
transaction as what it announces and sent after the commit by the task worker (see
samhandling.outbox), so a failing mail server never loses or blocks anything.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LogEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "LogEntryQuerySet":
        """One object's history (index logentry_object)."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def for_models(self, *model_classes: type[models.Model]) -> "LogEntryQuerySet":
        """The history of every object of these models, e.g. what editors publish."""
        content_types = ContentType.objects.get_for_models(*model_classes).values()
        return self.filter(content_type__in=list(content_types))

    def for_reporter(self) -> "LogEntryQuerySet":
        """What a deviation's reporter may see: never internal comments or reasons."""
        return self.filter(visible_to_reporter=True)


LogEntryManager = models.Manager.from_queryset(LogEntryQuerySet)


class LogEntry(models.Model):
    """One action on one object: what happened (`action`), who did it, when, and its details.

    `action` is a short string the subject's app defines ("created", "changed",
    "status_changed", ...) and labels; `data` holds the details of that action as they
    were at the time (changed fields, statuses, organisation names, a comment's text).
    Entries are only ever added: nothing here is edited in place.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("gjelder"), max_length=200)
    action = models.CharField(_("handling"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    visible_to_reporter = models.BooleanField(
        _("synlig for melderen"),
        default=False,
        help_text=_("Vises for den som meldte et avvik, på kvitteringssiden."),
    )
    data = models.JSONField(_("detaljer"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    objects = LogEntryManager()

    class Meta:
        verbose_name = _("loggføring")
        verbose_name_plural = _("logg")
        ordering = ["created_at", "pk"]
        indexes = [
            # An object's history: a deviation's timeline, a news item's change log.
            models.Index(fields=["content_type", "object_id", "created_at"], name="logentry_object"),
            # The latest changes of some kinds of object (the editors' dashboard).
            models.Index(fields=["content_type", "-created_at"], name="logentry_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.object_repr}"


class LoggedModel(models.Model):
    """A model whose actions go to the audit trail: `obj.log_action("changed", user=..., data=...)`."""

    class Meta:
        abstract = True

    def log_action(
        self,
        action: str,
        *,
        user: Any = None,
        data: dict[str, Any] | None = None,
        visible_to_reporter: bool = False,
        at: datetime.datetime | None = None,
    ) -> LogEntry:
        """Records an action on this object; call it in the transaction that makes the change."""
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(self),
            object_id=self.pk,
            object_repr=str(self)[:200],
            action=action,
            user=user if user is not None and user.is_authenticated else None,
            visible_to_reporter=visible_to_reporter,
            data=data or {},
            created_at=at or timezone.now(),
        )

    def logs(self) -> LogEntryQuerySet:
        """This object's audit trail, oldest first."""
        return LogEntry.objects.for_object(self)


class OutboxEmailQuerySet(models.QuerySet):
    def due(self, now: datetime.datetime | None = None) -> "OutboxEmailQuerySet":
        """Pending e-mails whose next attempt is due (uses the partial index outboxemail_due)."""
        return self.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now or timezone.now())


class OutboxEmail(models.Model):
    """An e-mail in the outbox, written in the same transaction as what it announces.

    The message is either built when it is sent, by the builder its app registered for
    its `kind` (so a secret link is derived then and never stored), or it is the
    `subject` and `body` stored here. `key`, when given, makes an e-mail unique (e.g. one
    overdue digest per inbox and day): queueing it again returns the one already there.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("venter")
        SENT = "sent", _("sendt")
        FAILED = "failed", _("ga opp")

    MAX_ATTEMPTS = 12

    kind = models.CharField(_("type"), max_length=60)
    recipient = models.EmailField(_("mottaker"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    data = models.JSONField(_("detaljer"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    subject = models.CharField(_("emne"), max_length=300, blank=True)
    body = models.TextField(_("tekst"), blank=True)
    key = models.CharField(_("nøkkel"), max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    last_error = models.CharField(_("siste feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-post i utboksen")
        verbose_name_plural = _("utboks for e-post")
        ordering = ["-created_at"]
        indexes = [
            # send_pending_notifications: pending ones whose attempt is due.
            models.Index("next_attempt_at", name="outboxemail_due", condition=Q(status="pending")),
            # The e-mails about one object (a deviation's notifications).
            models.Index(fields=["content_type", "object_id"], name="outboxemail_about"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    def retry_delay(self) -> datetime.timedelta:
        """Back off after each failure: 2, 4, 8 ... minutes, at most six hours."""
        return datetime.timedelta(minutes=min(2**self.attempts, 360))


class RateCounter(models.Model):
    """One fixed window of one rate limit: how many times `key` used `scope` since `window_start`.

    Counted by samhandling.ratelimit in a single INSERT ... ON CONFLICT statement, so that
    concurrent requests in different workers never read the same count.
    """

    scope = models.CharField(max_length=50)
    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "window_start"], name="ratecounter_one_row_per_window")
        ]
        # The cleaning of old windows, done in the counting statement.
        indexes = [models.Index(fields=["window_start"], name="ratecounter_window_start")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


# --- The readers' page cache (samhandling.readercache) ------------------------------------------


class ReaderCacheGeneration(models.Model):
    """The one row (id 1) whose `value` every cached reader page must match to be served.

    A change to anything readers see adds one to `value` in the changing transaction, so every
    cached page is stale at its commit, on every app node (they share this database).
    `next_change` is the next moment time alone changes a page (a scheduled item appears,
    an event ends, the date turns): no page is kept past it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    value = models.BigIntegerField(default=1)
    next_change = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"generation {self.value}"


class ReaderCachePage(models.Model):
    """One anonymous reader page as served: the HTML of a URL (and language) at a generation.

    The table is UNLOGGED (migration): a cache need not survive a crash, and writes skip the WAL.
    """

    # Written by readercache only (a hash, a MIME type): nothing a person types.
    key = models.CharField(max_length=64, primary_key=True, editable=False)
    generation = models.BigIntegerField()
    expires_at = models.DateTimeField()
    content_type = models.CharField(max_length=100, editable=False)
    content = models.BinaryField()

    class Meta:
        indexes = [
            # The occasional sweep of expired pages (readercache._sweep).
            models.Index(fields=["expires_at"], name="readercachepage_expires"),
        ]

    def __str__(self) -> str:
        return self.key
