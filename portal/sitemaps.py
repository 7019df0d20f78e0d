from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from portal.models import Event, NewsItem


class PublishedSitemap(Sitemap):
    """Published items in pages of 2,000 (?p=2, ...), listed by the index at /sitemap.xml,
    so that a page renders in well under a second whatever the archive's size."""

    limit = 2000
    model: type[NewsItem] | type[Event]  # set by each subclass

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("-publish_at", "pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of Django's default, which walks every item.
        return self.model.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class NewsSitemap(PublishedSitemap):
    model = NewsItem


class EventSitemap(PublishedSitemap):
    model = Event


class PortalPagesSitemap(Sitemap):
    def items(self):
        return ["portal:home", "portal:news_list", "portal:event_list", "portal:links", "portal:accessibility"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PortalPagesSitemap, "news": NewsSitemap, "events": EventSitemap}
