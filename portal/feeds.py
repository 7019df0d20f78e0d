from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from portal.models import NewsItem


class NewsFeed(Feed):
    """RSS 2.0 of the latest published news."""

    link = reverse_lazy("portal:news_list")
    description = _("Nyheter fra helsefellesskapet.")

    def title(self):
        return f"{settings.PORTAL_NAME}: {_('nyheter')}"

    def items(self):
        return NewsItem.objects.published().select_related("source_organisation").order_by("-publish_at")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.source_organisation.name if item.source_organisation else None
