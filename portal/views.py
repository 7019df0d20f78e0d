import logging
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import FileResponse, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal import frontpage, ical, pages, search
from portal.context_processors import portal as portal_context
from portal.forms import PageFeedbackForm
from portal.models import Event, Link, NewsItem
from samhandling.files import open_stored
from samhandling.origin import posted_from_this_site
from samhandling.readercache import reader_page

logger = logging.getLogger(__name__)

NEWS_PER_PAGE = 10
EVENTS_PER_PAGE = 20
PAST_EVENTS_PER_PAGE = 10
# A calendar feed is for what is coming; this bounds its size whatever happens.
CALENDAR_MAX_EVENTS = 500


@reader_page()
def home(request):
    # News, events and the rendered coordinator block come from the cache: one query when warm.
    return render(request, "portal/home.html", frontpage.content())


@reader_page()
def accessibility_statement(request):
    # Editors may write the statement as one of their pages; until then, the built-in one.
    return pages.accessibility_page(request) or render(request, "portal/accessibility.html")


# --- News ------------------------------------------------------------------------------------


@reader_page("side")
def news_list(request):
    items = (
        NewsItem.objects.published().for_lists().select_related("source_organisation").order_by("-publish_at", "-pk")
    )
    page = Paginator(items, NEWS_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "portal/news_list.html", {"page": page})


@reader_page()
def news_detail(request, slug):
    item = get_object_or_404(
        NewsItem.objects.visible_to(request.user).select_related("source_organisation", "project"), slug=slug
    )
    return render(request, "portal/news_detail.html", {"item": item})


def news_image(request, slug):
    item = get_object_or_404(NewsItem.objects.visible_to(request.user).exclude(image=""), slug=slug)
    content_type = mimetypes.guess_type(item.image.name)[0] or "application/octet-stream"
    return FileResponse(open_stored(item.image), content_type=content_type)


# --- Events ----------------------------------------------------------------------------------


@reader_page("side", "tidligere")
def event_list(request):
    events = Event.objects.published().for_lists()
    upcoming = Paginator(events.upcoming(), EVENTS_PER_PAGE).get_page(request.GET.get("side"))
    past = Paginator(events.past().prefetch_related("attachments"), PAST_EVENTS_PER_PAGE).get_page(
        request.GET.get("tidligere")
    )
    return render(request, "portal/event_list.html", {"upcoming": upcoming, "past": past})


@reader_page()
def event_detail(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).prefetch_related("attachments"), slug=slug)
    return render(request, "portal/event_detail.html", {"event": event})


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    return _calendar_response(ical.calendar([event], request, event.title), f"{event.slug}.ics")


def event_calendar(request):
    events = Event.objects.published().upcoming()[:CALENDAR_MAX_EVENTS]
    name = _("%(portal)s: arrangementer") % {"portal": settings.PORTAL_NAME}
    return _calendar_response(ical.calendar(events, request, name), "arrangementer.ics")


def event_attachment(request, slug, pk):
    event = get_object_or_404(Event.objects.visible_to(request.user), slug=slug)
    attachment = get_object_or_404(event.attachments, pk=pk)
    return FileResponse(
        open_stored(attachment.file),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )


# --- Links, search, crawlers -------------------------------------------------------------------


@reader_page()
def links(request):
    groups = {value: {"key": value, "label": label, "links": []} for value, label in Link.Group.choices}
    for link in Link.objects.all():
        groups[link.group]["links"].append(link)
    return render(request, "portal/links.html", {"groups": [group for group in groups.values() if group["links"]]})


@reader_page("q")
def site_search(request):
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    groups = search.search_everything(query, request.user)
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": bool(search.terms(query)),
            "groups": groups,
            "total": sum(len(group["results"]) for group in groups),
        },
    )


def robots_txt(request):
    # An intranet: nothing here is for search engines.
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")


# --- Page feedback and health --------------------------------------------------------------------


@csrf_exempt
@require_POST
def page_feedback(request):
    """Stores a "Fant du det du lette etter?" answer; works without JavaScript.

    The widget is on every page, and a CSRF token in it would make every page personal
    (the token's cookie), so no reader page could be kept whole (samhandling.readercache).
    It needs none: an answer is anonymous (no user is stored, nothing is changed for
    anyone), so a forged post can do nothing a visitor cannot; what the token would stop,
    other sites making their visitors' browsers post answers, the origin check stops.

    On an error the answer is shown again on a page of its own, with the message and
    everything typed kept.
    """
    if not posted_from_this_site(request):
        return HttpResponseForbidden(
            _("Tilbakemeldingen må sendes fra portalens egne sider."), content_type="text/plain"
        )
    form = PageFeedbackForm(request.POST, auto_id="feedback_%s")
    if not form.is_valid():
        # The footer widget is hidden there: the form in the page is the one to fix.
        return render(request, "portal/feedback.html", {"form": form, "feedback_form": None}, status=400)
    form.save()
    messages.success(request, _("Takk for tilbakemeldingen!"))
    path = form.cleaned_data["path"]
    if not url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        path = "/"
    return redirect(path)


@never_cache
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # Only the portal's own context, which needs no database: the database may be why we are here.
    return HttpResponse(render_to_string("500.html", portal_context(request)), status=500)
