"""The whole portal's access matrix: every URL pattern × method × persona, with the status each must get.

The rows are checked against the URL configuration itself (the admin and static files
aside, which Django's own permissions guard): a new URL without a row fails
test_every_url_pattern_has_a_row, so nobody adds a page without deciding who may open it.
Outsiders get 404, never 403; 403 is only for those who may read a deviation but not act
on it. Each request runs in a savepoint rolled back afterwards, so one persona's POST
never changes what the next one sees.
"""

import dataclasses
import datetime
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from agreements.models import Measure as PlanMeasure
from agreements.models import Pathway, Plan, Project, ProjectDocument, Theme
from agreements.tests.conftest import make_routine, make_service, make_version, pdf_upload
from conftest import PERSONAS
from contacts.models import Body, Meeting, Person, Service, Unit
from deviations.models import LearningSummary, Measure
from deviations.tests.conftest import make_deviation, report_data
from portal.models import EventAttachment, Link, PageFeedback
from portal.tests.conftest import image_bytes, make_event, make_news, make_page, pdf_bytes

ANONYMOUS = "anonymous"
NAMES = [name or ANONYMOUS for name in PERSONAS]

# Who may do what (samhandling.access), for the test deviation from Skien kommune to the hospital.
INBOX = {"hospital_handler", "skien_handler", "porsgrunn_handler", "quality", "superuser"}
STATISTICS = INBOX | {"coordinator", "coordinator_not_staff"}
ROW_EXPORTS = {"quality", "superuser"}
READS_THE_DEVIATION = {"hospital_handler", "skien_handler", "quality", "superuser"}
HANDLES_THE_DEVIATION = {"hospital_handler", "superuser"}
EDITORS = {"editor", "superuser"}
MAINTAINERS = {"coordinator", "coordinator_not_staff", "superuser"}


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(NAMES, status)


def logged_in(status: int, anonymous: int = 302) -> dict[str, int]:
    """A page behind the login: anonymous visitors are sent to it."""
    return everyone(status) | {ANONYMOUS: anonymous}


def only(allowed: set[str], status: int = 200, others: int = 404, anonymous: int = 302) -> dict[str, int]:
    return {name: status if name in allowed else others for name in NAMES} | {ANONYMOUS: anonymous}


def action(status: int) -> dict[str, int]:
    """A deviation action: its handlers get `status`, its other readers 403, outsiders 404."""
    return only(READS_THE_DEVIATION, 403) | {name: status for name in HANDLES_THE_DEVIATION}


@dataclasses.dataclass
class Row:
    name: str  # the URL pattern's name, namespaced
    path: str  # formatted with the world's objects: "/avvik/{w.deviation.reference}/"
    expected: dict[str, int]
    method: str = "get"
    data: Callable[["World"], dict] | dict | None = None

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}"


ROWS = [
    # --- portal --------------------------------------------------------------------------
    Row("portal:home", "/", everyone(200)),
    Row("identity_css", "/identitet.css", everyone(200)),
    Row("portal:news_list", "/nyheter/", everyone(200)),
    Row("portal:news_feed", "/nyheter/rss/", everyone(200)),
    Row("portal:news_detail", "/nyheter/{w.news.slug}/", everyone(200)),
    Row("portal:news_image", "/nyheter/{w.news.slug}/bilde/", everyone(200)),
    Row("portal:event_list", "/arrangementer/", everyone(200)),
    Row("portal:event_calendar", "/arrangementer/kalender.ics", everyone(200)),
    Row("portal:event_detail", "/arrangementer/{w.event.slug}/", everyone(200)),
    Row("portal:event_ics", "/arrangementer/{w.event.slug}/ics/", everyone(200)),
    Row("portal:event_attachment", "{w.attachment_url}", everyone(200)),
    Row("portal:links", "/lenker/", everyone(200)),
    Row("portal:pages", "/sider/", everyone(200)),
    Row("portal:page", "/sider/{w.page.slug}/", everyone(200)),
    # A draft page: editors preview it, everyone else is told nothing.
    Row("portal:page", "/sider/{w.draft_page.slug}/", only(EDITORS, others=404, anonymous=404)),
    Row("portal:search", "/sok/?q=samhandling", everyone(200)),
    Row("portal:sitemap", "/sitemap.xml", everyone(200)),
    Row("portal:sitemap_section", "/sitemap-news.xml", everyone(200)),
    Row("portal:robots", "/robots.txt", everyone(200)),
    Row("portal:accessibility", "/tilgjengelighet/", everyone(200)),
    Row("portal:feedback", "/tilbakemelding/", everyone(405)),
    Row("portal:feedback", "/tilbakemelding/", everyone(302), "post", {"path": "/", "found": "1", "comment": ""}),
    Row("portal:health", "/helse/", everyone(200)),
    Row("readiness", "/helse/klar/", everyone(200)),
    # The editors' pages: anonymous visitors to the login, other users are told nothing.
    Row("portal:editor_dashboard", "/redaksjon/", only(EDITORS)),
    Row("portal:editor_links", "/redaksjon/lenker/", only(EDITORS)),
    Row("portal:editor_link_create", "/redaksjon/lenker/ny/", only(EDITORS)),
    Row("portal:editor_link_create", "/redaksjon/lenker/ny/", only(EDITORS, 400), "post", {"title": ""}),
    Row("portal:editor_link_edit", "/redaksjon/lenker/{w.link.pk}/", only(EDITORS)),
    Row("portal:editor_link_delete", "/redaksjon/lenker/{w.link.pk}/slett/", everyone(405)),
    Row("portal:editor_link_delete", "/redaksjon/lenker/{w.link.pk}/slett/", only(EDITORS, 302), "post"),
    Row("portal:editor_feedback", "/redaksjon/tilbakemeldinger/", only(EDITORS)),
    Row("portal:editor_feedback_page", "/redaksjon/tilbakemeldinger/side/?sti=/", only(EDITORS)),
    Row("portal:editor_attachment_add", "/redaksjon/arrangementer/{w.event.pk}/presentasjoner/", everyone(405)),
    Row(
        "portal:editor_attachment_add",
        "/redaksjon/arrangementer/{w.event.pk}/presentasjoner/",
        only(EDITORS, 400),
        "post",
        {},
    ),
    Row(
        "portal:editor_attachment_delete",
        "/redaksjon/arrangementer/{w.event.pk}/presentasjoner/{w.attachment.pk}/slett/",
        only(EDITORS, 302),
        "post",
    ),
    Row("portal:editor_list", "/redaksjon/nyheter/", only(EDITORS)),
    Row("portal:editor_create", "/redaksjon/arrangementer/ny/", only(EDITORS)),
    Row("portal:editor_create", "/redaksjon/nyheter/ny/", only(EDITORS, 400), "post", {"title": ""}),
    Row("portal:editor_edit", "/redaksjon/nyheter/{w.news.pk}/", only(EDITORS)),
    Row("portal:editor_edit", "/redaksjon/nyheter/{w.news.pk}/", only(EDITORS, 400), "post", {"title": ""}),
    Row("portal:editor_publish", "/redaksjon/nyheter/{w.draft.pk}/publiser/", only(EDITORS, 302), "post"),
    Row("portal:editor_schedule", "/redaksjon/nyheter/{w.draft.pk}/planlegg/", only(EDITORS, 400), "post", {}),
    Row("portal:editor_unpublish", "/redaksjon/nyheter/{w.news.pk}/avpubliser/", only(EDITORS, 302), "post"),
    Row("portal:editor_list", "/redaksjon/sider/", only(EDITORS)),
    Row("portal:editor_create", "/redaksjon/sider/ny/", only(EDITORS, 400), "post", {"title": ""}),
    Row("portal:editor_edit", "/redaksjon/sider/{w.draft_page.pk}/", only(EDITORS)),
    Row("portal:editor_publish", "/redaksjon/sider/{w.draft_page.pk}/publiser/", only(EDITORS, 302), "post"),
    # --- contacts: everyone reads ----------------------------------------------------------
    Row("contacts:directory", "/kontakter/", everyone(200)),
    Row("contacts:person", "/kontakter/personer/{w.person.pk}/", everyone(200)),
    Row("contacts:person_vcard", "/kontakter/personer/{w.person.pk}/vcard/", everyone(200)),
    Row("contacts:region", "/kontakter/regioner/grenland/", everyone(200)),
    Row("contacts:organisation", "/kontakter/organisasjoner/{w.hospital.slug}/", everyone(200)),
    Row("contacts:plo_phone_list", "/kontakter/plo-telefonliste/", everyone(200)),
    Row("contacts:organisation_search", "/kontakter/organisasjonssok/?q=skien", everyone(200)),
    Row("contacts:bodies", "/utvalg/", everyone(200)),
    Row("contacts:body", "/utvalg/{w.body.slug}/", everyone(200)),
    Row("contacts:unit", "/kontakter/enheter/{w.unit.slug}/", everyone(200)),
    Row("contacts:unit_vcard", "/kontakter/enheter/{w.unit.slug}/vcard/", everyone(200)),
    Row("contacts:unit_suggestions", "/kontakter/enhetsforslag/?organisasjon={w.skien.pk}", everyone(200)),
    Row("contacts:services", "/tjenester/", everyone(200)),
    Row("contacts:service", "/tjenester/{w.service.slug}/", everyone(200)),
    Row("contacts:body_calendar", "/utvalg/{w.body.slug}/moter.ics", everyone(200)),
    Row("contacts:body_minutes", "/utvalg/{w.body.slug}/referater/", everyone(200)),
    Row("contacts:meeting_minutes", "{w.meeting.minutes_url}", everyone(200)),
    # --- agreements: everyone reads; coordinators maintain ----------------------------------
    Row("agreements:list", "/avtaler/", everyone(200)),
    Row("agreements:review", "/avtaler/til-revisjon/", only(MAINTAINERS, anonymous=404)),
    Row("agreements:agreement", "/avtaler/{w.agreement.slug}/", everyone(200)),
    Row("agreements:version_create", "/avtaler/{w.agreement.slug}/ny-versjon/", only(MAINTAINERS, anonymous=404)),
    Row(
        "agreements:version_create",
        "/avtaler/{w.agreement.slug}/ny-versjon/",
        only(MAINTAINERS, 400, anonymous=404),
        "post",
        {"label": ""},
    ),
    Row("agreements:version_document", "{w.version_document_url}", everyone(200)),
    Row("agreements:routines", "/rutiner/", everyone(200)),
    Row("agreements:routine", "/rutiner/{w.routine.slug}/", everyone(200)),
    Row("agreements:routine", "/rutiner/{w.draft_routine.slug}/", only(MAINTAINERS, anonymous=404)),
    Row("agreements:routine_document", "/rutiner/{w.routine.slug}/dokument/", everyone(200)),
    # The partnership's work: everyone reads; draft plans and the overdue list are the coordinators'.
    Row("agreements:plan_current", "/handlingsplan/", everyone(200)),
    Row("agreements:plan", "/handlingsplan/{w.plan.slug}/", everyone(200)),
    Row("agreements:plan", "/handlingsplan/{w.draft_plan.slug}/", only(MAINTAINERS, anonymous=404)),
    Row("agreements:plan_print", "/handlingsplan/{w.plan.slug}/utskrift/", everyone(200)),
    Row("agreements:measure", "{w.measure_url}", everyone(200)),
    Row("agreements:measure_progress", "{w.measure_url}framdrift/", only(MAINTAINERS, anonymous=404)),
    Row(
        "agreements:measure_progress",
        "{w.measure_url}framdrift/",
        only(MAINTAINERS, 400, anonymous=404),
        "post",
        {"text": ""},
    ),
    Row("agreements:overdue_measures", "/handlingsplan/over-frist/", only(MAINTAINERS, anonymous=404)),
    Row("agreements:pathways", "/forlop/", everyone(200)),
    Row("agreements:pathway", "/forlop/{w.pathway.slug}/", everyone(200)),
    Row("agreements:projects", "/prosjekter/", everyone(200)),
    Row("agreements:project", "/prosjekter/{w.project.slug}/", everyone(200)),
    Row("agreements:project_document", "{w.project_document_url}", everyone(200)),
    # --- deviations ----------------------------------------------------------------------
    Row("deviations:report", "/avvik/meld/", everyone(200)),
    Row("deviations:report", "/avvik/meld/", everyone(302), "post", lambda w: report_data(w.skien, w.hospital)),
    Row("deviations:receipt", "{w.receipt_path}", everyone(200)),
    Row("deviations:receipt", "{w.receipt_path}", everyone(302), "post", {"text": "Mer om saken."}),
    Row("deviations:mine", "/avvik/mine/", logged_in(200)),
    Row("deviations:inbox", "/avvik/", only(INBOX)),
    Row("deviations:statistics", "/avvik/statistikk/", only(STATISTICS)),
    Row("deviations:statistics", "/avvik/statistikk/?format=csv", only(STATISTICS)),
    Row("deviations:statistics", "/avvik/statistikk/?format=xlsx&rader=1", only(ROW_EXPORTS)),
    Row("deviations:annual_report_index", "/avvik/statistikk/arsrapport/", only(STATISTICS, 302)),
    Row("deviations:annual_report", "/avvik/statistikk/arsrapport/{w.last_year}/", only(STATISTICS)),
    Row("deviations:detail", "/avvik/{w.deviation.reference}/", only(READS_THE_DEVIATION)),
    Row("deviations:take", "/avvik/{w.deviation.reference}/ta/", logged_in(405)),
    Row("deviations:take", "/avvik/{w.deviation.reference}/ta/", action(302), "post"),
    Row("deviations:comment", "/avvik/{w.deviation.reference}/kommentar/", action(400), "post", {}),
    Row("deviations:answer", "/avvik/{w.deviation.reference}/svar/", action(400), "post", {}),
    Row("deviations:forward", "/avvik/{w.deviation.reference}/videresend/", action(200)),
    Row("deviations:forward", "/avvik/{w.deviation.reference}/videresend/", action(400), "post", {}),
    # A received deviation cannot be closed or reopened: the handler is told so on the page.
    Row("deviations:close", "/avvik/{w.deviation.reference}/lukk/", action(302), "post"),
    Row("deviations:reopen", "/avvik/{w.deviation.reference}/gjenapne/", action(302), "post"),
    Row("deviations:classify", "/avvik/{w.deviation.reference}/klassifisering/", logged_in(405)),
    Row("deviations:classify", "/avvik/{w.deviation.reference}/klassifisering/", action(400), "post", {}),
    Row("deviations:investigate", "/avvik/{w.deviation.reference}/utredning/", action(302), "post", {}),
    Row("deviations:add_measure", "/avvik/{w.deviation.reference}/tiltak/", action(400), "post", {}),
    # An invalid status change is told on the deviation's page.
    Row("deviations:change_measure", "/avvik/{w.deviation.reference}/tiltak/{w.measure.pk}/", action(302), "post", {}),
    # Nobody to nobody: told on the page that nothing changed.
    Row("deviations:assign", "/avvik/{w.deviation.reference}/tildel/", action(302), "post", {}),
    # The reporter's one reply: whoever holds the secret link (here before any answer: refused with 400).
    Row("deviations:learning_list", "/avvik/laering/", everyone(200)),
    Row("deviations:learning_detail", "/avvik/laering/{w.learning.pk}/", everyone(200)),
    # Kvalitetsutvalget writes learning summaries; the deviation's other readers may not.
    Row(
        "deviations:publish_learning",
        "/avvik/{w.deviation.reference}/laering/",
        only(READS_THE_DEVIATION, 403) | {"quality": 200, "superuser": 200},
    ),
    Row(
        "deviations:publish_learning",
        "/avvik/{w.deviation.reference}/laering/",
        only(READS_THE_DEVIATION, 403) | {"quality": 400, "superuser": 400},
        "post",
        {},
    ),
    Row("deviations:reporter_reply", "{w.receipt_path}vurdering/", everyone(405)),
    Row("deviations:reporter_reply", "{w.receipt_path}vurdering/", everyone(400), "post", {}),
    # --- accounts --------------------------------------------------------------------------
    Row("login", "/konto/logg-inn/", everyone(302) | {ANONYMOUS: 200}),
    Row("logout", "/konto/logg-ut/", everyone(405)),
    Row("logout", "/konto/logg-ut/", everyone(302), "post"),
    Row("password_change", "/konto/passord/", logged_in(200)),
    Row("password_change_done", "/konto/passord/endret/", logged_in(200)),
    Row("password_reset", "/konto/glemt-passord/", everyone(200)),
    Row("password_reset_done", "/konto/glemt-passord/sendt/", everyone(200)),
    Row("password_reset_confirm", "/konto/nytt-passord/MQ/feil-token/", everyone(200)),
    Row("password_reset_complete", "/konto/nytt-passord/ferdig/", everyone(200)),
    # Sign-in through OpenID Connect: no provider is configured here, so every provider is unknown
    # (portal/tests/test_oidc_sign_in.py signs in through a real one).
    Row("oidc_sign_in", "/konto/logg-inn/helseid/", everyone(404)),
    Row("oidc_callback", "/konto/logg-inn/helseid/tilbake/?code=x&state=y", everyone(404)),
    Row("oidc_signed_out", "/konto/logget-ut/", everyone(200)),
    Row("oidc_welcome", "/konto/velkommen/", logged_in(200)),
    # The work list exists only with a provider (test_oidc_sign_in.py tries it with one).
    Row("oidc_waiting_users", "/konto/venter-pa-rolle/", logged_in(404)),
    Row("oidc_waiting_users", "/konto/venter-pa-rolle/", logged_in(404), "post", {}),
    # --- the reader's language -------------------------------------------------------------
    Row("set_language", "/sprak/", everyone(405)),
    Row("set_language", "/sprak/", everyone(302), "post", {"language": "nn", "next": "/"}),
    Row("set_language", "/sprak/", everyone(400), "post", {"language": "sv"}),
]


@dataclasses.dataclass
class World:
    """One of everything a URL can point at."""

    skien: object
    hospital: object
    deviation: object
    measure: object
    learning: object
    receipt_path: str
    news: object
    draft: object
    event: object
    attachment: object
    attachment_url: str
    link: object
    person: object
    body: object
    agreement: object
    version_document_url: str
    routine: object
    draft_routine: object
    last_year: int
    page: object
    draft_page: object
    plan: object
    draft_plan: object
    measure_url: str
    pathway: object
    project: object
    project_document_url: str
    unit: object
    service: object
    meeting: object


@pytest.fixture
def world(skien, hospital, grenland) -> World:
    deviation = make_deviation(skien, hospital)
    news = make_news("Ny rutine for utskrivning", image_alt="Sykepleier ved sengen")
    news.image.save("bilde.png", ContentFile(image_bytes()), save=True)
    event = make_event("Fagdag om samhandling")
    attachment = EventAttachment(event=event, title="Lysark", original_name="lysark.pdf", kind="pdf", size=10)
    attachment.file.save("lysark.pdf", ContentFile(pdf_bytes()), save=True)
    agreement = make_service(5)
    version = make_version(agreement, "2023", datetime.date(2023, 1, 1))
    routine = make_routine("Rutine for utskrivning", agreements=[agreement])
    routine.document.save("r.pdf", pdf_upload())
    PageFeedback.objects.create(path="/", found=False, comment="")
    plan = Plan.objects.create(title="Handlingsplan 2025–2026", slug="2025-2026", first_year=2025, last_year=2026)
    plan.status = Plan.Status.ADOPTED
    plan.save()
    theme = Theme.objects.create(plan=plan, title="Barn og unge")
    measure = PlanMeasure.objects.create(theme=theme, title="Felles rutine for barn som pårørende")
    project = Project.objects.create(title="Digital hjemmeoppfølging")
    document = ProjectDocument(project=project, title="Mandat")
    document.document.save("m.pdf", pdf_upload(), save=True)
    unit = Unit.objects.create(organisation=skien, name="Tildelingskontoret", kind=Unit.Kind.ALLOCATION_OFFICE)
    body = Body.objects.create(name="Strategisk samarbeidsutvalg", kind=Body.Kind.values[0])
    meeting = Meeting.objects.create(body=body, starts_at=deviation.received_at - datetime.timedelta(days=7))
    meeting.minutes.save("referat.pdf", ContentFile(pdf_bytes()), save=True)
    service = Service.objects.create(
        name="Hverdagsrehabilitering",
        kind=Service.Kind.REHABILITATION,
        target_group="elderly",
        provider=skien,
        summary=".",
    )
    return World(
        skien=skien,
        hospital=hospital,
        deviation=deviation,
        measure=Measure.objects.create(
            deviation=deviation, description="Ny sjekkliste", owner="Sengepost", due_on=datetime.date(2030, 1, 1)
        ),
        learning=LearningSummary.objects.create(
            title="Epikrisen før hjemreise",
            body="Sengepostene sender nå epikrisen før pasienten reiser.",
            category="discharge",
            published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        ),
        receipt_path=deviation.receipt_path(),
        news=news,
        draft=make_news("Utkast til nyhet", state="draft"),
        event=event,
        attachment=attachment,
        attachment_url=attachment.get_absolute_url(),
        link=Link.objects.create(group=Link.Group.values[0], title="Helsedirektoratet", url="https://example.org/"),
        person=Person.objects.create(name="Ragna Bitustøyl", organisation=skien),
        body=body,
        agreement=agreement,
        version_document_url=version.get_document_url(),
        routine=routine,
        draft_routine=make_routine("Utkast til rutine", status="draft", agreements=[agreement]),
        last_year=deviation.received_at.year - 1,
        page=make_page("Om helsefellesskapet"),
        draft_page=make_page("Brukermedvirkning", state="draft"),
        plan=plan,
        draft_plan=Plan.objects.create(
            title="Handlingsplan 2027–2028", slug="2027-2028", first_year=2027, last_year=2028
        ),
        measure_url=measure.get_absolute_url(),
        pathway=Pathway.objects.create(title="Samhandlingsforløpet"),
        project=project,
        project_document_url=document.get_document_url(),
        unit=unit,
        service=service,
        meeting=meeting,
    )


@pytest.fixture
def personas(request) -> dict[str, object]:
    return {name or ANONYMOUS: request.getfixturevalue(name) if name else None for name in PERSONAS}


class Rollback(Exception):
    pass


def status_for(client, user, row: Row, world: World) -> int:
    """The status `user` gets; whatever the request changed is rolled back."""
    client.logout()
    if user is not None:
        client.force_login(user)
    data = row.data(world) if callable(row.data) else (row.data or {})
    try:
        with transaction.atomic():
            status = getattr(client, row.method)(row.path.format(w=world), data).status_code
            raise Rollback
    except Rollback:
        return status


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_each_persona_gets_the_expected_status(client, world, personas, row):
    actual = {name: status_for(client, user, row, world) for name, user in personas.items()}
    assert actual == row.expected


def url_pattern_names(patterns=None, namespace: str = "") -> set[str]:
    """Every URL pattern's namespaced name, the admin's aside."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_pattern_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if pattern.lookup_str.startswith("django.views.static"):
                continue
            names.add(f"{namespace}{pattern.name or pattern.pattern}")
    return names


def test_every_url_pattern_has_a_row():
    names = url_pattern_names()
    assert len(names) > 50  # the walk found the URL configuration
    assert names - {row.name for row in ROWS} == set(), "URL patterns without a row in the access matrix"
    assert {row.name for row in ROWS} - names == set(), "rows for URL patterns that no longer exist"


# --- The menu ---------------------------------------------------------------------------------


class NavigationLinks(HTMLParser):
    """The links of the page header's menus (the <nav> elements inside <header>)."""

    def __init__(self):
        super().__init__()
        self.in_header = self.in_nav = False
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "header":
            self.in_header = True
        elif tag == "nav" and self.in_header:
            self.in_nav = True
        elif tag == "a" and self.in_nav:
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False
        elif tag == "header":
            self.in_header = False


def menu_links(html: str) -> list[str]:
    parser = NavigationLinks()
    parser.feed(html)
    return parser.links


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_every_menu_link_a_persona_sees_answers_200_for_them(client, persona):
    if persona:
        client.force_login(persona)
    links = menu_links(client.get("/").content.decode())
    assert "/avvik/meld/" in links
    refused = {link: status for link in links if (status := client.get(link).status_code) != 200}
    assert refused == {}


@pytest.mark.parametrize(
    "persona, tools",
    [
        ("homeless_handler", ["/avvik/mine/", "/konto/passord/"]),
        ("coordinator_not_staff", ["/avvik/mine/", "/avvik/statistikk/", "/konto/passord/"]),
        ("hospital_handler", ["/avvik/mine/", "/avvik/", "/avvik/statistikk/", "/konto/passord/"]),
        ("superuser", ["/avvik/mine/", "/avvik/", "/avvik/statistikk/", "/redaksjon/", "/admin/", "/konto/passord/"]),
    ],
    indirect=["persona"],
)
def test_the_tools_menu_offers_exactly_what_the_policy_allows(client, persona, tools):
    """A handler without an organisation has no inbox or statistics, so the menu offers none."""
    client.force_login(persona)
    links = menu_links(client.get("/").content.decode())
    tools_links = [link for link in links if link.startswith(("/avvik/", "/redaksjon/", "/admin/", "/konto/"))]
    assert [link for link in tools_links if link != "/avvik/meld/"] == tools


class AllLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)


@pytest.mark.parametrize("persona", ["coordinator_not_staff", "coordinator", "superuser"], indirect=True)
def test_the_maintainers_links_on_agreement_and_routine_pages_answer_200_for_them(client, world, persona):
    """A coordinator without an admin account is offered the site's forms, not the admin's."""
    client.force_login(persona)
    offered = []
    for page in (world.agreement.get_absolute_url(), world.routine.get_absolute_url()):
        parser = AllLinks()
        parser.feed(client.get(page).content.decode())
        offered += [link for link in parser.links if link.startswith("/admin/") or link.endswith("/ny-versjon/")]
    assert any(link.endswith("/ny-versjon/") for link in offered)
    assert any(link.startswith("/admin/") for link in offered) == persona.is_staff
    assert {link: status for link in offered if (status := client.get(link).status_code) != 200} == {}
