"""Universal design (WCAG 2.1 AA) measured in Chromium on pages rendered from the demo data.

The demo partnership is loaded by `manage.py load_demo` itself before each test, so
the pages carry real lengths of names, e-mail addresses and dates, not only fixtures'.
Every page type is visited, forms also in their error state.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import Agreement, Routine
from conftest import assert_accessible, assert_valid_html
from contacts.models import Body, Organisation, Person, Region, Service, Unit
from deviations.models import Deviation
from portal.models import Event, NewsItem

pytestmark = pytest.mark.browser

UD_SOURCE = (Path(__file__).parent / "universal_design.js").read_text()
WIDTHS = (320, 375, 768, 1366)
# WCAG 1.4.12's bookmarklet styles: the text spacing a reader may set without losing content.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.fixture
def demo_pages(transactional_db):
    """Loads the demo data with load_demo's own code and names one page of every type.

    Returns {persona: [(name, path, form_to_submit_empty or None)]}; persona None is anonymous.
    The live server needs committed data, so each test loads it (about ten seconds).
    """
    call_command("load_demo", stdout=io.StringIO())
    news = NewsItem.objects.published().first()
    event = Event.objects.order_by("-starts_at").first()
    handled = Deviation.objects.filter(concerned_organisation__name="Skien kommune").first()
    anonymous = [
        ("forside", "/", None),
        ("nyheter", "/nyheter/", None),
        ("nyhet", news.get_absolute_url(), None),
        ("arrangementer", "/arrangementer/", None),
        ("arrangement", event.get_absolute_url(), None),
        ("lenker", "/lenker/", None),
        ("kontakter", "/kontakter/", None),
        ("kontaktsøk", "/kontakter/?q=koordinator", None),
        ("person", Person.objects.order_by("pk").first().get_absolute_url(), None),
        ("region", Region.objects.get(name="Grenland").get_absolute_url(), None),
        ("organisasjon", Organisation.objects.get(name="Skien kommune").get_absolute_url(), None),
        ("plo-telefonliste", "/kontakter/plo-telefonliste/", None),
        ("enhet", Unit.objects.get(slug="tildelingskontoret-porsgrunn-kommune").get_absolute_url(), None),
        ("enhetssøk", "/kontakter/?q=tildeling", None),
        ("sykehus med enheter", Organisation.objects.get(name="Sykehuset Telemark HF").get_absolute_url(), None),
        ("tjenester", "/tjenester/", None),
        ("tjenester med feil", "/tjenester/?kommune=Atlantis&malgruppe=x", None),
        ("tjeneste", Service.objects.get(name="Ambulant akutteam").get_absolute_url(), None),
        ("utvalg med møter", Body.objects.get(name="Strategisk samarbeidsutvalg (SSU)").get_absolute_url(), None),
        (
            "referater",
            Body.objects.get(name="Strategisk samarbeidsutvalg (SSU)").get_absolute_url() + "referater/",
            None,
        ),
        ("utvalg", "/utvalg/", None),
        ("et utvalg", Body.objects.order_by("pk").first().get_absolute_url(), None),
        ("avtaler", "/avtaler/", None),
        ("avtale", Agreement.objects.order_by("pk").first().get_absolute_url(), None),
        ("rutiner", "/rutiner/", None),
        ("rutine", Routine.objects.order_by("pk").first().get_absolute_url(), None),
        ("søk", "/sok/?q=utskrivning", None),
        ("helsefellesskapet", "/sider/", None),
        ("side", "/sider/om-helsefellesskapet/", None),
        ("handlingsplan", "/handlingsplan/", None),
        ("handlingsplan, utskrift", "/handlingsplan/2025-2026/utskrift/", None),
        ("tiltak", "/handlingsplan/2025-2026/tiltak/riktig-legemiddelliste-ved-alle-overganger/", None),
        ("pasientforløp", "/forlop/", None),
        ("et pasientforløp", "/forlop/samhandlingsforlopet/", None),
        ("prosjekter", "/prosjekter/", None),
        ("prosjekt", "/prosjekter/digital-hjemmeoppfolging-i-telemark/", None),
        ("tilgjengelighet", "/tilgjengelighet/", None),
        ("ikke funnet", "/finnes-ikke/", None),
        ("meld avvik", "/avvik/meld/", None),
        ("meld avvik med feil", "/avvik/meld/", "form.deviation-form"),
        ("innlogging med feil", "/konto/logg-inn/", "main form"),
        ("tilbakemelding med feil", "/lenker/", "form.feedback-form"),
    ]
    handler = [
        ("innboks", "/avvik/", None),
        ("innboks, forfalte", "/avvik/?overdue=on", None),
        ("avvik", handled.get_absolute_url(), None),
        ("mine meldinger", "/avvik/mine/", None),
        ("statistikk", "/avvik/statistikk/", None),
        ("statistikk med feil", "/avvik/statistikk/?fra=2026-06-01&til=2026-01-01", None),
        ("statistikk per enhet med feil", "/avvik/statistikk/?enhet=Sengepost", None),
        ("årsrapport", "/avvik/statistikk/arsrapport/", None),
        ("bytt passord med feil", "/konto/passord/", "main form"),
    ]
    editor = [
        ("redaksjon", "/redaksjon/", None),
        ("nyhetsliste", "/redaksjon/nyheter/", None),
        ("ny nyhet med feil", "/redaksjon/nyheter/ny/", "main form"),
        ("sider", "/redaksjon/sider/", None),
        ("ny side med feil", "/redaksjon/sider/ny/", "main form"),
        ("tilbakemeldinger", "/redaksjon/tilbakemeldinger/", None),
    ]
    coordinator = [
        ("til revisjon", "/avtaler/til-revisjon/", None),
        ("tiltak over frist", "/handlingsplan/over-frist/", None),
        ("handlingsplan for koordinator", "/handlingsplan/", None),
        (
            "framdrift med feil",
            "/handlingsplan/2025-2026/tiltak/riktig-legemiddelliste-ved-alle-overganger/framdrift/",
            "main form",
        ),
        (
            "ny avtaleversjon med feil",
            Agreement.objects.order_by("pk").first().get_absolute_url() + "ny-versjon/",
            "main form",
        ),
    ]
    return {None: anonymous, "skien": handler, "redaktor": editor, "koordinator": coordinator}


def _visit(page, path, form):
    page.goto(path)
    if form:
        # Submitting the form empty (or as it stands) shows its error state; the browser's own
        # checks are skipped so the server's messages and error summary are what is measured.
        page.evaluate("selector => document.querySelector(selector).noValidate = true", form)
        page.locator(form).locator("button[type=submit]").last.click()
        page.wait_for_load_state()
        assert page.locator(".ds-error-summary").count() == 1, f"{path}: no error summary after submitting {form}"
    page.evaluate(UD_SOURCE)


def _log_in(page, username):
    if username:
        page.goto("/konto/logg-inn/")
        # By name, not label: the labels are "Brukernavn" in bokmål and "Brukarnamn" in nynorsk.
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill("demo")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator('form[action$="/logg-ut/"]').count() == 1, f"{username} could not log in"


def _each_page(page, demo_pages, language=None, server_url=None):
    """Every demo page per persona; in `language` (the reader's choice, kept in its cookie) if given."""
    for username, pages in demo_pages.items():
        page.context.clear_cookies()
        if language:
            page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": server_url}])
        _log_in(page, username)
        for name, path, form in pages:
            yield username, name, path, form


def test_no_page_scrolls_sideways_at_320_375_768_or_1366_pixels(page, demo_pages):
    wide = []
    for username, name, path, form in _each_page(page, demo_pages):
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            _visit(page, path, form)
            measured = page.evaluate("ud.horizontalOverflow()")
            if measured["scrollWidth"] > measured["innerWidth"]:
                wide.append(f"{name} ({username or 'anonym'}) at {width}px: {measured['scrollWidth']}px wide")
    assert not wide, "Pages scroll sideways:\n" + "\n".join(wide)


def test_every_control_and_the_focus_indicator_reach_3_to_1_against_their_background(page, demo_pages):
    page.set_viewport_size({"width": 1366, "height": 900})
    faint = []
    for username, name, path, form in _each_page(page, demo_pages):
        _visit(page, path, form)
        for control in page.evaluate("ud.controlContrast()"):
            if control["ratio"] < 3:
                faint.append(f"{name}: {control['control']} ({control['how']}) {control['ratio']}:1")
        page.locator("body").focus()
        for _ in range(30):
            page.keyboard.press("Tab")
            focus = page.evaluate("ud.focusContrast()")
            if focus and focus["ratio"] < 3:
                faint.append(f"{name}: focus on {focus['control']} {focus['ratio']}:1")
    assert not faint, "Non-text contrast below 3:1:\n" + "\n".join(sorted(set(faint)))


@pytest.fixture
def spacing_page(browser, live_server):
    """A page that may inject the text-spacing styles (the portal's CSP forbids inline style)."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nb-NO")
    yield context.new_page()
    context.close()


def test_text_spacing_and_200_percent_zoom_cut_off_no_text(spacing_page, demo_pages):
    page = spacing_page
    problems = []
    for username, name, path, form in _each_page(page, demo_pages):
        # 200 % zoom of a 1,366 px window is a 683 px wide layout; then the wide window with spacing.
        for width, spacing in ((683, False), (1366, True), (375, True)):
            page.set_viewport_size({"width": width, "height": 800})
            _visit(page, path, form)
            if spacing:
                page.add_style_tag(content=TEXT_SPACING)
            clipped = page.evaluate("ud.clippedText()")
            measured = page.evaluate("ud.horizontalOverflow()")
            label = f"{name} at {width}px{' with text spacing' if spacing else ''}"
            problems += [f"{label}: text cut off in {element}" for element in clipped]
            if measured["scrollWidth"] > measured["innerWidth"]:
                problems.append(f"{label}: {measured['scrollWidth']}px wide")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_axe_and_the_html_checker_find_no_error_on_the_demo_pages(page, demo_pages, language, live_server):
    documents = {}
    for username, name, path, form in _each_page(page, demo_pages, language, live_server.url):
        for width in (375, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            _visit(page, path, form)
            assert page.locator("html").get_attribute("lang") == language, f"{name} is not in {language}"
            assert_accessible(page)
        documents[f"{name} ({username or 'anonym'})"] = page.content()
    assert_valid_html(documents)


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 375, "height": 812}
    )
    yield context.new_page()
    context.close()


def test_the_phone_menu_is_one_toggle_that_works_without_javascript(phone_without_javascript, demo_pages):
    page = phone_without_javascript
    page.goto("/")
    menu = page.get_by_role("navigation", name="Hovedmeny")
    assert not menu.get_by_role("link", name="Kontakter").is_visible()
    toggles = page.locator("header summary")
    assert toggles.count() == 1
    toggles.click()
    expect(menu.get_by_role("link", name="Kontakter")).to_be_visible()
    menu.get_by_role("link", name="Kontakter").click()
    assert page.url.endswith("/kontakter/")
    # On a wide screen the menu is simply there, no toggle.
    page.set_viewport_size({"width": 1366, "height": 900})
    assert not page.locator("header summary").is_visible()
    assert page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Avtaler og rutiner").is_visible()


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1366, 900)])
def test_the_front_page_first_screen_shows_who_we_are_and_the_three_errands(page, demo_pages, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/")
    main = page.get_by_role("main")
    first_screen = [
        main.get_by_role("heading", level=1),
        main.get_by_text("Helsefellesskapet der kommunene og helseforetaket"),
        main.get_by_role("link", name="Meld avvik"),
        main.get_by_role("link", name="Finn kontakt"),
        main.get_by_role("link", name="Avtaler og rutiner"),
    ]
    for element in first_screen:
        box = element.bounding_box()
        assert box and box["y"] + box["height"] <= height, f"{element} is below the first screen"


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1366, 900)])
def test_the_statistics_page_shows_the_key_figures_before_the_folded_filters(page, demo_pages, width, height):
    page.set_viewport_size({"width": width, "height": height})
    _log_in(page, "skien")
    page.goto("/avvik/statistikk/")
    assert not page.get_by_label("Kategori", exact=True).is_visible()
    heading = page.get_by_role("heading", name="Nøkkeltall").bounding_box()
    assert heading["y"] + heading["height"] <= height
    page.get_by_text("Filter og periode").click()
    expect(page.get_by_label("Kategori", exact=True)).to_be_visible()


def test_the_inbox_and_my_reports_stack_their_rows_on_a_phone(page, demo_pages):
    page.set_viewport_size({"width": 375, "height": 812})
    _log_in(page, "skien")
    for path in ("/avvik/", "/avvik/mine/"):
        page.goto(path)
        row = page.locator("table.inbox-table tbody tr").first
        assert row.evaluate("row => getComputedStyle(row).display") == "block"
        # Each cell says what it is, since the column headings are out of sight.
        labels = row.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c, '::before').content)")
        assert '"Status: "' in labels and '"Svarfrist: "' in labels
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_every_page_has_a_meta_description_and_the_favicon_answers(page, demo_pages):
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    descriptions = {}
    for username, name, path, form in _each_page(page, demo_pages):
        page.goto(path)
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and len(description) > 40, f"{name} has no useful meta description"
        descriptions[name] = description
    assert descriptions["nyhet"] != descriptions["forside"]
    assert descriptions["meld avvik"] != descriptions["forside"]
