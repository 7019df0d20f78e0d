"""Who sees what (docs/domain.md, Roles): view × persona × expected status. Outsiders get 404."""

import pytest

from deviations.models import Deviation
from deviations.tests.conftest import make_deviation

# A deviation from Skien kommune to the hospital. Porsgrunn's handler, and everyone who is
# neither a handler of those two nor in Kvalitetsutvalget, must not learn that it exists.
MATRIX = [
    # persona,             inbox, detail, action
    (None, 302, 302, 302),
    ("plain_user", 404, 404, 404),
    ("editor", 404, 404, 404),
    ("coordinator", 404, 404, 404),
    ("quality", 200, 200, 403),  # reads everything, acts on nothing
    ("hospital_handler", 200, 200, 302),  # the receiver
    ("skien_handler", 200, 200, 403),  # the reporting organisation reads
    ("porsgrunn_handler", 200, 404, 404),  # another organisation: nothing
    ("homeless_handler", 404, 404, 404),  # a handler without an organisation handles nothing
    ("coordinator_not_staff", 404, 404, 404),
    ("superuser", 200, 200, 302),
]

ACTIONS = ["ta", "kommentar", "svar", "videresend", "lukk", "gjenapne"]


@pytest.fixture
def skien_to_hospital(skien, hospital):
    return make_deviation(skien, hospital)


@pytest.mark.parametrize("persona, inbox, detail, action", MATRIX, indirect=["persona"])
def test_the_access_matrix(client, persona, inbox, detail, action, skien_to_hospital):
    if persona:
        client.force_login(persona)
    reference = skien_to_hospital.reference
    assert client.get("/avvik/").status_code == inbox
    assert client.get(f"/avvik/{reference}/").status_code == detail
    # "Ta saken" is the one action valid in the deviation's status; a refused one changes nothing.
    assert client.post(f"/avvik/{reference}/ta/").status_code == action
    skien_to_hospital.refresh_from_db()
    assert (skien_to_hospital.status == "in_progress") == (persona is not None and action == 302)


@pytest.mark.parametrize(
    "persona", [None, "plain_user", "porsgrunn_handler", "quality", "skien_handler"], indirect=True
)
@pytest.mark.parametrize("path", ACTIONS)
def test_no_action_changes_a_deviation_for_those_who_may_not_handle_it(client, persona, path, skien_to_hospital):
    if persona:
        client.force_login(persona)
    data = {"comment-text": "x", "answer-text": "x", "forward-organisation": "1", "forward-reason": "x"}
    response = client.post(f"/avvik/{skien_to_hospital.reference}/{path}/", data)
    assert response.status_code in (302, 403, 404)
    if persona is None:
        assert response["Location"].startswith("/konto/logg-inn/")
    assert skien_to_hospital.events.count() == 1  # only "created"


@pytest.mark.parametrize(
    "persona", [None, "plain_user", "porsgrunn_handler", "hospital_handler", "quality"], indirect=True
)
def test_the_receipt_link_works_for_anyone_with_it_and_a_wrong_token_for_no_one(client, persona, skien_to_hospital):
    if persona:
        client.force_login(persona)
    assert client.get(skien_to_hospital.receipt_path()).status_code == 200
    assert client.get("/avvik/kvittering/feil-token-som-ikke-finnes/").status_code == 404


@pytest.mark.parametrize(
    "persona, expected", [(None, 302), ("plain_user", 200), ("porsgrunn_handler", 200)], indirect=["persona"]
)
def test_mine_meldinger_needs_a_login(client, persona, expected):
    if persona:
        client.force_login(persona)
    assert client.get("/avvik/mine/").status_code == expected


@pytest.mark.parametrize(
    "path", ["/avvik/SA-2026-999999/", "/avvik/SA-26-1/", "/avvik/sa-2026-000001/", "/avvik/SA-2026-000001%00/"]
)
def test_an_unknown_or_malformed_reference_is_404(client, superuser, path):
    client.force_login(superuser)
    assert client.get(path).status_code == 404


def test_actions_only_act_on_post(client, hospital_handler, skien_to_hospital):
    """A GET changes nothing: 405, or for forwarding the page with its form."""
    client.force_login(hospital_handler)
    for path in ACTIONS:
        expected = 200 if path == "videresend" else 405
        assert client.get(f"/avvik/{skien_to_hospital.reference}/{path}/").status_code == expected
    skien_to_hospital.refresh_from_db()
    assert skien_to_hospital.status == Deviation.Status.RECEIVED and skien_to_hospital.events.count() == 1


def test_a_handler_without_an_organisation_has_no_inbox_and_no_statistics(client, homeless_handler):
    client.force_login(homeless_handler)
    assert client.get("/avvik/").status_code == 404
    assert client.get("/avvik/statistikk/").status_code == 404


def test_a_logged_in_reporter_sees_their_own_report_without_internal_comments(
    client, plain_user, hospital, hospital_handler
):
    from deviations import services

    deviation = make_deviation(plain_user.organisation, hospital, reported_by=plain_user)
    services.comment(deviation, hospital_handler, "Intern vurdering.", visible_to_reporter=False)
    client.force_login(plain_user)
    response = client.get(f"/avvik/{deviation.reference}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Du meldte dette" in page
    assert "Intern vurdering." not in page
    assert "Ta saken" not in page
    # And it is in "Mine meldinger"; a colleague's report is not.
    make_deviation(plain_user.organisation, hospital)
    mine = client.get("/avvik/mine/").content.decode()
    assert mine.count("/avvik/SA-") == 1 and deviation.reference in mine


def test_forwarding_moves_the_case_out_of_the_old_receivers_sight(
    client, hospital_handler, porsgrunn_handler, porsgrunn, skien_to_hospital
):
    client.force_login(hospital_handler)
    response = client.post(
        f"/avvik/{skien_to_hospital.reference}/videresend/",
        {"forward-organisation": porsgrunn.pk, "forward-reason": "Gjelder hjemmetjenesten."},
    )
    assert response.status_code == 302 and response["Location"] == "/avvik/"
    assert client.get(f"/avvik/{skien_to_hospital.reference}/").status_code == 404
    client.force_login(porsgrunn_handler)
    assert client.get(f"/avvik/{skien_to_hospital.reference}/").status_code == 200


def test_the_admin_shows_deviations_and_the_outbox_read_only(client, superuser, skien_to_hospital):
    client.force_login(superuser)
    assert client.get("/admin/deviations/deviation/").status_code == 200
    page = client.get(f"/admin/deviations/deviation/{skien_to_hospital.pk}/change/").content.decode()
    assert skien_to_hospital.reference in page
    assert "tracking_token_hash" not in page and skien_to_hospital.tracking_token_hash not in page
    assert "created" in page  # the timeline inline, read from the audit trail
    outbox = client.get("/admin/samhandling/outboxemail/").content.decode()
    assert "deviations.arrival" in outbox and "avvik@sthf.example.org" in outbox
    email = skien_to_hospital.notifications.get(kind="deviations.receipt")
    assert client.get(f"/admin/samhandling/outboxemail/{email.pk}/change/").status_code == 200
    assert client.get("/admin/samhandling/outboxemail/add/").status_code == 403
    assert client.get("/admin/deviations/deviation/add/").status_code == 403
