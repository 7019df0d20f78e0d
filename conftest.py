"""Fixtures shared by every app's tests: personas, the browser and the axe check.

Personas follow the roles of docs/domain.md: an anonymous reader, a plain logged-in user, and one
user per role group, each in an organisation of the Telemark demo partnership; and the
edge cases the access policy must get right: a handler without an organisation and a
coordinator who is not staff. PERSONAS names them all, for permission matrices.
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.utils import translation

from contacts import roles
from contacts.models import Organisation, Region, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 costs half a second per persona on a busy 2-core machine; tests need no strength.

    contacts/tests/test_accounts.py checks the production hasher itself.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores uploads in a folder of its own, never in .data/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_fragments():
    """The per-process cache of rendered form fragments (settings.CACHES) starts empty in every test."""
    caches["fragments"].clear()


# --- Organisations and personas -------------------------------------------------------


@pytest.fixture(autouse=True)
def bokmal():
    """Every test starts in bokmål. A request leaves its language active in the thread (as
    Django's LocaleMiddleware does: the next request activates its own), so a test after one
    in nynorsk would otherwise build its messages in nynorsk, depending on the order."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def reader_cache_off(settings):
    """Tests see each view's own rendering; the caches' tests ask for `reader_cache` or `handler_page_cache`."""
    settings.READER_CACHE = False
    settings.HANDLER_PAGE_CACHE = False


@pytest.fixture
def reader_cache(settings):
    """Anonymous reader pages kept and served as in production (samhandling.readercache)."""
    settings.READER_CACHE = True


@pytest.fixture
def handler_page_cache(settings):
    """A handler's inbox and deviation pages kept and served as in production (deviations.handlerpages)."""
    settings.HANDLER_PAGE_CACHE = True


@pytest.fixture
def grenland(db):
    return Region.objects.get_or_create(name="Grenland")[0]


@pytest.fixture
def hospital(db):
    return Organisation.objects.get_or_create(
        name="Sykehuset Telemark HF",
        defaults={"kind": Organisation.Kind.HOSPITAL_TRUST, "deviation_email": "avvik@sthf.example.org"},
    )[0]


@pytest.fixture
def skien(grenland):
    return Organisation.objects.get_or_create(
        name="Skien kommune",
        defaults={
            "kind": Organisation.Kind.MUNICIPALITY,
            "region": grenland,
            "deviation_email": "avvik@skien.example.org",
        },
    )[0]


@pytest.fixture
def porsgrunn(grenland):
    return Organisation.objects.get_or_create(
        name="Porsgrunn kommune",
        defaults={
            "kind": Organisation.Kind.MUNICIPALITY,
            "region": grenland,
            "deviation_email": "avvik@porsgrunn.example.org",
        },
    )[0]


def make_user(username, organisation=None, role=None, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, organisation=organisation, **extra)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def plain_user(skien):
    return make_user("vanlig", skien)


@pytest.fixture
def editor(hospital):
    return make_user("redaktor", hospital, roles.EDITOR)


@pytest.fixture
def coordinator(skien):
    return make_user("koordinator", skien, roles.COORDINATOR, is_staff=True)


@pytest.fixture
def coordinator_not_staff(porsgrunn):
    """A coordinator who has no admin account: the role alone decides, not is_staff."""
    return make_user("koordinator2", porsgrunn, roles.COORDINATOR)


@pytest.fixture
def quality(hospital):
    return make_user("kvalitet", hospital, roles.QUALITY_COMMITTEE)


@pytest.fixture
def hospital_handler(hospital):
    return make_user("sthf", hospital, roles.HANDLER)


@pytest.fixture
def skien_handler(skien):
    return make_user("skien", skien, roles.HANDLER)


@pytest.fixture
def porsgrunn_handler(porsgrunn):
    return make_user("porsgrunn", porsgrunn, roles.HANDLER)


@pytest.fixture
def homeless_handler(db):
    """An Avviksbehandler not (yet) tied to an organisation: handles nothing until an admin sets it."""
    return make_user("hjemlos", None, roles.HANDLER)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", "admin@example.org", PASSWORD)


# Every persona fixture, anonymous (None) first: the rows of the portal's access matrix.
PERSONAS = [
    None,
    "plain_user",
    "homeless_handler",
    "hospital_handler",
    "skien_handler",
    "porsgrunn_handler",
    "coordinator_not_staff",
    "coordinator",
    "editor",
    "quality",
    "superuser",
]


@pytest.fixture
def persona(request):
    """Indirect persona by fixture name, for permission matrices: None means anonymous."""
    if request.param is None:
        return None
    return request.getfixturevalue(request.param)


# --- Browser ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI=true but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page under the portal's real CSP; fails the test on a CSP violation, a JS error or a missing file."""
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    problems = []

    def on_console(message):
        # Failed sub-resources are caught below with their URL; a page's own 404 is the test's business.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", on_response)
    yield page
    context.close()
    assert not problems, f"The browser reported errors: {problems}"


def login(page, username, password=PASSWORD):
    page.goto("/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()


def assert_accessible(page):
    """Runs axe-core (WCAG 2.0/2.1 A and AA) on the page and fails on any violation.

    axe is evaluated as a script through the DevTools protocol, so the page keeps its
    strict CSP while it is checked.
    """
    page.evaluate(AXE_SOURCE.read_text())
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, (
        f"axe found violations on {page.url}:\n{json.dumps(violations, indent=2, ensure_ascii=False)}"
    )


# --- HTML validity ----------------------------------------------------------------------

VNU_JAR = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def assert_valid_html(documents: dict[str, str | bytes]):
    """Runs the Nu HTML Checker once over several pages ({name: html}) and fails on any error.

    One JVM start (about a second) checks them all, so pass every page of a test at once.
    """
    import shutil
    import subprocess
    import tempfile

    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Java and node_modules/vnu-jar are required under CI=true")
        pytest.skip("Java or vnu-jar is missing")
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{index:03d}.html"
            path.write_bytes(html if isinstance(html, bytes) else html.encode())
            paths.append((path, name))
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *[str(p) for p, _ in paths]],
            capture_output=True,
            text=True,
        )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    names = {p.name: name for p, name in paths}
    errors = [
        f"{names.get(Path(m.get('url', '')).name, '?')}: {m.get('message')} {m.get('extract', '')!r}" for m in messages
    ]
    assert not errors, "Invalid HTML:\n" + "\n".join(errors)
