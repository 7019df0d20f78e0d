from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from portal import editorial, pages, views
from portal.feeds import NewsFeed
from portal.sitemaps import SITEMAPS

app_name = "portal"

register_converter(editorial.SectionConverter, "section")

urlpatterns = [
    path("", views.home, name="home"),
    path("nyheter/", views.news_list, name="news_list"),
    path("nyheter/rss/", NewsFeed(), name="news_feed"),
    path("nyheter/<slug:slug>/", views.news_detail, name="news_detail"),
    path("nyheter/<slug:slug>/bilde/", views.news_image, name="news_image"),
    path("arrangementer/", views.event_list, name="event_list"),
    path("arrangementer/kalender.ics", views.event_calendar, name="event_calendar"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="event_detail"),
    path("arrangementer/<slug:slug>/ics/", views.event_ics, name="event_ics"),
    path("arrangementer/<slug:slug>/presentasjoner/<int:pk>/", views.event_attachment, name="event_attachment"),
    path("lenker/", views.links, name="links"),
    path("sider/", pages.page_index, name="pages"),
    path("sider/<slug:slug>/", pages.page_detail, name="page"),
    path("sok/", views.site_search, name="search"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("tilgjengelighet/", views.accessibility_statement, name="accessibility"),
    path("tilbakemelding/", views.page_feedback, name="feedback"),
    path("helse/", views.health, name="health"),
    # The editors' pages.
    path("redaksjon/", editorial.dashboard, name="editor_dashboard"),
    path("redaksjon/lenker/", editorial.link_list, name="editor_links"),
    path("redaksjon/lenker/ny/", editorial.link_edit, name="editor_link_create"),
    path("redaksjon/lenker/<int:pk>/", editorial.link_edit, name="editor_link_edit"),
    path("redaksjon/lenker/<int:pk>/slett/", editorial.link_delete, name="editor_link_delete"),
    path("redaksjon/tilbakemeldinger/", editorial.feedback_report, name="editor_feedback"),
    path("redaksjon/tilbakemeldinger/side/", editorial.feedback_page, name="editor_feedback_page"),
    path("redaksjon/arrangementer/<int:pk>/presentasjoner/", editorial.attachment_add, name="editor_attachment_add"),
    path(
        "redaksjon/arrangementer/<int:pk>/presentasjoner/<int:attachment_pk>/slett/",
        editorial.attachment_delete,
        name="editor_attachment_delete",
    ),
    path("redaksjon/<section:section>/", editorial.item_list, name="editor_list"),
    path("redaksjon/<section:section>/ny/", editorial.item_create, name="editor_create"),
    path("redaksjon/<section:section>/<int:pk>/", editorial.item_edit, name="editor_edit"),
    path("redaksjon/<section:section>/<int:pk>/publiser/", editorial.item_publish, name="editor_publish"),
    path("redaksjon/<section:section>/<int:pk>/planlegg/", editorial.item_schedule, name="editor_schedule"),
    path("redaksjon/<section:section>/<int:pk>/avpubliser/", editorial.item_unpublish, name="editor_unpublish"),
]
