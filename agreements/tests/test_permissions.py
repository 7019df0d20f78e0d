"""Who may do what: URL x persona x expected status. Only Koordinator and administrators change anything."""

import datetime

import pytest

from agreements.models import Routine
from agreements.tests.conftest import make_routine, make_service, make_version, pdf_upload

pytestmark = pytest.mark.django_db

EVERYONE = [None, "plain_user", "editor", "coordinator", "quality", "hospital_handler", "skien_handler", "superuser"]
MAINTAINERS = {"coordinator", "superuser"}


@pytest.fixture
def urls(db):
    agreement = make_service(5)
    version = make_version(agreement, "2023", datetime.date(2023, 1, 1))
    routine = make_routine("Rutine for utskrivning", agreements=[agreement])
    routine.document.save("r.pdf", pdf_upload())
    draft = make_routine("Utkast", status=Routine.Status.DRAFT, agreements=[agreement])
    return {
        "list": "/avtaler/",
        "agreement": agreement.get_absolute_url(),
        "version_document": version.get_document_url(),
        "routines": "/rutiner/",
        "routine": routine.get_absolute_url(),
        "routine_document": routine.get_document_url(),
        "draft": draft.get_absolute_url(),
        "review": "/avtaler/til-revisjon/",
        "new_version": f"/avtaler/{agreement.slug}/ny-versjon/",
        "admin_agreement": "/admin/agreements/agreement/add/",
        "admin_version": "/admin/agreements/agreementversion/add/",
        "admin_routine": "/admin/agreements/routine/add/",
        "admin_routine_change": f"/admin/agreements/routine/{routine.pk}/change/",
    }


def expected(name, persona):
    maintainer = persona in MAINTAINERS
    if name in ("draft", "review", "new_version"):
        return 200 if maintainer else 404
    if name.startswith("admin_"):
        # Not staff: the admin's login page. Staff without the permissions would get 403.
        return 200 if maintainer else 302
    return 200


@pytest.mark.parametrize("persona", EVERYONE, indirect=True)
@pytest.mark.parametrize(
    "name",
    [
        "list",
        "agreement",
        "version_document",
        "routines",
        "routine",
        "routine_document",
        "draft",
        "review",
        "new_version",
        "admin_agreement",
        "admin_version",
        "admin_routine",
        "admin_routine_change",
    ],
)
def test_get(client, urls, persona, name, request):
    if persona:
        client.force_login(persona)
    persona_name = request.node.callspec.params["persona"]
    assert client.get(urls[name]).status_code == expected(name, persona_name)


@pytest.mark.parametrize("persona", EVERYONE, indirect=True)
def test_only_maintainers_can_post_a_new_version(client, urls, persona, request):
    if persona:
        client.force_login(persona)
    persona_name = request.node.callspec.params["persona"]
    response = client.post(urls["new_version"], {"label": ""})
    assert response.status_code == (400 if persona_name in MAINTAINERS else 404)


def test_staff_without_the_coordinator_role_cannot_change_agreements_in_the_admin(client, editor, urls):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    for name in ("admin_agreement", "admin_version", "admin_routine"):
        assert client.get(urls[name]).status_code == 403


def test_a_coordinator_adds_a_routine_in_the_admin_with_audience_checkboxes(client, coordinator, urls):
    client.force_login(coordinator)
    # The written standard is pre-filled with the site's (bokmål), so a browser posts it unasked.
    form = client.get(urls["admin_routine"]).content.decode()
    assert '<option value="nb" selected>' in form
    response = client.post(
        urls["admin_routine"],
        {
            "title": "Rutine for legevakt",
            "slug": "",
            "status": "in_force",
            "audience": ["legevakt", "fastlege"],
            "body": "Tekst **viktig**<script>x</script>",
            "approved_on": "2026-01-01",
            "next_review_due": "2027-01-01",
            "language": "nb",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    routine = Routine.objects.get(title="Rutine for legevakt")
    assert routine.audience == ["legevakt", "fastlege"]
    assert "<strong>viktig</strong>" in routine.body_html and "<script" not in routine.body_html
    assert routine.slug == "rutine-for-legevakt"


def test_a_renamed_png_is_refused_in_the_admin_too(client, coordinator, urls):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements.tests.conftest import png_bytes

    client.force_login(coordinator)
    response = client.post(
        urls["admin_routine"],
        {"title": "Rutine med bilde", "status": "draft", "document": SimpleUploadedFile("r.pdf", png_bytes())},
    )
    assert response.status_code == 200
    assert "Filen er ikke en PDF" in response.content.decode()
    assert not Routine.objects.filter(title="Rutine med bilde").exists()


def test_the_agreement_admin_shows_old_versions_read_only_and_adds_new_ones(client, coordinator, urls):
    from agreements.models import Agreement, AgreementVersion

    agreement = Agreement.objects.get(law_point=5)
    client.force_login(coordinator)
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    page = client.get(url).content.decode()
    assert "versions-0-label" not in page  # the 2023 version is not an editable form
    assert f'<option value="{agreement.language}" selected>' in page
    data = {
        "kind": "service",
        "identifier": agreement.identifier,
        "title": agreement.title,
        "law_point": "5",
        "summary": "",
        "language": agreement.language,  # shown selected on the change page, so the browser posts it
        "versions-TOTAL_FORMS": "1",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        "versions-0-label": "2026",
        "versions-0-adopted_on": "2026-01-01",
        "versions-0-in_force_from": "2026-02-01",
        "versions-0-document": pdf_upload(),
        "versions-0-changes": "Ny",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(AgreementVersion.objects.values_list("label", flat=True)) == ["2023", "2026"]
