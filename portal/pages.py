"""Editors' pages for readers: /sider/ (the tree) and /sider/<slug>/ (a page, with its children).

Pages are Publishable: the same drafts, preview (an editor opens a draft's address),
scheduling, withdrawal and change log as news, edited under /redaksjon/sider/.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from agreements.models import Pathway, Plan, Project
from portal.models import Page
from samhandling.readercache import reader_page


@require_GET
@reader_page()
def page_index(request):
    """The partnership's pages as a tree (two levels), and its plan, pathways and projects."""
    children = Prefetch("children", queryset=Page.objects.published().for_lists(), to_attr="published_children")
    pages = Page.objects.published().for_lists().filter(parent__isnull=True).prefetch_related(children)
    context = {
        "pages": pages,
        "plan": Plan.objects.visible_to(request.user).current(),
        "pathways": Pathway.objects.only("title", "slug")[:10],
        "projects": Project.objects.only("title", "slug")[:10],
    }
    return render(request, "portal/page_index.html", context)


@require_GET
@reader_page()
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.visible_to(request.user).select_related("parent"), slug=slug)
    if page.slug == Page.ACCESSIBILITY_SLUG:
        return redirect("portal:accessibility", permanent=False)
    return _render_page(request, page)


def _render_page(request, page: Page):
    context = {
        "page": page,
        "ancestors": page.ancestors(),
        "children": Page.objects.visible_to(request.user).for_lists().filter(parent=page),
    }
    return render(request, "portal/page_detail.html", context)


def accessibility_page(request):
    """The accessibility statement as an editor's page, once one is published; None until then."""
    page = Page.objects.visible_to(request.user).filter(slug=Page.ACCESSIBILITY_SLUG).first()
    return _render_page(request, page) if page else None
