"""News, events and search as editors and readers meet them, in Chromium under the real CSP.

Every page is checked with axe, error states included.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import assert_accessible, login
from portal.models import Event, EventAttachment, Link, NewsItem, PageFeedback
from portal.tests.conftest import DAY, image_bytes, make_event, make_news, pdf_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_publishes_a_news_item_with_an_image_and_readers_find_it(page, editor):
    login(page, "redaktor")
    page.goto("/redaksjon/")
    assert_accessible(page)
    page.get_by_role("link", name="Ny nyhet").click()
    page.get_by_label("Tittel").fill("Utskrivningsklare pasienter får ny rutine i Bø")
    page.get_by_label("Ingress").fill("Sykehuset varsler kommunen før kl. 12.")
    page.get_by_label("Brødtekst").fill(
        "## Hva endres\n\nUtskrivningsklare pasienter meldes **før kl. 12**.\n\n- sengeposter\n- tildelingskontor"
    )
    page.locator("#id_image").set_input_files(
        {"name": "mottak.png", "mimeType": "image/png", "buffer": image_bytes("PNG", (2400, 1200))}
    )
    page.get_by_label("Alternativ tekst til bildet").fill("Sykepleier tar imot en pasient")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret")).to_be_visible()
    expect(page.get_by_text("Status: Utkast")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Forhåndsvis").click()
    expect(page.get_by_role("note").get_by_text("Forhåndsvisning.")).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Utskrivningsklare pasienter får ny rutine i Bø"
    image = page.get_by_role("img", name="Sykepleier tar imot en pasient")
    # Read once the image has arrived; a slow machine may still be loading it.
    width = image.evaluate("img => img.decode().then(() => img.naturalWidth)")
    assert width == 1600  # scaled down for the page
    expect(page.get_by_role("heading", name="Hva endres", level=2)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tilbake til redigering").click()
    page.get_by_role("button", name="Publiser nå").click()
    expect(page.get_by_text("er publisert")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()

    page.goto("/")
    page.get_by_role("link", name="Utskrivningsklare pasienter får ny rutine i Bø").click()
    expect(page.get_by_role("img", name="Sykepleier tar imot en pasient")).to_be_visible()
    assert page.get_by_role("note").count() == 0  # no preview banner for readers
    feed = page.request.get("/nyheter/rss/").text()
    assert "Utskrivningsklare pasienter får ny rutine i Bø" in feed

    # Search from the header, with the keyboard, by another form of the word.
    page.get_by_label("Søk i portalen").fill("utskrivningsklar")
    page.get_by_label("Søk i portalen").press("Enter")
    results = page.get_by_role("region", name="Nyheter")
    expect(results.get_by_role("link", name="Utskrivningsklare pasienter får ny rutine i Bø")).to_be_visible()
    assert results.locator("mark").first.inner_text().lower().startswith("utskrivningsklar")
    assert_accessible(page)


def test_an_editor_publishes_an_event_with_a_presentation_and_readers_get_it(page, editor, tmp_path):
    login(page, "redaktor")
    page.goto("/redaksjon/arrangementer/ny/")
    page.get_by_label("Tittel").fill("Fagdag: Prevensjon på Ørje")
    page.get_by_label("Starter").fill("2030-01-23T09:00")
    page.get_by_label("Slutter").fill("2030-01-23T15:00")
    page.get_by_label("Sted").fill("Sykehuset, Skien")
    page.get_by_label("Tellende kurstimer").fill("Søkt godkjent som 6 tellende kurstimer i allmennmedisin.")
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret")).to_be_visible()

    page.get_by_label("Tittel på presentasjonen").fill("Lysark fra fagdagen")
    page.locator("#id_attachment-file").set_input_files(
        {"name": "lysark.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Last opp presentasjon").click()
    expect(page.get_by_text("Presentasjonen «Lysark fra fagdagen» er lagt til")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publiser nå").click()
    page.get_by_role("button", name="Logg ut").click()

    page.goto("/sok/?q=prevensjon")
    expect(
        page.get_by_role("region", name="Arrangementer").get_by_role("link", name="Fagdag: Prevensjon på Ørje")
    ).to_be_visible()
    assert "SUMMARY:Fagdag: Prevensjon på Ørje" in page.request.get("/arrangementer/kalender.ics").text()
    page.goto("/")
    page.get_by_role("link", name="Fagdag: Prevensjon på Ørje").click()
    expect(page.get_by_text("6 tellende kurstimer")).to_be_visible()
    expect(page.get_by_text("onsdag 23. januar 2030 kl. 09.00–15.00")).to_be_visible()
    download = page.request.get(page.get_by_role("link", name="Lysark fra fagdagen").get_attribute("href"))
    assert download.headers["content-disposition"] == 'attachment; filename="lysark.pdf"'
    assert download.body().startswith(b"%PDF-")
    ics = page.request.get(page.get_by_role("link", name="Legg i kalenderen").get_attribute("href")).text()
    assert "SUMMARY:Fagdag: Prevensjon på Ørje" in ics
    assert_accessible(page)


def test_the_editors_form_errors_are_listed_linked_and_accessible(page, editor):
    event = make_event("Fagdag", "draft")
    login(page, "redaktor")

    page.goto("/redaksjon/nyheter/ny/")
    page.get_by_label("Ingress").fill("Ingressen står igjen")
    page.locator("#id_image").set_input_files(
        {"name": "bilde.png", "mimeType": "image/png", "buffer": b"ikke et bilde"}
    )
    page.get_by_role("button", name="Lagre utkast").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name="Tittel: Feltet er påkrevet.")).to_be_visible()
    expect(summary.get_by_text("JPEG, PNG eller WebP")).to_be_visible()
    assert page.get_by_label("Ingress").input_value() == "Ingressen står igjen"
    summary.get_by_role("link", name="Tittel: Feltet er påkrevet.").press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_title"
    assert_accessible(page)

    page.goto(f"/redaksjon/arrangementer/{event.pk}/")
    page.get_by_label("Publiseres").fill("2020-01-01T10:00")
    page.get_by_role("button", name="Planlegg", exact=True).click()
    expect(page.get_by_role("alert").get_by_text("Velg et tidspunkt fram i tid")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/redaksjon/arrangementer/{event.pk}/")
    page.get_by_label("Tittel på presentasjonen").fill("Lysark")
    page.locator("#id_attachment-file").set_input_files(
        {"name": "lysark.pptx", "mimeType": "text/plain", "buffer": b"tekst"}
    )
    page.get_by_role("button", name="Last opp presentasjon").click()
    expect(page.get_by_role("alert").get_by_text("PDF eller en PowerPoint-presentasjon")).to_be_visible()
    assert_accessible(page)

    page.goto("/redaksjon/lenker/ny/")
    page.get_by_label("Adresse").fill("ikke en adresse")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_every_reader_page_is_accessible(page, hospital):
    for number in range(12):
        make_news(f"Nyhet nummer {number} om samhandling", lead="Ingress.", source_organisation=hospital)
    news = make_news("Nyhet med bilde", body="## Mellomtittel\n\nTekst med [lenke](https://lovdata.no/).")
    news.image = upload("bilde.png", image_bytes("PNG"))
    news.image_alt = "Et kart over Telemark"
    news.save()
    make_event("Fagdag: Prevensjon", course_hours="6 tellende kurstimer.", registration_url="https://example.org/")
    past = make_event("Fagdag i fjor", starts_in=-30 * DAY)
    EventAttachment.objects.create(
        event=past, title="Lysark", file=upload("a.pdf", pdf_bytes()), original_name="a.pdf", kind="pdf", size=100
    )
    Link.objects.create(
        group=Link.Group.LAWS, title="Helsepersonelloven", url="https://lovdata.no/", description="§ 23."
    )
    for path in [
        "/",
        "/nyheter/",
        "/nyheter/?side=2",
        news.get_absolute_url(),
        "/arrangementer/",
        "/arrangementer/fagdag-prevensjon/",
        past.get_absolute_url(),
        "/lenker/",
        "/sok/",
        "/sok/?q=samhandling",
        "/sok/?q=finnesikke",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)


def test_every_editor_page_is_accessible(page, editor):
    news = make_news("Nyhet med bilde", "draft")
    news.image = upload("bilde.png", image_bytes("PNG"))
    news.image_alt = "Et kart"
    news.save()
    make_news("Planlagt nyhet", "scheduled")
    make_news("Avpublisert nyhet", "withdrawn")
    event = make_event("Fagdag i fjor", starts_in=-30 * DAY)
    EventAttachment.objects.create(
        event=event, title="Lysark", file=upload("a.pdf", pdf_bytes()), original_name="a.pdf", kind="pdf", size=100
    )
    link = Link.objects.create(group=Link.Group.LAWS, title="Helsepersonelloven", url="https://lovdata.no/")
    PageFeedback.objects.create(path="/avtaler/", found=False, comment="Fant ikke rutinen for utskrivning")
    PageFeedback.objects.create(path="/avtaler/", found=True)
    login(page, "redaktor")
    page.goto(news.get_edit_url())
    page.get_by_label("Tittel").fill("Nyhet med bilde, endret")
    page.get_by_role("button", name="Lagre endringer").click()  # gives the history a row
    for path in [
        "/redaksjon/",
        "/redaksjon/nyheter/",
        "/redaksjon/nyheter/ny/",
        news.get_edit_url(),
        news.get_absolute_url(),
        "/redaksjon/arrangementer/",
        "/redaksjon/arrangementer/ny/",
        event.get_edit_url(),
        "/redaksjon/lenker/",
        "/redaksjon/lenker/ny/",
        f"/redaksjon/lenker/{link.pk}/",
        "/redaksjon/tilbakemeldinger/",
        "/redaksjon/tilbakemeldinger/side/?sti=/avtaler/",
    ]:
        page.goto(path)
        assert page.get_by_role("heading", level=1).count() == 1, path
        assert_accessible(page)


def test_a_scheduled_item_is_published_by_the_clock(page, editor):
    """The editor schedules in the browser; readers see nothing until the time has come.

    (Assertions use expect(), which waits for the page that a click opens.)"""
    item = make_news("Kommer i morgen", "draft")
    login(page, "redaktor")
    page.goto(item.get_edit_url())
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    page.get_by_label("Publiseres").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Planlegg", exact=True).click()
    expect(page.get_by_text("Status: Planlagt")).to_be_visible()
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/nyheter/")
    assert page.get_by_text("Kommer i morgen").count() == 0
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    page.goto("/nyheter/")
    expect(page.get_by_text("Kommer i morgen")).to_be_visible()


def test_events_pages_show_upcoming_then_past_with_presentations(page):
    make_event("Kommende fagdag", starts_in=5 * DAY)
    past = make_event("Fagdag i fjor", starts_in=-300 * DAY)
    EventAttachment.objects.create(
        event=past,
        title="Foredrag om PLO",
        file=upload("a.pdf", pdf_bytes()),
        original_name="a.pdf",
        kind="pdf",
        size=2048,
    )
    page.goto("/arrangementer/")
    upcoming = page.get_by_role("region", name="Kommende arrangementer")
    earlier = page.get_by_role("region", name="Tidligere arrangementer og presentasjoner")
    expect(upcoming.get_by_role("link", name="Kommende fagdag")).to_be_visible()
    expect(earlier.get_by_role("link", name="Foredrag om PLO")).to_be_visible()
    assert Event.objects.count() == 2
