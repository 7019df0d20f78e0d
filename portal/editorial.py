"""The editors' pages under /redaksjon/: news, events, pages, links and page feedback.

Only web editors (and administrators) get in. Anonymous visitors are sent to the login
page; logged-in users without the role get 404, as for anything they may not see.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import services
from portal.forms import AttachmentForm, EventForm, LinkForm, NewsItemForm, PageForm, ScheduleForm
from portal.models import (
    ChangeLogEntry,
    Event,
    EventAttachment,
    Link,
    NewsItem,
    Page,
    PageFeedback,
)
from samhandling import access

ITEMS_PER_PAGE = 25
FEEDBACK_PER_PAGE = 50


@dataclass(frozen=True)
class Section:
    """News, events or pages: the same editorial workflow over three models."""

    url_part: str
    model: type
    form: type
    # Lazy translations: each page shows them in the reader's language.
    title: str | Promise
    new_title: str | Promise
    edit_title: str | Promise


SECTIONS = {
    "nyheter": Section(
        "nyheter",
        NewsItem,
        NewsItemForm,
        gettext_lazy("Nyheter"),
        gettext_lazy("Ny nyhet"),
        gettext_lazy("Rediger nyhet"),
    ),
    "arrangementer": Section(
        "arrangementer",
        Event,
        EventForm,
        gettext_lazy("Arrangementer"),
        gettext_lazy("Nytt arrangement"),
        gettext_lazy("Rediger arrangement"),
    ),
    "sider": Section(
        "sider",
        Page,
        PageForm,
        gettext_lazy("Sider"),
        gettext_lazy("Ny side"),
        gettext_lazy("Rediger side"),
    ),
}


class SectionConverter:
    """<section:section> in the editors' URLs: "nyheter", "arrangementer" or "sider"."""

    regex = "nyheter|arrangementer|sider"

    def to_python(self, value):
        return SECTIONS[value]

    def to_url(self, value):
        return value.url_part if isinstance(value, Section) else value


def editor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.may_edit_news(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@editor_required
def dashboard(request):
    latest = ChangeLogEntry.objects.select_related("user", "content_type")[:15]
    return render(request, "portal/editor/dashboard.html", {"latest": latest})


# --- News and events -------------------------------------------------------------------------


@editor_required
def item_list(request, section):
    items = section.model.objects.for_lists().select_related("updated_by").order_by("-updated_at", "-pk")
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "portal/editor/item_list.html", {"section": section, "page": page})


@editor_required
def item_create(request, section):
    form = section.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = services.save_item(form, request.user)
        messages.success(request, _("Utkastet er lagret. Forhåndsvis det, og publiser når du er klar."))
        return redirect(item.get_edit_url())
    return render(
        request,
        "portal/editor/item_form.html",
        {"section": section, "form": form, "page_title": section.new_title},
        status=400 if form.is_bound else 200,
    )


def _edit_page(request, section, item, *, form=None, schedule_form=None, attachment_form=None, status=200):
    """The edit page: the content form, publishing, presentations and the item's history."""
    context = {
        "section": section,
        "item": item,
        "page_title": section.edit_title,
        "form": form or section.form(instance=item),
        "schedule_form": schedule_form or ScheduleForm(prefix="schedule", initial={"publish_at": item.publish_at}),
        "history": services.history(item)[:50],
    }
    if isinstance(item, Event):
        context["attachments"] = item.attachments.all()
        context["attachment_form"] = attachment_form or AttachmentForm(prefix="attachment")
    return render(request, "portal/editor/item_form.html", context, status=status)


@editor_required
def item_edit(request, section, pk):
    item = get_object_or_404(section.model, pk=pk)
    if request.method != "POST":
        return _edit_page(request, section, item)
    form = section.form(request.POST, request.FILES, instance=item)
    if not form.is_valid():
        return _edit_page(request, section, item, form=form, status=400)
    services.save_item(form, request.user)
    messages.success(request, _("Endringene er lagret."))
    return redirect(item.get_edit_url())


@require_POST
@editor_required
def item_publish(request, section, pk):
    item = get_object_or_404(section.model, pk=pk)
    services.publish(item, request.user)
    messages.success(request, _("«%(title)s» er publisert.") % {"title": item.title})
    return redirect(item.get_edit_url())


@require_POST
@editor_required
def item_schedule(request, section, pk):
    item = get_object_or_404(section.model, pk=pk)
    form = ScheduleForm(request.POST, prefix="schedule")
    if not form.is_valid():
        return _edit_page(request, section, item, schedule_form=form, status=400)
    at = form.cleaned_data["publish_at"]
    services.publish(item, request.user, at=at)
    when = formats.date_format(timezone.localtime(at), "j. F Y \\k\\l. H.i")
    messages.success(request, _("«%(title)s» publiseres %(when)s.") % {"title": item.title, "when": when})
    return redirect(item.get_edit_url())


@require_POST
@editor_required
def item_unpublish(request, section, pk):
    item = get_object_or_404(section.model, pk=pk)
    services.unpublish(item, request.user)
    messages.success(request, _("«%(title)s» er avpublisert og vises ikke lenger for leserne.") % {"title": item.title})
    return redirect(item.get_edit_url())


@require_POST
@editor_required
def attachment_add(request, pk):
    event = get_object_or_404(Event, pk=pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if not form.is_valid():
        return _edit_page(request, SECTIONS["arrangementer"], event, attachment_form=form, status=400)
    attachment = services.add_attachment(event, form, request.user)
    messages.success(request, _("Presentasjonen «%(title)s» er lagt til.") % {"title": attachment.title})
    return redirect(event.get_edit_url())


@require_POST
@editor_required
def attachment_delete(request, pk, attachment_pk):
    attachment = get_object_or_404(EventAttachment.objects.select_related("event"), pk=attachment_pk, event_id=pk)
    services.remove_attachment(attachment, request.user)
    messages.success(request, _("Presentasjonen «%(title)s» er fjernet.") % {"title": attachment.title})
    return redirect(attachment.event.get_edit_url())


# --- Links -----------------------------------------------------------------------------------


@editor_required
def link_list(request):
    return render(request, "portal/editor/link_list.html", {"links": Link.objects.all()})


@editor_required
def link_edit(request, pk=None):
    link = get_object_or_404(Link, pk=pk) if pk else Link()
    form = LinkForm(request.POST or None, instance=link)
    if request.method == "POST" and form.is_valid():
        services.save_item(form, request.user)
        messages.success(request, _("Lenken «%(title)s» er lagret.") % {"title": link.title})
        return redirect("portal:editor_links")
    return render(
        request, "portal/editor/link_form.html", {"form": form, "link": link}, status=400 if form.is_bound else 200
    )


@require_POST
@editor_required
def link_delete(request, pk):
    link = get_object_or_404(Link, pk=pk)
    services.delete_link(link, request.user)
    messages.success(request, _("Lenken «%(title)s» er slettet.") % {"title": link.title})
    return redirect("portal:editor_links")


# --- Page feedback ----------------------------------------------------------------------------


@editor_required
def feedback_report(request):
    """Per page: answers, the share of "no", the latest answer; most "no" first."""
    pages = (
        PageFeedback.objects.values("path")
        .annotate(
            total=Count("pk"),
            no=Count("pk", filter=Q(found=False)),
            comments=Count("pk", filter=~Q(comment="")),
            latest=Max("created_at"),
        )
        .order_by("-no", "-total", "path")
    )
    page = Paginator(pages, FEEDBACK_PER_PAGE).get_page(request.GET.get("side"))
    return render(request, "portal/editor/feedback_report.html", {"page": page})


@editor_required
def feedback_page(request):
    """One page's answers: the share of "no" and every comment, newest first."""
    path = request.GET.get("sti", "")
    answers = PageFeedback.objects.filter(path=path)
    summary = answers.aggregate(total=Count("pk"), no=Count("pk", filter=Q(found=False)))
    if not summary["total"]:
        raise Http404
    comments = Paginator(answers.exclude(comment="").order_by("-created_at"), FEEDBACK_PER_PAGE).get_page(
        request.GET.get("side")
    )
    return render(request, "portal/editor/feedback_page.html", {"path": path, "summary": summary, "page": comments})
