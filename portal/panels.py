"""What the portal adds to lower apps' pages (see samhandling.panels)."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from agreements.models import Project
from portal.models import NewsItem

# A project's page lists its latest news; the rest are in the news archive.
PROJECT_NEWS_SHOWN = 10


def project_news(sender: type[Project], project: Project, request: HttpRequest, **kwargs: object) -> str:
    """agreements.panels.project_sections: the published news about the project, newest first. One query."""
    items = list(
        NewsItem.objects.published().for_lists().filter(project=project).order_by("-publish_at")[:PROJECT_NEWS_SHOWN]
    )
    if not items:
        return ""
    return render_to_string("portal/includes/project_news.html", {"items": items}, request=request)
