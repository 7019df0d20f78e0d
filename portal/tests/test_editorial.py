"""The editors' pages: who gets in, and the draft -> preview -> publish -> unpublish workflow."""

import datetime

import pytest
from django.utils import timezone

from portal.models import (
    ChangeLogEntry,
    Event,
    EventAttachment,
    Link,
    NewsItem,
    PageFeedback,
)
from portal.tests.conftest import (
    image_bytes,
    make_event,
    make_news,
    pdf_bytes,
    pptx_bytes,
    upload,
)

EDITOR_PAGES = [
    "/redaksjon/",
    "/redaksjon/nyheter/",
    "/redaksjon/nyheter/ny/",
    "/redaksjon/nyheter/{news}/",
    "/redaksjon/arrangementer/",
    "/redaksjon/arrangementer/ny/",
    "/redaksjon/arrangementer/{event}/",
    "/redaksjon/lenker/",
    "/redaksjon/lenker/ny/",
    "/redaksjon/lenker/{link}/",
    "/redaksjon/tilbakemeldinger/",
    "/redaksjon/tilbakemeldinger/side/?sti=/avtaler/",
]
EDITOR_ACTIONS = [
    "/redaksjon/nyheter/{news}/publiser/",
    "/redaksjon/nyheter/{news}/avpubliser/",
    "/redaksjon/nyheter/{news}/planlegg/",
    "/redaksjon/arrangementer/{event}/publiser/",
    "/redaksjon/arrangementer/{event}/presentasjoner/",
    "/redaksjon/lenker/{link}/slett/",
]


@pytest.fixture
def objects(db):
    PageFeedback.objects.create(path="/avtaler/", found=False, comment="Fant ikke rutinen")
    return {
        "news": make_news("Utkast", "draft").pk,
        "event": make_event("Utkast til fagdag", "draft").pk,
        "link": Link.objects.create(group=Link.Group.LAWS, title="Lovdata", url="https://lovdata.no/").pk,
    }


@pytest.mark.parametrize(
    "persona, expected",
    [
        (None, 302),
        ("plain_user", 404),
        ("coordinator", 404),
        ("quality", 404),
        ("hospital_handler", 404),
        ("editor", 200),
        ("superuser", 200),
    ],
    indirect=["persona"],
)
@pytest.mark.parametrize("url", EDITOR_PAGES)
def test_only_editors_open_the_editors_pages(client, objects, persona, expected, url):
    if persona:
        client.force_login(persona)
    response = client.get(url.format(**objects))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/konto/logg-inn/?next=")


@pytest.mark.parametrize("persona", [None, "plain_user", "coordinator"], indirect=True)
@pytest.mark.parametrize("url", EDITOR_ACTIONS)
def test_others_cannot_publish_or_change_anything(client, objects, persona, url):
    if persona:
        client.force_login(persona)
    response = client.post(url.format(**objects), {"schedule-publish_at": "2099-01-01T10:00"})
    assert response.status_code == (302 if persona is None else 404)
    assert not NewsItem.objects.published().exists()
    assert Link.objects.count() == 1
    assert not ChangeLogEntry.objects.exists()


@pytest.mark.parametrize("url", EDITOR_ACTIONS)
def test_actions_only_accept_post(client, editor, objects, url):
    client.force_login(editor)
    assert client.get(url.format(**objects)).status_code == 405


def test_an_editor_writes_a_draft_previews_it_and_publishes_it(client, editor):
    client.force_login(editor)
    response = client.post(
        "/redaksjon/nyheter/ny/",
        {
            "title": "Ny rutine for utskrivning",
            "lead": "Kort om rutinen.",
            "body": "## Hva\n\nDet **viktigste**.",
            "image": upload("bilde.png", image_bytes("PNG")),
            "image_alt": "Sykepleier ved en seng",
        },
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_edit_url()
    assert (item.status, item.slug, item.created_by, item.updated_by) == (
        "draft",
        "ny-rutine-for-utskrivning",
        editor,
        editor,
    )
    assert client.get("/nyheter/").content.decode().count(item.slug) == 0

    preview = client.get(item.get_absolute_url()).content.decode()
    assert "Forhåndsvisning." in preview and "<strong>viktigste</strong>" in preview
    assert client.get(item.get_image_url()).status_code == 200

    client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    item.refresh_from_db()
    assert item.is_published
    client.logout()
    assert item.slug in client.get("/").content.decode()
    assert item.slug in client.get("/nyheter/rss/").content.decode()
    assert client.get(item.get_image_url())["Content-Type"] == "image/png"
    actions = list(ChangeLogEntry.objects.order_by("created_at", "pk").values_list("action", "user__username"))
    assert actions == [("created", "redaktor"), ("published", "redaktor")]


def test_a_form_with_errors_keeps_the_input_and_links_the_errors(client, editor):
    client.force_login(editor)
    response = client.post("/redaksjon/nyheter/ny/", {"title": "", "lead": "Ingressen jeg skrev"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingressen jeg skrev" in page
    assert 'href="#id_title"' in page
    assert not NewsItem.objects.exists()


def test_the_personal_data_guard_covers_the_news_text(client, editor):
    client.force_login(editor)
    response = client.post("/redaksjon/nyheter/ny/", {"title": "Sak", "lead": "Gjelder 23066543242"})
    assert response.status_code == 400
    assert "fødselsnummer" in response.content.decode()


def test_an_editor_schedules_and_the_item_waits(client, editor):
    client.force_login(editor)
    item = make_news("Kommer snart", "draft")
    when = timezone.localtime() + datetime.timedelta(days=2)
    client.post(f"/redaksjon/nyheter/{item.pk}/planlegg/", {"schedule-publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    item.refresh_from_db()
    assert item.is_scheduled and item.state_label == "planlagt"
    assert item.slug not in client.get("/nyheter/").content.decode()
    entry = ChangeLogEntry.objects.get()
    assert entry.action == "scheduled" and entry.data["publish_at"].startswith(when.strftime("%Y-%m-%dT%H:%M"))


def test_scheduling_in_the_past_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    item = make_news("Kommer snart", "draft")
    response = client.post(f"/redaksjon/nyheter/{item.pk}/planlegg/", {"schedule-publish_at": "2020-01-01T10:00"})
    assert response.status_code == 400
    assert "Velg et tidspunkt fram i tid" in response.content.decode()
    assert 'href="#id_schedule-publish_at"' in response.content.decode()
    item.refresh_from_db()
    assert item.status == "draft"


def test_unpublishing_hides_the_item_again(client, editor):
    client.force_login(editor)
    item = make_news("Publisert sak", "published")
    client.get("/")  # the front page is cached with the item
    client.post(f"/redaksjon/nyheter/{item.pk}/avpubliser/")
    client.logout()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.slug not in client.get("/").content.decode()


def test_the_slug_follows_the_title_until_published_then_stays(client, editor):
    client.force_login(editor)
    item = make_news("Førsteutkast", "draft")
    data = {"title": "Bedre tittel på sykehuset", "lead": "Ingress"}
    client.post(item.get_edit_url(), data)
    item.refresh_from_db()
    assert item.slug == "bedre-tittel-pa-sykehuset"
    client.post(f"/redaksjon/nyheter/{item.pk}/publiser/")
    client.post(item.get_edit_url(), {**data, "title": "Helt ny tittel"})
    item.refresh_from_db()
    assert (item.title, item.slug) == ("Helt ny tittel", "bedre-tittel-pa-sykehuset")
    assert client.get("/nyheter/bedre-tittel-pa-sykehuset/").status_code == 200
    entry = ChangeLogEntry.objects.filter(action="changed").first()
    assert entry.data == {"fields": ["Tittel"]} and entry.user == editor


def test_slugs_transliterate_and_stay_unique(db):
    first = make_news("Ærlig talt: Øyeblikkelig hjelp på Åsen")
    second = make_news("Ærlig talt: Øyeblikkelig hjelp på Åsen")
    assert first.slug == "aerlig-talt-oyeblikkelig-hjelp-pa-asen"
    assert second.slug == "aerlig-talt-oyeblikkelig-hjelp-pa-asen-2"
    assert make_news("RSS").slug == "rss-2"  # /nyheter/rss/ is the feed
    assert make_news("!!!").slug == "nyhet"


def test_an_editor_replaces_and_removes_the_image(client, editor):
    client.force_login(editor)
    item = make_news("Med bilde", "draft")
    data = {"title": item.title, "lead": "Ingress", "image_alt": "Et kart"}
    client.post(item.get_edit_url(), {**data, "image": upload("kart.jpg", image_bytes("JPEG", (2400, 1200)))})
    item.refresh_from_db()
    assert (item.image_width, item.image_height) == (1600, 800)
    client.post(item.get_edit_url(), {**data, "remove_image": "on"})
    item.refresh_from_db()
    assert not item.image


def test_an_editor_creates_an_event_and_adds_a_presentation(client, editor):
    client.force_login(editor)
    response = client.post(
        "/redaksjon/arrangementer/ny/",
        {
            "title": "Fagdag: Prevensjon",
            "starts_at": "2030-01-23T09:00",
            "ends_at": "2030-01-23T15:00",
            "location": "Skien",
            "course_hours": "Søkt godkjent som 6 tellende kurstimer i allmennmedisin.",
        },
    )
    event = Event.objects.get()
    assert response["Location"] == event.get_edit_url()
    assert timezone.localtime(event.starts_at).hour == 9
    response = client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("Lysark fra dagen.pptx", pptx_bytes())},
    )
    attachment = EventAttachment.objects.get()
    assert (attachment.kind, attachment.uploaded_by) == ("pptx", editor)
    client.post(f"/redaksjon/arrangementer/{event.pk}/publiser/")
    download = client.get(attachment.get_absolute_url())
    assert download["Content-Disposition"] == 'attachment; filename="Lysark fra dagen.pptx"'
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert b"".join(download.streaming_content) == pptx_bytes()
    actions = list(ChangeLogEntry.objects.order_by("created_at", "pk").values_list("action", flat=True))
    assert actions == ["created", "attachment_added", "published"]


def test_a_wrong_attachment_is_refused_on_the_edit_page(client, editor):
    client.force_login(editor)
    event = make_event("Fagdag", "draft")
    response = client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("lysark.pdf", b"Bare tekst")},
    )
    assert response.status_code == 400
    assert "PDF eller en PowerPoint-presentasjon" in response.content.decode()
    assert not EventAttachment.objects.exists()


def test_an_editor_removes_a_presentation(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    event = make_event("Fagdag", "published", starts_in=-datetime.timedelta(days=3))
    client.post(
        f"/redaksjon/arrangementer/{event.pk}/presentasjoner/",
        {"attachment-title": "Lysark", "attachment-file": upload("lysark.pdf", pdf_bytes())},
    )
    attachment = EventAttachment.objects.get()
    path = attachment.file.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/redaksjon/arrangementer/{event.pk}/presentasjoner/{attachment.pk}/slett/")
    assert not EventAttachment.objects.exists()
    import os

    assert not os.path.exists(path)


def test_an_event_cannot_end_before_it_starts(client, editor):
    client.force_login(editor)
    response = client.post(
        "/redaksjon/arrangementer/ny/",
        {"title": "Fagdag", "starts_at": "2030-01-23T15:00", "ends_at": "2030-01-23T09:00"},
    )
    assert response.status_code == 400
    assert "kan ikke slutte før det starter" in response.content.decode()


def test_editors_maintain_the_links(client, editor):
    client.force_login(editor)
    client.post(
        "/redaksjon/lenker/ny/",
        {"group": "laws", "title": "Helsepersonelloven", "url": "https://lovdata.no/lov/1999-07-02-64"},
    )
    link = Link.objects.get()
    assert "Helsepersonelloven" in client.get("/lenker/").content.decode()
    client.post(f"/redaksjon/lenker/{link.pk}/slett/")
    assert not Link.objects.exists()
    assert list(ChangeLogEntry.objects.order_by("created_at", "pk").values_list("action", flat=True)) == [
        "created",
        "deleted",
    ]


def test_the_feedback_report_shows_the_share_of_no_per_page_and_the_comments(client, editor):
    for found, comment in [(False, "Fant ikke rutinen"), (False, ""), (True, ""), (False, "Mangler PDF")]:
        PageFeedback.objects.create(path="/avtaler/", found=found, comment=comment)
    PageFeedback.objects.create(path="/kontakter/", found=True)
    client.force_login(editor)
    report = client.get("/redaksjon/tilbakemeldinger/")
    rows = list(report.context["page"])
    assert [(row["path"], row["total"], row["no"], row["comments"]) for row in rows] == [
        ("/avtaler/", 4, 3, 2),
        ("/kontakter/", 1, 0, 0),
    ]
    assert "75 %" in report.content.decode()
    detail = client.get("/redaksjon/tilbakemeldinger/side/", {"sti": "/avtaler/"}).content.decode()
    assert "3 av 4 svarte nei" in detail
    assert "Fant ikke rutinen" in detail and "Mangler PDF" in detail


def test_the_feedback_of_an_unknown_page_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/redaksjon/tilbakemeldinger/side/", {"sti": "/ukjent/"}).status_code == 404
