"""The deviation workflow: each step saves the deviation, its timeline event and its e-mails together.

Every function here runs in one transaction and writes an entry to the audit trail with
Deviation.log_action(): the timeline is a view of it, so nothing changes without one.
E-mails go to the outbox in the same transaction (deviations.notifications) and leave
only after the commit.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from contacts.models import Organisation
from deviations import notifications, tokens
from deviations.models import Deviation, DeviationEvent, LearningSummary, Measure, ReferenceCounter
from samhandling import languages, ratelimit
from samhandling.models import LogEntry
from samhandling.validators import check_free_text

logger = logging.getLogger(__name__)

Status = Deviation.Status
Kind = DeviationEvent.Kind
Mail = notifications.Kind


def _organisation(organisation: Organisation) -> dict:
    """An organisation in a timeline entry: its id, and its name as it was then."""
    return {"id": organisation.pk, "name": str(organisation)}


class ActionNotAllowed(Exception):
    """The deviation's status does not allow this step (a stale page, a double click)."""

    def __init__(self, message=None):
        self.message = message or _("Dette kan ikke gjøres med avviket i den statusen det har nå.")
        super().__init__(self.message)


# The anonymous form's limit per sender address, shared with the reporter's follow-up comments.
REPORT_RATE_SCOPE = "deviations.report"
RECEIPT_RATE_SCOPE = "deviations.receipt-mail"


class RateLimited(Exception):
    """The sender's address is past DEVIATION_RATE_LIMIT: the report was not saved."""


def submit_deviation(
    *, data: dict, submission_key, reported_by=None, sender: str | None = None
) -> tuple[Deviation, bool]:
    """Saves a report from the form, once per submission key.

    Returns (deviation, created). The same form posted again, even at the same moment,
    returns the deviation the first post created: the unique submission digest decides.
    Free text without the personal-data guard's consent raises ValidationError, keyed by field.

    `sender` (the client's address) is counted against DEVIATION_RATE_LIMIT first in the
    saving transaction, in one statement with the receipt e-mail's daily limit: past it,
    RateLimited is raised and nothing is saved. Called outside a transaction, the report is
    one transaction of its own (no savepoint).
    """
    check_free_text(**{name: data.get(name) or "" for name in Deviation.FREE_TEXT_FIELDS})
    submission_digest = tokens.submission_digest(submission_key)
    try:
        with transaction.atomic():
            receipt_allowed = _take_rate_slots(sender, data.get("reporter_email") or "")
            deviation = _create(data, submission_digest, reported_by, receipt_allowed)
    except IntegrityError:
        # The same form was saved before (a double submit), or by a concurrent post that
        # committed first: the unique digest refused ours, which rolled back whole, its
        # reference number and rate-limit slot included. Looking first would cost every
        # new report a query; a double submit is rare.
        existing = submitted(submission_key)
        if existing is None:
            raise
        return existing, False
    logger.info("Deviation %s received for organisation %s", deviation.reference, deviation.concerned_organisation_id)
    return deviation, True


def submitted(submission_key) -> Deviation | None:
    """The report a form with this submission key created, if any."""
    return Deviation.objects.filter(submission_key_hash=tokens.submission_digest(submission_key)).first()


def _take_rate_slots(sender: str | None, reporter_email: str) -> bool:
    """Counts the report against its sender's limit and the receipt against its recipient's,
    in one statement. Raises RateLimited past the sender's; returns whether the receipt may go.

    The receipt limit: the anonymous form must not become a way to flood someone's mailbox.
    Past it the report is still saved and its receipt page shown (a deviation is never lost
    for this); only the e-mail is left out. Counted in the report's transaction, so a
    refused or rolled-back report uses no slot of either.
    """
    uses: list[tuple[str, str, str | ratelimit.Rate]] = []
    if sender is not None:
        uses.append((REPORT_RATE_SCOPE, sender, settings.DEVIATION_RATE_LIMIT))
    recipient = reporter_email.strip().lower()
    if recipient:
        uses.append((RECEIPT_RATE_SCOPE, recipient, settings.RECEIPT_MAIL_LIMIT))
    within = ratelimit.hit_many(uses) if uses else []
    if sender is not None and not within.pop(0):
        raise RateLimited
    return not recipient or within[0]


def _create(data: dict, submission_digest: str, reported_by, receipt_allowed: bool) -> Deviation:
    received_at = timezone.now()
    year = timezone.localtime(received_at).year
    deviation = Deviation(
        **data,
        # The reporter's own classification, kept whatever the receiver corrects.
        original_agreement=data.get("agreement"),
        original_category=data.get("category") or "",
        original_consequence=data.get("consequence") or "",
        received_at=received_at,
        respond_by=Deviation.deadline_for(received_at),
        reported_by=reported_by if reported_by and reported_by.is_authenticated else None,
        submission_key_hash=submission_digest,
        # The language the reporter sees the form in: their e-mails follow it.
        language=languages.supported(translation.get_language()) or settings.LANGUAGE_CODE,
        tracking_token_hash=tokens.digest(tokens.derive_token(submission_digest)),
    )
    deviation.reference = ReferenceCounter.format(year, ReferenceCounter.take(year)[0])
    deviation.save()
    deviation.log_action(
        Kind.CREATED,
        user=deviation.reported_by,
        visible_to_reporter=True,
        data={"by_reporter": True, "to_status": Status.RECEIVED},
        at=received_at,
    )
    mails = [(Mail.ARRIVAL, deviation.concerned_organisation.deviation_email)]
    if receipt_allowed:
        mails.append((Mail.RECEIPT, deviation.reporter_email))
    else:
        logger.warning("Receipt e-mail for %s not sent: the address has reached its daily limit", deviation.reference)
    notifications.queue_many(deviation, mails)
    return deviation


def _locked(deviation: Deviation) -> Deviation:
    """The deviation re-read under a row lock, so two handlers never act on a stale copy."""
    return (
        Deviation.objects.select_for_update(of=("self",)).select_related("concerned_organisation").get(pk=deviation.pk)
    )


def _change_status(deviation: Deviation, to_status: str, user) -> LogEntry:
    from_status = deviation.status
    deviation.status = to_status
    return deviation.log_action(
        Kind.STATUS_CHANGED,
        user=user,
        visible_to_reporter=True,
        data={"from_status": from_status, "to_status": to_status},
    )


@transaction.atomic
def take(deviation: Deviation, user) -> Deviation:
    """The handler takes the case: in progress, and assigned to them."""
    deviation = _locked(deviation)
    if not deviation.can_take():
        raise ActionNotAllowed(_("Avviket er allerede tatt til behandling."))
    deviation.assigned_to = user
    _change_status(deviation, Status.IN_PROGRESS, user)
    deviation.save(update_fields=["status", "assigned_to"])
    return deviation


@transaction.atomic
def comment(deviation: Deviation, user, text: str, *, visible_to_reporter: bool) -> LogEntry:
    check_free_text(text=text)
    deviation = _locked(deviation)
    return deviation.log_action(Kind.COMMENT, user=user, visible_to_reporter=visible_to_reporter, data={"text": text})


@transaction.atomic
def add_reporter_comment(deviation: Deviation, text: str) -> LogEntry:
    """A follow-up from the reporter on the receipt page; the receiver is told by e-mail."""
    check_free_text(text=text)
    deviation = _locked(deviation)
    event = deviation.log_action(Kind.COMMENT, visible_to_reporter=True, data={"by_reporter": True, "text": text})
    notifications.queue(deviation, Mail.FOLLOW_UP, deviation.concerned_organisation.deviation_email)
    return event


@transaction.atomic
def forward(deviation: Deviation, user, organisation, reason: str) -> Deviation:
    """Sends the case on to another organisation, which is notified and starts afresh.

    Forwarding is an event, not a status: the case goes back to "received" at the new
    receiver, without a handler, and keeps its deadline (the one the reporter was given).
    """
    check_free_text(reason=reason)
    deviation = _locked(deviation)
    if not deviation.can_forward():
        raise ActionNotAllowed()
    if organisation.pk == deviation.concerned_organisation_id:
        raise ActionNotAllowed(_("Avviket er allerede hos denne organisasjonen."))
    from_organisation = deviation.concerned_organisation
    deviation.log_action(
        Kind.FORWARDED,
        user=user,
        # The reporter sees where the case went, not the reason (the timeline hides it from them).
        visible_to_reporter=True,
        data={
            "text": reason,
            "from_organisation": _organisation(from_organisation),
            "to_organisation": _organisation(organisation),
            "from_status": deviation.status,
            "to_status": Status.RECEIVED,
        },
    )
    deviation.concerned_organisation = organisation
    # A unit belongs to the organisation the report left; the new receiver has its own units.
    deviation.concerned_unit = None
    deviation.status = Status.RECEIVED
    deviation.assigned_to = None
    deviation.assigned_unit = None  # likewise the unit that had it
    deviation.save(update_fields=["concerned_organisation", "concerned_unit", "status", "assigned_to", "assigned_unit"])
    notifications.queue(deviation, Mail.FORWARDED, organisation.deviation_email)
    return deviation


@transaction.atomic
def answer(deviation: Deviation, user, text: str) -> Deviation:
    """The answer to the reporter: saved, written to the timeline, announced by e-mail."""
    check_free_text(text=text)
    deviation = _locked(deviation)
    if not deviation.can_answer():
        raise ActionNotAllowed(_("Avviket er allerede besvart. Gjenåpne det for å svare på nytt."))
    now = timezone.now()
    deviation.log_action(
        Kind.ANSWERED,
        user=user,
        visible_to_reporter=True,
        data={"text": text, "from_status": deviation.status, "to_status": Status.ANSWERED},
        at=now,
    )
    deviation.answer = text
    deviation.answered_at = now
    deviation.answered_by = user
    deviation.status = Status.ANSWERED
    if deviation.assigned_to_id is None:
        deviation.assigned_to = user
    deviation.save(update_fields=["answer", "answered_at", "answered_by", "status", "assigned_to"])
    notifications.queue(deviation, Mail.ANSWER, deviation.reporter_email)
    return deviation


@transaction.atomic
def close(deviation: Deviation, user) -> Deviation:
    """Closed; the reporter is told by e-mail (how many measures, never their text)."""
    deviation = _locked(deviation)
    if not deviation.can_close():
        raise ActionNotAllowed(_("Bare besvarte avvik kan lukkes."))
    deviation.closed_at = timezone.now()
    _change_status(deviation, Status.CLOSED, user)
    deviation.save(update_fields=["status", "closed_at"])
    notifications.queue(deviation, Mail.CLOSED, deviation.reporter_email)
    return deviation


@transaction.atomic
def reopen(deviation: Deviation, user) -> Deviation:
    """Back to in progress; the earlier answer stays in the timeline."""
    deviation = _locked(deviation)
    if not deviation.can_reopen():
        raise ActionNotAllowed(_("Avviket er ikke besvart eller lukket."))
    deviation.closed_at = None
    _change_status(deviation, Status.IN_PROGRESS, user)
    deviation.save(update_fields=["status", "closed_at"])
    return deviation


# --- Classification, investigation, measures, assignment ----------------------------------


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


@transaction.atomic
def classify(deviation: Deviation, user, *, agreement, category: str, consequence: str) -> Deviation:
    """The receiver sets or corrects the agreement, category and consequence.

    The reporter's choice stays in the original_* columns; the statistics count the
    current ones (the roll-up's update trigger moves the counts in this transaction).
    """
    deviation = _locked(deviation)
    before = {
        "agreement": deviation.agreement_id,
        "category": deviation.category,
        "consequence": deviation.consequence,
    }
    after = {"agreement": _pk(agreement), "category": category, "consequence": consequence}
    if before == after:  # nothing changed, or the same form posted twice: no event
        return deviation
    deviation.agreement = agreement
    deviation.category = category
    deviation.consequence = consequence
    deviation.reclassified = (
        deviation.original_agreement_id,
        deviation.original_category,
        deviation.original_consequence,
    ) != (deviation.agreement_id, category, consequence)
    deviation.log_action(Kind.CLASSIFIED, user=user, data={"from": before, "to": after})
    deviation.save(update_fields=["agreement", "category", "consequence", "reclassified"])
    return deviation


@transaction.atomic
def investigate(deviation: Deviation, user, *, case_number: str, causes: list[str]) -> Deviation:
    """The internal case number and the causes found (internal: the reporter sees neither)."""
    check_free_text(case_number=case_number)
    deviation = _locked(deviation)
    before = {"case_number": deviation.case_number, "causes": list(deviation.causes)}
    after = {"case_number": case_number, "causes": list(causes)}
    if before == after:
        return deviation
    deviation.case_number = case_number
    deviation.causes = list(causes)
    deviation.log_action(Kind.INVESTIGATED, user=user, data={"from": before, "to": after})
    deviation.save(update_fields=["case_number", "causes"])
    return deviation


@transaction.atomic
def add_measure(
    deviation: Deviation, user, *, description: str, owner: str, due_on, owner_unit=None, owner_person=None
) -> Measure:
    check_free_text(description=description, owner=owner)
    deviation = _locked(deviation)
    for named in (owner_unit, owner_person):
        if named is not None and named.organisation_id != deviation.concerned_organisation_id:
            raise ActionNotAllowed(_("Den ansvarlige hører ikke til organisasjonen som har saken."))
    # The same measure posted twice (a double click, the back button) is one measure.
    fields = {
        "description": description,
        "owner": owner,
        "owner_unit": owner_unit,
        "owner_person": owner_person,
        "due_on": due_on,
    }
    same = Measure.objects.filter(deviation=deviation, **fields).first()
    if same is not None:
        return same
    measure = Measure.objects.create(deviation=deviation, **fields)
    deviation.log_action(
        Kind.MEASURE_ADDED,
        user=user,
        data={
            "measure": measure.pk,
            "text": description,
            "owner": owner,
            "owner_unit": _unit(owner_unit),
            "owner_person": {"id": owner_person.pk, "name": owner_person.name} if owner_person else None,
            "due_on": due_on.isoformat(),
        },
    )
    return measure


@transaction.atomic
def change_measure(measure: Measure, user, *, status: str, due_on) -> Measure:
    """A measure's progress: its status (done gets today's date) and its due date."""
    deviation = _locked(measure.deviation)
    measure = Measure.objects.select_for_update().get(pk=measure.pk, deviation=deviation)
    before = {"status": measure.status, "due_on": measure.due_on.isoformat()}
    after = {"status": status, "due_on": due_on.isoformat()}
    if before == after:
        return measure
    measure.status = status
    measure.due_on = due_on
    measure.completed_on = timezone.localdate() if status == Measure.Status.DONE else None
    measure.save(update_fields=["status", "due_on", "completed_on"])
    deviation.log_action(
        Kind.MEASURE_CHANGED,
        user=user,
        data={"measure": measure.pk, "text": measure.description, "from": before, "to": after},
    )
    return measure


@transaction.atomic
def assign(deviation: Deviation, user, assignee, unit=None) -> Deviation:
    """Hands the case to a colleague at the receiver and/or one of its units (or to nobody).

    Each newly named recipient is told by one e-mail: the person at their address, the unit
    at its own (when it has one).
    """
    deviation = _locked(deviation)
    if not deviation.is_open:
        raise ActionNotAllowed()
    if unit is not None and unit.organisation_id != deviation.concerned_organisation_id:
        raise ActionNotAllowed(_("Enheten hører ikke til organisasjonen som har saken."))
    person_changed = _pk(assignee) != deviation.assigned_to_id
    unit_changed = _pk(unit) != deviation.assigned_unit_id
    if not person_changed and not unit_changed:  # the same form posted twice: no event, no second e-mail
        return deviation
    before, before_unit = deviation.assigned_to, deviation.assigned_unit
    deviation.assigned_to = assignee
    deviation.assigned_unit = unit
    deviation.log_action(
        Kind.ASSIGNED,
        user=user,
        data={
            "from_user": _person(before),
            "to_user": _person(assignee),
            "from_unit": _unit(before_unit),
            "to_unit": _unit(unit),
        },
    )
    deviation.save(update_fields=["assigned_to", "assigned_unit"])
    if person_changed and assignee is not None and assignee != user and assignee.email:
        notifications.queue(deviation, Mail.ASSIGNED, assignee.email)
    if unit_changed and unit is not None and unit.email:
        notifications.queue(deviation, Mail.ASSIGNED_UNIT, unit.email)
    return deviation


def _unit(unit) -> dict | None:
    """A unit in a timeline entry: its id, and its name as it was then."""
    if unit is None:
        return None
    return {"id": unit.pk, "name": unit.name}


def _person(user) -> dict | None:
    """A person in a timeline entry: their id, and their name as it was then."""
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


@transaction.atomic
def reporter_reply(deviation: Deviation, *, verdict: str, text: str) -> LogEntry:
    """The reporter's one reply to the answer: did it resolve the problem, and a comment."""
    check_free_text(text=text)
    deviation = _locked(deviation)
    if not deviation.reporter_may_reply:
        raise ActionNotAllowed(_("Du har allerede svart på denne saken."))
    deviation.reporter_verdict = verdict
    deviation.reporter_replied_at = timezone.now()
    deviation.save(update_fields=["reporter_verdict", "reporter_replied_at"])
    event = deviation.log_action(
        Kind.REPORTER_REPLIED,
        visible_to_reporter=True,
        data={"by_reporter": True, "verdict": verdict, "text": text},
    )
    notifications.queue(deviation, Mail.FOLLOW_UP, deviation.concerned_organisation.deviation_email)
    return event


@transaction.atomic
def publish_learning(deviation: Deviation, user, *, title: str, body: str) -> LearningSummary:
    """Kvalitetsutvalget publishes what was learnt from a closed case, once per case.

    The text is its own: guarded against identity numbers and contact details (the form),
    and refused here if it names the reporter or repeats the case's reference.
    """
    check_free_text(title=title, body=body)
    deviation = _locked(deviation)
    if deviation.status != Status.CLOSED:
        raise ActionNotAllowed(_("Bare lukkede saker kan gi et læringssammendrag."))
    if LearningSummary.objects.filter(deviation=deviation).exists():
        raise ActionNotAllowed(_("Denne saken har allerede et læringssammendrag."))
    text = f"{title}\n{body}".casefold()
    for name, value in (("reporter", deviation.reporter_name), ("reference", deviation.reference)):
        if value and value.casefold() in text:
            raise ValidationError(
                _("Sammendraget viser til saken eller melderen (%(value)s). Skriv det uten.") % {"value": value},
                code=f"names_{name}",
            )
    summary = LearningSummary.objects.create(
        title=title,
        body=body,
        agreement=deviation.agreement,
        category=deviation.category,
        deviation=deviation,
        published_at=timezone.now(),
        published_by=user,
    )
    summary.log_action("published", user=user, data={"deviation": deviation.pk})
    deviation.log_action(Kind.LEARNING_PUBLISHED, user=user, data={"summary": summary.pk, "text": title})
    return summary
