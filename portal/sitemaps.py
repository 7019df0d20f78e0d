from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.models import Event, NewsItem


class NewsSitemap(Sitemap):
    def items(self):
        return NewsItem.objects.published().only("slug", "updated_at").order_by("-publish_at")

    def lastmod(self, item):
        return item.updated_at


class EventSitemap(Sitemap):
    def items(self):
        return Event.objects.published().only("slug", "updated_at").order_by("-starts_at")

    def lastmod(self, item):
        return item.updated_at


class PortalPagesSitemap(Sitemap):
    def items(self):
        return ["portal:home", "portal:news_list", "portal:event_list", "portal:links", "portal:accessibility"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PortalPagesSitemap, "news": NewsSitemap, "events": EventSitemap}
