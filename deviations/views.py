import hashlib
import logging
import time
import uuid
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from contacts.models import Organisation
from deviations import listing, services, tokens
from deviations.forms import (
    AnswerForm,
    AssignForm,
    ClassifyForm,
    CommentForm,
    DeviationForm,
    ForwardForm,
    InboxFilterForm,
    InvestigationForm,
    LearningSummaryForm,
    MeasureForm,
    MeasureStatusForm,
    ReceiverDirectory,
    ReporterCommentForm,
    ReporterReplyForm,
    service_agreements,
)
from deviations.handlerpages import handler_page, keep_for_handler
from deviations.models import Deviation, LearningSummary, Measure, local_today
from samhandling import access, ratelimit

logger = logging.getLogger(__name__)

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    """A paginator told its length: the inbox has just counted it, and need not count again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


# --- Access -----------------------------------------------------------------------------


# What a deviation's pages never show of its organisations and agreements: their search
# columns (tsvectors and folded text) were most of the row's columns and bytes.
UNSHOWN = [
    f"{relation}__{column}"
    for relation in ("reporter_organisation", "concerned_organisation")
    for column in ("search_document", "search_text", "search_vector")
] + [
    f"{relation}__{column}"
    for relation in ("agreement", "original_agreement")
    for column in ("summary", "summary_text", "search_vector")
]


def _visible_deviations(user):
    return (
        Deviation.objects.visible_to(user)
        .select_related(
            "reporter_organisation",
            "concerned_organisation",
            "concerned_unit",
            "agreement",
            "original_agreement",
            "assigned_to",
            "assigned_unit",
            "answered_by",
        )
        .defer(*UNSHOWN)
    )


# What a deviation's page shows of its relations (names, an agreement's number and title):
# selecting only these makes the page's main query a third of the columns to compile and read.
PAGE_RELATION_FIELDS = [
    "reporter_organisation__name",
    "concerned_organisation__name",
    "agreement__identifier",
    "agreement__title",
    "agreement__slug",
    "original_agreement__identifier",
    *(
        f"{user}__{field}"
        for user in ("assigned_to", "answered_by")
        for field in ("username", "first_name", "last_name")
    ),
]


def _deviation_for_page(user, reference) -> Deviation | None:
    """The deviation as its page shows it, if the user may see it as a handler or reader."""
    own_fields = [field.name for field in Deviation._meta.concrete_fields]
    # get(), not first(): a reference is unique, and first()'s ORDER BY made the ORM compare
    # its ordering with each selected column on every visit.
    try:
        return _visible_deviations(user).only(*own_fields, *PAGE_RELATION_FIELDS).get(reference=reference)
    except Deviation.DoesNotExist:
        return None


def _get_visible_deviation(user, reference) -> Deviation:
    """The deviation if the user may see it as a handler or reader; 404 for everyone else."""
    return get_object_or_404(_visible_deviations(user), reference=reference)


def _get_handled_deviation(user, reference) -> Deviation:
    """For the actions: outsiders get 404; readers who may not act (Kvalitetsutvalget) get 403."""
    deviation = _get_visible_deviation(user, reference)
    if not access.may_handle(user, deviation):
        raise PermissionDenied
    return deviation


def _get_deviation_by_token(token) -> Deviation:
    if len(token) > tokens.MAX_TOKEN_LENGTH:
        raise Http404
    deviation = get_object_or_404(
        Deviation.objects.select_related(
            "reporter_organisation", "concerned_organisation", "concerned_unit", "agreement"
        ),
        tracking_token_hash=tokens.digest(token),
    )
    if not deviation.matches_token(token):
        raise Http404
    return deviation


RATE_SCOPE = services.REPORT_RATE_SCOPE


class _OverRateLimit(Exception):
    """Raised inside the saving transaction to roll back a follow-up comment past the limit."""


def _rate_full(request) -> bool:
    """A cheap look before any work: is this address's window already full? (One query.)"""
    return (
        ratelimit.used(RATE_SCOPE, client_address(request), settings.DEVIATION_RATE_LIMIT)
        >= ratelimit.Rate.parse(settings.DEVIATION_RATE_LIMIT).limit
    )


def _take_rate_slot(request) -> None:
    """Counts an accepted comment, exactly (one statement), inside the transaction that saves
    it: past the limit it raises and the save rolls back with the count. (A report's slot is
    taken by services.submit_deviation, in one statement with its receipt's.)"""
    if not ratelimit.hit(RATE_SCOPE, client_address(request), settings.DEVIATION_RATE_LIMIT):
        raise _OverRateLimit


def client_address(request) -> str:
    """The address the login throttling uses too (django-axes honours PROXY_COUNT)."""
    return get_client_ip_address(request) or "unknown"


RATE_LIMIT_MESSAGE = gettext_lazy(
    "Det er sendt mange meldinger fra din adresse den siste timen, så vi tar en liten pause. "
    "Det du skrev er tatt vare på: prøv å sende igjen om litt. Haster det, ring mottakeren."
)


# --- The reporter --------------------------------------------------------------------------


def report(request):
    """The deviation form: no login needed; a double submit lands on the same receipt."""
    if request.method != "POST":
        if _blank_page_applies(request):
            return HttpResponse(_blank_report_page(request))
        return _render_report_form(request, DeviationForm(initial=DeviationForm.initial_for(request.user)))

    form = DeviationForm(request.POST)
    if not form.is_valid():  # the fields keep their input and show their own errors
        if _rate_full(request):
            return _rate_limited_form(request, form)
        form.fresh_submission_key()
        return _render_report_form(request, form, status=400)

    key = form.cleaned_data["submission_key"]
    try:
        # One transaction: the rate-limit slot first (past the limit nothing is done), then
        # the report, its timeline entry and its e-mails. A double submit rolls back whole,
        # its slot included, and gets the first report.
        deviation, created = services.submit_deviation(
            data=form.deviation_data(),
            submission_key=key,
            reported_by=request.user,
            sender=client_address(request),
        )
    except services.RateLimited:
        # A double submit of a report already accepted still lands on its receipt.
        already = services.submitted(key)
        if already is None:
            return _rate_limited_form(request, form)
        deviation, created = already, False
    except ValidationError as refused:  # the guard in the service, should the form ever miss it
        form.add_error(None, refused)
        form.fresh_submission_key()
        return _render_report_form(request, form, status=400)
    if created:
        messages.success(request, _("Takk! Meldingen er mottatt."))
    else:
        messages.info(request, _("Denne meldingen var allerede sendt inn. Her er kvitteringen for den."))
    path = deviation.receipt_path()
    if path is None:  # its SECRET_KEY has been retired: the link went out by e-mail
        raise Http404
    return redirect(path)


def _rate_limited_form(request, form):
    logger.warning("Deviation form rate-limited")
    form.add_error(None, RATE_LIMIT_MESSAGE)
    return _render_report_form(request, form, status=429)


def _render_report_form(request, form, status=200):
    context = {"form": form, "response_days": settings.DEVIATION_RESPONSE_DAYS}
    return render(request, "deviations/report_form.html", context, status=status)


# --- The blank form, rendered once -------------------------------------------------------------
#
# The blank form an anonymous visitor gets is the same page for everyone but for two values:
# the CSRF token and the submission key, new on every request. Rendering it (the base layout,
# the crispy fields) was nearly all of the request's time, so each process renders it once
# with two random placeholders and hands out copies with the request's own token and a new
# key. The page depends on nothing else than the code and settings (a new process after a
# deploy, a cleared cache on a changed setting), the language, the date (the date field's
# "max") and the service agreements the list offers, which are read on every request (one
# small query) as part of the key, so an agreement added or renamed in any process shows at
# once. A page is also rendered again after BLANK_PAGE_SECONDS, which bounds what anything
# else it might come to show could leave stale. Per process, not in the shared cache: a
# process never serves static file names or templates of another version.

BLANK_PAGE_SECONDS = 300


@dataclass(frozen=True)
class _BlankPage:
    html: str
    csrf_placeholder: str
    key_placeholder: str
    rendered_at: float

    def for_request(self, request) -> str:
        return self.html.replace(self.csrf_placeholder, get_token(request)).replace(
            self.key_placeholder, str(uuid.uuid4())
        )


_blank_pages: dict[tuple[str, str, str], _BlankPage] = {}


@receiver(setting_changed)
def _forget_blank_pages(**kwargs) -> None:
    _blank_pages.clear()


def _blank_page_applies(request) -> bool:
    """Anonymous, nothing in the address (the header's search box shows ?q=), no message to show."""
    return not request.user.is_authenticated and not request.GET and not len(messages.get_messages(request))


def _agreements_digest() -> str:
    rows = list(service_agreements().values_list("pk", "identifier", "title"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:16]


def _blank_report_page(request) -> str:
    """The blank form's HTML for this request: one query (the service agreements) when rendered before."""
    key = (get_language() or "", local_today().isoformat(), _agreements_digest())
    page = _blank_pages.get(key)
    if page is None or time.monotonic() - page.rendered_at > BLANK_PAGE_SECONDS:
        page = _render_blank_page(request)
        if page is None:  # a placeholder did not come out once: never serve a copy of it
            return render_to_string(
                "deviations/report_form.html",
                {"form": DeviationForm(), "response_days": settings.DEVIATION_RESPONSE_DAYS},
                request=request,
            )
        # Yesterday's pages and those of the old agreements go; one per language stays.
        for old in [old for old in _blank_pages if old[1:] != key[1:]]:
            del _blank_pages[old]
        _blank_pages[key] = page
    return page.for_request(request)


def _render_blank_page(request) -> _BlankPage | None:
    csrf_placeholder = uuid.uuid4().hex + uuid.uuid4().hex  # the length of a real token, 64
    key_placeholder = str(uuid.uuid4())
    html = render_to_string(
        "deviations/report_form.html",
        {
            "form": DeviationForm(initial={"submission_key": key_placeholder}),
            "response_days": settings.DEVIATION_RESPONSE_DAYS,
            # Above the context processors' csrf_token: every {% csrf_token %} writes the placeholder.
            "csrf_token": csrf_placeholder,
        },
        request=request,
    )
    if html.count(key_placeholder) != 1 or csrf_placeholder not in html:
        logger.error("The blank deviation form lost a placeholder; it is rendered per request")
        return None
    return _BlankPage(html, csrf_placeholder, key_placeholder, time.monotonic())


def _unlogged(response):
    """Keeps Django's request logger from writing a 4xx response's path: here it holds the token."""
    response._has_been_logged = True
    return response


@never_cache
def receipt(request, token):
    """The reporter's status page behind the secret link; a follow-up comment can be added here."""
    try:
        deviation = _get_deviation_by_token(token)
    except Http404:
        return _unlogged(render(request, "404.html", status=404))
    form = ReporterCommentForm()
    status = 200
    if request.method == "POST":
        form = ReporterCommentForm(request.POST)
        valid = form.is_valid()
        if _rate_full(request):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        elif not valid:
            status = 400
        else:
            try:
                with transaction.atomic():
                    services.add_reporter_comment(deviation, form.cleaned_data["text"])
                    _take_rate_slot(request)
            except _OverRateLimit:
                form.add_error(None, RATE_LIMIT_MESSAGE)
                status = 429
            except ValidationError as refused:  # the guard in the service
                form.add_error(None, refused)
                status = 400
            else:
                messages.success(request, _("Takk! Kommentaren er sendt til mottakeren."))
                return redirect(request.path)
        if status != 200:
            logger.info("Follow-up comment on %s refused (%s)", deviation.reference, status)
    response = render(
        request,
        "deviations/receipt.html",
        _reporter_context(deviation) | {"form": form, "token": token, "receipt_url": request.build_absolute_uri()},
        status=status,
    )
    return _unlogged(response)


def _reporter_context(deviation) -> dict:
    return {
        "deviation": deviation,
        "events": deviation.events.for_reporter().select_related("user__organisation"),
        "measures": list(deviation.measures.select_related("owner_unit", "owner_person")),
        "reply_form": ReporterReplyForm() if deviation.reporter_may_reply else None,
    }


@login_required
def mine(request):
    """ "Mine meldinger": what the logged-in user reported, with status and answer."""
    deviations = Deviation.objects.reported_by(request.user).for_inbox()
    page = Paginator(deviations, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "deviations/mine.html", {"page": page, "rows": listing.rows(page.object_list)})


# --- The handler ----------------------------------------------------------------------------


@login_required
@handler_page
def inbox(request):
    user = request.user
    if not access.may_open_inbox(user):
        raise Http404
    sees_all = access.reads_all_deviations(user)
    form = InboxFilterForm(request.GET or None, sees_all=sees_all, user=user)
    if form.outgoing:
        deviations = Deviation.objects.sent_from(access.handles_for(user))
    else:
        deviations = Deviation.objects.inbox_for(user)
    deviations = form.filter(deviations)
    counts = deviations.status_counts()
    deviations = form.filter_status(deviations).for_inbox()
    # The list is the counted selection, narrowed as filter_status() does: its length is known.
    page = CountedPaginator(deviations, PAGE_SIZE, count=form.listed(counts)).get_page(request.GET.get("side"))
    context = {
        "form": form,
        "page": page,
        "rows": listing.rows(page.object_list),
        "counts": counts,
        "open_count": sum(counts[value] for value in Deviation.OPEN_STATUSES),
        "status_counts": [(value, label, counts[value]) for value, label in Deviation.Status.choices],
        "views": [("", _("Alle")), (form.MINE, _("Mine")), (form.UNASSIGNED, _("Ikke tildelt"))],
        "sees_all": sees_all,
        # The heading's organisation: its name only, not the row's search columns (most of its bytes).
        "organisation_name": ""
        if sees_all
        else Organisation.objects.filter(pk=user.organisation_id).values_list("name", flat=True).first() or "",
        # Up to six: five are named, the sixth says there are more.
        "overdue_measures": []
        if form.outgoing
        else list(
            Measure.objects.filter(deviation__in=Deviation.objects.inbox_for(user))
            .overdue()
            .select_related("deviation", "owner_unit", "owner_person")
            .only("description", "owner", "due_on", "deviation__reference", "owner_unit__name", "owner_person__name")[
                :6
            ]
        ),
    }
    return keep_for_handler(render(request, "deviations/inbox.html", context))


@login_required
@handler_page
def detail(request, reference):
    """The deviation for handlers and readers; a logged-in reporter sees the reporter's view."""
    user = request.user
    deviation = _deviation_for_page(user, reference)
    if deviation is None:
        own = get_object_or_404(
            Deviation.objects.reported_by(user).select_related(
                "reporter_organisation", "concerned_organisation", "concerned_unit", "agreement"
            ),
            reference=reference,
        )
        return render(request, "deviations/reporter_detail.html", _reporter_context(own))
    # Within the handler's scope: every change to it bumps the organisation's generation.
    return keep_for_handler(_render_detail(request, deviation))


def _render_detail(request, deviation, status=200, **forms):
    can_handle = access.may_handle(request.user, deviation)
    context = {
        "deviation": deviation,
        "events": deviation.events.select_related("user"),
        "measures": list(deviation.measures.select_related("owner_unit", "owner_person")),
        "can_handle": can_handle,
        "may_publish_learning": access.may_publish_learning(request.user),
    }
    if can_handle:
        # The handlers, units and people the assign and measure forms list: one query for both.
        directory = ReceiverDirectory(deviation.concerned_organisation_id)
        # The forward form has a page of its own (forward()): its list of every organisation
        # would be most of this page's weight and time on every visit, and is seldom used.
        context |= {
            "comment_form": forms.get("comment_form") or CommentForm(prefix="comment"),
            "answer_form": forms.get("answer_form") or AnswerForm(prefix="answer", initial={"text": deviation.answer}),
            "classify_form": forms.get("classify_form")
            or ClassifyForm(prefix="classify", initial=ClassifyForm.initial_for(deviation)),
            "investigation_form": forms.get("investigation_form")
            or InvestigationForm(
                prefix="investigation", initial={"case_number": deviation.case_number, "causes": deviation.causes}
            ),
            "measure_form": forms.get("measure_form")
            or MeasureForm(prefix="measure", deviation=deviation, directory=directory),
            "assign_form": forms.get("assign_form")
            or AssignForm(
                prefix="assign",
                deviation=deviation,
                directory=directory,
                initial={"assignee": deviation.assigned_to_id, "unit": deviation.assigned_unit_id},
            ),
        }
    return render(request, "deviations/detail.html", context, status=status)


def _render_forward(request, deviation, form, status=200):
    return render(request, "deviations/forward.html", {"deviation": deviation, "form": form}, status=status)


def _after_action(request, deviation, action, message):
    try:
        action()
    except services.ActionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, message)
    return redirect(deviation)


@login_required
@require_POST
def take(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    return _after_action(
        request, deviation, lambda: services.take(deviation, request.user), _("Du har tatt avviket til behandling.")
    )


@login_required
@require_POST
def comment(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    form = CommentForm(request.POST, prefix="comment")
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, comment_form=form)
    try:
        services.comment(
            deviation,
            request.user,
            form.cleaned_data["text"],
            visible_to_reporter=form.cleaned_data["visible_to_reporter"],
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _render_detail(request, deviation, status=400, comment_form=form)
    messages.success(request, _("Kommentaren er lagret."))
    return redirect(deviation)


@login_required
@require_POST
def answer(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    form = AnswerForm(request.POST, prefix="answer")
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, answer_form=form)
    try:
        return _after_action(
            request,
            deviation,
            lambda: services.answer(deviation, request.user, form.cleaned_data["text"]),
            _("Svaret er lagret og melderen får beskjed."),
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _render_detail(request, deviation, status=400, answer_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def forward(request, reference):
    """Sends the case on to another organisation: the form (GET) and the step (POST)."""
    deviation = _get_handled_deviation(request.user, reference)
    if request.method == "GET":
        if not deviation.can_forward():
            messages.error(request, services.ActionNotAllowed().message)
            return redirect(deviation)
        return _render_forward(request, deviation, ForwardForm(prefix="forward", deviation=deviation))
    form = ForwardForm(request.POST, prefix="forward", deviation=deviation)
    if not form.is_valid():
        return _render_forward(request, deviation, form, status=400)
    organisation = form.cleaned_data["organisation"]
    try:
        services.forward(deviation, request.user, organisation, form.cleaned_data["reason"])
    except services.ActionNotAllowed as refused:
        messages.error(request, refused.message)
        return redirect(deviation)
    except ValidationError as refused:
        form.add_error(None, refused)
        return _render_forward(request, deviation, form, status=400)
    messages.success(
        request,
        _("%(reference)s er sendt videre til %(organisation)s.")
        % {
            "reference": deviation.reference,
            "organisation": organisation.name,
        },
    )
    # The case may no longer be ours to see: back to the inbox.
    return redirect(reverse("deviations:inbox"))


@login_required
@require_POST
def close(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    return _after_action(request, deviation, lambda: services.close(deviation, request.user), _("Avviket er lukket."))


@login_required
@require_POST
def reopen(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    return _after_action(
        request, deviation, lambda: services.reopen(deviation, request.user), _("Avviket er gjenåpnet.")
    )


@login_required
@require_POST
def classify(request, reference):
    """The receiver sets or corrects the agreement, category and consequence."""
    deviation = _get_handled_deviation(request.user, reference)
    form = ClassifyForm(request.POST, prefix="classify")
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, classify_form=form)
    data = form.cleaned_data
    return _after_action(
        request,
        deviation,
        lambda: services.classify(
            deviation,
            request.user,
            agreement=data["agreement"],
            category=data["category"],
            consequence=data["consequence"],
        ),
        _("Klassifiseringen er lagret."),
    )


@login_required
@require_POST
def investigate(request, reference):
    """The internal case number and the causes."""
    deviation = _get_handled_deviation(request.user, reference)
    form = InvestigationForm(request.POST, prefix="investigation")
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, investigation_form=form)
    try:
        services.investigate(
            deviation, request.user, case_number=form.cleaned_data["case_number"], causes=form.cleaned_data["causes"]
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return _render_detail(request, deviation, status=400, investigation_form=form)
    messages.success(request, _("Årsaker og saksnummer er lagret."))
    return redirect(deviation)


@login_required
@require_POST
def add_measure(request, reference):
    deviation = _get_handled_deviation(request.user, reference)
    form = MeasureForm(request.POST, prefix="measure", deviation=deviation)
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, measure_form=form)
    try:
        services.add_measure(deviation, request.user, **form.cleaned_data)
    except ValidationError as refused:
        form.add_error(None, refused)
        return _render_detail(request, deviation, status=400, measure_form=form)
    except services.ActionNotAllowed as refused:
        messages.error(request, refused.message)
        return redirect(deviation)
    messages.success(request, _("Tiltaket er lagt til."))
    return redirect(deviation)


@login_required
@require_POST
def change_measure(request, reference, pk):
    """A measure's status and due date; the measure must be this deviation's (404 otherwise)."""
    deviation = _get_handled_deviation(request.user, reference)
    measure = get_object_or_404(Measure, pk=pk, deviation=deviation)
    form = MeasureStatusForm(request.POST, prefix=f"measure-{measure.pk}")
    if not form.is_valid():
        messages.error(request, _("Velg en status og en gyldig frist for tiltaket."))
        return redirect(deviation)
    services.change_measure(measure, request.user, **form.cleaned_data)
    messages.success(request, _("Tiltaket er oppdatert."))
    return redirect(deviation)


@login_required
@require_POST
def assign(request, reference):
    """Gives the case to a colleague at the receiver, who is told by e-mail."""
    deviation = _get_handled_deviation(request.user, reference)
    form = AssignForm(request.POST, prefix="assign", deviation=deviation)
    if not form.is_valid():
        return _render_detail(request, deviation, status=400, assign_form=form)
    assignee, unit = form.cleaned_data["assignee"], form.cleaned_data["unit"]
    return _after_action(
        request,
        deviation,
        lambda: services.assign(deviation, request.user, assignee, unit),
        _assigned_message(assignee, unit),
    )


def _assigned_message(assignee, unit) -> str:
    name = (assignee.get_full_name() or assignee.get_username()) if assignee else ""
    if assignee and unit:
        return _("Saken er tildelt %(name)s (%(unit)s).") % {"name": name, "unit": unit.name}
    if unit:
        return _("Saken er tildelt %(unit)s.") % {"unit": unit.name}
    if assignee:
        return _("Saken er tildelt %(name)s.") % {"name": name}
    return _("Saken er ikke lenger tildelt noen.")


@never_cache
@require_POST
def reporter_reply(request, token):
    """The reporter's one reply to the answer, from the receipt page."""
    try:
        deviation = _get_deviation_by_token(token)
    except Http404:
        return _unlogged(render(request, "404.html", status=404))
    form = ReporterReplyForm(request.POST)
    status = 400
    if _rate_full(request):
        form.add_error(None, RATE_LIMIT_MESSAGE)
        status = 429
    elif form.is_valid():
        try:
            with transaction.atomic():
                services.reporter_reply(deviation, verdict=form.cleaned_data["verdict"], text=form.cleaned_data["text"])
                _take_rate_slot(request)
        except _OverRateLimit:
            form.add_error(None, RATE_LIMIT_MESSAGE)
            status = 429
        except services.ActionNotAllowed as refused:
            # A second reply (a double submit, another tab): the first one stands.
            messages.info(request, refused.message)
            return _unlogged(redirect(reverse("deviations:receipt", args=[token])))
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, _("Takk for svaret ditt! Mottakeren får beskjed."))
            return _unlogged(redirect(reverse("deviations:receipt", args=[token])))
    response = render(
        request,
        "deviations/receipt.html",
        _reporter_context(deviation)
        | {
            "form": ReporterCommentForm(),
            "reply_form": form,
            "token": token,
            "receipt_url": request.build_absolute_uri(reverse("deviations:receipt", args=[token])),
        },
        status=status,
    )
    return _unlogged(response)


# --- Learning ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def publish_learning(request, reference):
    """Kvalitetsutvalget writes and publishes an anonymised summary of a closed case."""
    deviation = _get_visible_deviation(request.user, reference)
    if not access.may_publish_learning(request.user):
        raise PermissionDenied
    form = LearningSummaryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                summary = services.publish_learning(deviation, request.user, **form.cleaned_data)
            except services.ActionNotAllowed as refused:
                messages.error(request, refused.message)
                return redirect(deviation)
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Læringssammendraget er publisert."))
                return redirect(summary)
    return render(request, "deviations/learning_form.html", {"deviation": deviation, "form": form}, status=status)


def learning_list(request):
    """What the partnership learnt from its deviations: for every clinician, no login needed."""
    summaries = LearningSummary.objects.published().select_related("agreement")
    page = Paginator(summaries, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(request, "deviations/learning_list.html", {"page": page})


def learning_detail(request, pk):
    summary = get_object_or_404(LearningSummary.objects.published().select_related("agreement"), pk=pk)
    return render(request, "deviations/learning_detail.html", {"summary": summary})
