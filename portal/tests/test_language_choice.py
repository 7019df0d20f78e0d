"""Bokmål or nynorsk, chosen by the reader: the form on every page, the cookie, the browser's
Accept-Language, a user's stored choice, and the e-mails that follow the reader's language."""

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import formats, timezone, translation

from agreements.tests.conftest import make_routine, make_service
from deviations import services
from deviations.models import Deviation
from deviations.tests.conftest import report_data
from portal.models import Event, NewsItem
from samhandling import languages, readercache


def html_lang(response) -> str:
    found = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert found, "the page has no <html lang>"
    return found.group(1)


def choose(client, language: str, next_path: str = "/"):
    return client.post("/sprak/", {"language": language, "next": next_path})


def test_every_page_offers_bokmal_and_nynorsk_with_the_current_one_marked(client, db):
    page = client.get("/kontakter/").content.decode()
    form = re.search(r'<form class="portal-language".*?</form>', page, re.S).group(0)
    assert 'action="/sprak/"' in form and 'method="post"' in form
    assert '<input type="hidden" name="next" value="/kontakter/">' in form
    assert re.search(r'value="nb" lang="nb" aria-current="true">Bokmål</button>', form)
    assert re.search(r'value="nn" lang="nn">Nynorsk</button>', form)


def test_choosing_nynorsk_keeps_the_address_and_changes_the_text_and_the_html_lang(client, db):
    before = client.get("/avvik/meld/")
    assert html_lang(before) == "nb"
    assert "Hva vil du melde?" in before.content.decode()

    response = choose(client, "nn", "/avvik/meld/")
    assert response.status_code == 302
    assert response["Location"] == "/avvik/meld/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nn"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["samesite"] == "Lax"

    after = client.get("/avvik/meld/")
    page = after.content.decode()
    assert html_lang(after) == "nn"
    assert after["Content-Language"] == "nn"
    assert "Kva vil du melde?" in page and "Hva vil du melde?" not in page
    assert re.search(r'value="nn" lang="nn" aria-current="true">Nynorsk</button>', page)

    choose(client, "nb")
    back = client.get("/avvik/meld/")
    assert html_lang(back) == "nb" and "Hva vil du melde?" in back.content.decode()


def test_the_front_page_introduces_the_partnership_in_the_readers_language(client, db):
    choose(client, "nn")
    page = client.get("/").content.decode()
    assert "Helsefellesskapet der kommunane og helseføretaket samarbeider om pasientane dei deler." in page
    choose(client, "nb")
    assert "der kommunene og helseforetaket samarbeider" in client.get("/").content.decode()


def test_dates_come_from_djangos_nynorsk_locale(client, db):
    saturday = datetime.date(2026, 11, 28)
    with translation.override("nn"):
        assert formats.date_format(saturday, "l j. F Y") == "laurdag 28. november 2026"
    with translation.override("nb"):
        assert formats.date_format(saturday, "l j. F Y") == "lørdag 28. november 2026"


def test_a_choice_of_something_else_changes_nothing_and_a_foreign_next_is_not_followed(client, db):
    response = choose(client, "sv", "/kontakter/")
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert html_lang(client.get("/")) == "nb"
    response = choose(client, "nn", "https://evil.example.org/")
    assert response["Location"] == "/"
    assert client.get("/sprak/").status_code == 405


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nn-NO,nn;q=0.9,nb;q=0.8", "nn"),
        ("nn", "nn"),
        ("no-NO-nynorsk", "nn"),
        ("no-nyn", "nn"),
        ("nb-NO,nb;q=0.9,nn;q=0.8", "nb"),
        ("no", "nb"),
        ("en-GB,en;q=0.9,nn;q=0.5", "nn"),
        ("en-GB,en;q=0.9,nb;q=0.7,nn;q=0.5", "nb"),
        ("de-DE,en;q=0.9", "nb"),
        ("nn;q=0,nb;q=0.5", "nb"),
        ("", "nb"),
    ],
)
def test_the_browsers_accept_language_decides_until_the_reader_chooses(client, db, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert html_lang(response) == expected
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_cookie_wins_over_the_browsers_language(client, db):
    choose(client, "nb")
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="nn-NO")) == "nb"


def test_a_logged_in_users_choice_is_stored_and_follows_them_to_a_new_browser(client, plain_user, db):
    client.force_login(plain_user)
    choose(client, "nn")
    plain_user.refresh_from_db()
    assert plain_user.language == "nn"

    client.cookies.clear()
    client.force_login(plain_user)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nb-NO")
    assert html_lang(response) == "nn"
    assert "Logg ut" in response.content.decode()


def test_an_anonymous_choice_stores_nothing(client, plain_user, db):
    choose(client, "nn")
    plain_user.refresh_from_db()
    assert plain_user.language == ""
    assert languages.for_user(plain_user) == "nb"


def test_a_users_password_reset_mail_is_in_their_language(client, plain_user, db, django_capture_on_commit_callbacks):
    plain_user.email = "nynorsk@example.org"
    plain_user.language = "nn"
    plain_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        # Asked from a browser in bokmål: the mail still follows the user's stored choice.
        client.post("/konto/glemt-passord/", {"email": "nynorsk@example.org"}, HTTP_ACCEPT_LANGUAGE="nb")
    (message,) = mail.outbox
    assert message.subject == "Nytt passord til Samhandlingsportalen"
    assert (
        "Brukarnamnet ditt er vanlig." in message.body and "Gå til denne sida og vel eit nytt passord:" in message.body
    )

    plain_user.language = ""
    plain_user.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/glemt-passord/", {"email": "nynorsk@example.org"}, HTTP_ACCEPT_LANGUAGE="nn")
    (message,) = mail.outbox
    assert "Brukernavnet ditt er vanlig." in message.body


def test_a_report_sent_in_nynorsk_gets_its_receipt_and_answer_in_nynorsk(
    client, skien, hospital, hospital_handler, django_capture_on_commit_callbacks
):
    choose(client, "nn")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/avvik/meld/", report_data(skien, hospital))
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert deviation.language == "nn"
    receipt = next(m for m in mail.outbox if m.to == ["kari.nordmann@skien.kommune.example.org"])
    arrival = next(m for m in mail.outbox if m.to == ["avvik@sthf.example.org"])
    assert receipt.subject == f"Kvittering: meldinga di er motteken ({deviation.reference})"
    assert "Takk for at du melde frå. Meldinga er motteken." in receipt.body
    assert "Utskriving" in receipt.body
    # The receiving organisation's inbox reads the site's language.
    assert "Utskrivning" in arrival.body and "Meldinga" not in arrival.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(deviation, hospital_handler, "Vi har endra rutinen.")
    (answer,) = mail.outbox
    assert answer.subject == f"Svar på meldinga di ({deviation.reference})"
    assert "har svart på meldinga di" in answer.body


def test_a_report_sent_in_bokmal_stays_in_bokmal(client, skien, hospital, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/avvik/meld/", report_data(skien, hospital), HTTP_ACCEPT_LANGUAGE="nb-NO")
    assert Deviation.objects.get().language == "nb"
    receipt = next(m for m in mail.outbox if m.to == ["kari.nordmann@skien.kommune.example.org"])
    assert "Takk for at du meldte fra. Meldingen er mottatt." in receipt.body


def test_a_news_item_marked_nynorsk_carries_lang_nn_whatever_the_readers_language(client, editor, db):
    item = NewsItem.objects.create(
        title="Ny rutine for utskriving",
        lead="Kommunane og sjukehuset har vorte samde om ein ny rutine.",
        body="Rutinen gjeld frå 1. januar.",
        language="nn",
        status=NewsItem.Status.PUBLISHED,
        publish_at=timezone.now(),
        created_by=editor,
    )
    for reader_language in ("nb", "nn"):
        choose(client, reader_language)
        page = client.get(item.get_absolute_url()).content.decode()
        assert f'<html lang="{reader_language}"' in page
        assert '<h1 lang="nn">Ny rutine for utskriving</h1>' in page
        assert '<p class="lead" lang="nn">Kommunane og sjukehuset' in page
        assert '<div class="rich-text" lang="nn">' in page
        listing = client.get("/nyheter/").content.decode()
        assert re.search(r'class="heading-xs" lang="nn"><a href="[^"]+">Ny rutine for utskriving', listing)


def test_the_editor_chooses_the_written_standard_of_a_news_item(client, editor, db):
    client.force_login(editor)
    form = client.get("/redaksjon/nyheter/ny/").content.decode()
    assert re.search(r'<select name="language"[^>]*>\s*<option value="nb" selected>Bokmål</option>', form)
    client.post("/redaksjon/nyheter/ny/", {"title": "Samling i Vinje", "lead": "Vi møtest i mai.", "language": "nn"})
    item = NewsItem.objects.get(title="Samling i Vinje")
    assert item.language == "nn"
    # An edit that sends no choice keeps it.
    client.post(item.get_edit_url(), {"title": "Samling i Vinje", "lead": "Vi møtest i juni."})
    item.refresh_from_db()
    assert (item.lead, item.language) == ("Vi møtest i juni.", "nn")


def test_the_statistics_export_has_nynorsk_headers_for_a_nynorsk_reader(client, quality, db):
    client.force_login(quality)
    choose(client, "nn")
    response = client.get("/avvik/statistikk/?format=csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Inndeling;Gruppe;Tal;Svara innan fristen;Svara etter fristen;Ikkje svara")
    assert "Del svara innan fristen (%)" in header


def test_a_routine_and_an_agreement_written_in_nynorsk_carry_lang_nn(client, db):
    agreement = make_service(5, summary="Avtalen gjeld utskrivingsklare pasientar.", language="nn")
    routine = make_routine("Rutine for utskriving", agreements=[agreement], body="Ring sjukehuset.", language="nn")
    page = client.get(routine.get_absolute_url()).content.decode()
    assert '<html lang="nb"' in page
    assert '<h1 lang="nn">Rutine for utskriving</h1>' in page
    assert '<div class="routine-body prose" lang="nn">' in page
    assert re.search(r'<a href="[^"]+" lang="nn">Rutine for utskriving</a>', client.get("/rutiner/").content.decode())
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert re.search(r'<h1 lang="nn">Tjenesteavtale 5: ', page)
    assert '<div class="prose" lang="nn"><p>Avtalen gjeld utskrivingsklare pasientar.</p>' in page


def test_an_event_marked_nynorsk_carries_lang_nn(client, editor, db):
    starts = timezone.now() + datetime.timedelta(days=10)
    event = Event.objects.create(
        title="Fagdag om utskriving",
        description="Vi går gjennom den nye rutinen.",
        language="nn",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status=Event.Status.PUBLISHED,
        publish_at=timezone.now(),
        created_by=editor,
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<h1 lang="nn">Fagdag om utskriving</h1>' in page
    assert '<div class="rich-text" lang="nn">' in page
    assert 'class="heading-xs" lang="nn"><a' in client.get("/arrangementer/").content.decode()
    client.force_login(editor)
    assert 'name="language"' in client.get("/redaksjon/arrangementer/ny/").content.decode()


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example.org"}])
def test_another_site_cannot_choose_the_language_for_a_visitor(client, db, headers):
    response = client.post("/sprak/", {"language": "nn", "next": "/"}, headers=headers)
    assert response.status_code == 403
    assert html_lang(client.get("/kontakter/")) == "nb"


@pytest.mark.usefixtures("reader_cache")
def test_a_kept_reader_page_is_kept_per_language_and_carries_no_csrf_token(db):
    bokmal, nynorsk = Client(), Client(HTTP_ACCEPT_LANGUAGE="nn")
    for reader, language in ((bokmal, "nb"), (nynorsk, "nn"), (bokmal, "nb"), (nynorsk, "nn")):
        response = reader.get("/nyheter/")
        assert html_lang(response) == language
        assert "csrfmiddlewaretoken" not in response.content.decode()
    # The second round came from the cache, each in its own language.
    assert response.get(readercache.HIT_HEADER) == "hit"
