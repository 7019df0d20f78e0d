from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.urls import reverse

from agreements.models import Measure, Pathway, Plan, Project
from portal.models import Event, NewsItem, Page


class PublishedSitemap(Sitemap):
    """Published items in pages of 2,000 (?p=2, ...), listed by the index at /sitemap.xml,
    so that a page renders in well under a second whatever the archive's size."""

    limit = 2000
    model: type[NewsItem] | type[Event] | type[Page]  # set by each subclass

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("-publish_at", "pk")

    def lastmod(self, item):
        return item.updated_at

    def _summary(self) -> dict:
        """The count and the latest change in one aggregate, read once per request: the index
        asks for both, a section page for the count (its paginator)."""
        if not hasattr(self, "_summary_row"):
            self._summary_row = self.model.objects.published().aggregate(count=Count("pk"), latest=Max("updated_at"))
        return self._summary_row

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which walks every item.
        return self._summary()["latest"]

    @property
    def paginator(self) -> Paginator:
        paginator = Paginator(self.items(), self.limit)  # not an i18n sitemap: _items() would be items()
        paginator.count = self._summary()["count"]  # a cached_property: no COUNT of its own
        return paginator


class NewsSitemap(PublishedSitemap):
    model = NewsItem


class EventSitemap(PublishedSitemap):
    model = Event


class PageSitemap(PublishedSitemap):
    model = Page


class WorkSitemap(Sitemap):
    """The adopted plans and their measures, the pathways and the projects: hundreds at most."""

    limit = 2000

    def items(self):
        # Read once per request: the index asks for the count and the latest change, a page for the rows.
        if not hasattr(self, "_rows"):
            self._rows = self._read()
        return self._rows

    def _read(self) -> list:
        """Four queries."""
        plans = list(Plan.objects.exclude(status=Plan.Status.DRAFT).only("slug", "updated_at"))
        measures = list(
            Measure.objects.exclude(theme__plan__status=Plan.Status.DRAFT)
            .select_related("theme__plan")
            .defer("search_document", "search_text", "search_vector", "description")
            .order_by("pk")[: self.limit]
        )
        pathways = list(Pathway.objects.only("slug", "updated_at"))
        projects = list(Project.objects.only("slug", "updated_at"))
        return [*plans, *measures, *pathways, *projects]

    def lastmod(self, item):
        return item.updated_at


class PortalPagesSitemap(Sitemap):
    def items(self):
        return [
            "portal:home",
            "portal:news_list",
            "portal:event_list",
            "portal:links",
            "portal:accessibility",
            "portal:pages",
            "agreements:plan_current",
            "agreements:pathways",
            "agreements:projects",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PortalPagesSitemap,
    "news": NewsSitemap,
    "events": EventSitemap,
    "editor-pages": PageSitemap,
    "work": WorkSitemap,
}
