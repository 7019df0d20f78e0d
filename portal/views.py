import logging

from django.contrib import messages
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.context_processors import portal as portal_context
from portal.forms import PageFeedbackForm

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "portal/home.html")


def accessibility_statement(request):
    return render(request, "portal/accessibility.html")


@require_POST
def page_feedback(request):
    """Stores a "Fant du det du lette etter?" answer; works without JavaScript.

    On an error the answer is shown again on a page of its own, with the message and
    everything typed kept.
    """
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
