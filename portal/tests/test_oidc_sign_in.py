"""Sign-in through OpenID Connect against a real provider (npm `oidc-provider`, started by this module).

The portal is driven with Django's test client and the provider with plain HTTP, as a browser
would: nothing of the protocol is mocked. The provider can be made to spoil the next ID token
(wrong audience, expired, edited, signed by a foreign key) and to rotate its signing key, so
each of the portal's checks is shown to refuse what it must.
"""

import logging
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group

from conftest import assert_valid_html
from contacts.models import Person, User
from portal import oidc
from portal.models import SignInIdentity
from portal.tests.oidc_support import Browser, Provider, client_key_file, provider_settings, running_provider
from samhandling.access import COORDINATOR, HANDLER
from samhandling.models import LogEntry

SITE_URL = "http://testserver"
HANDLERS_GROUP = "3f1c6a0e-avvik-sthf"
COORDINATORS_GROUP = "9b2d4e7a-koordinatorer"
HOSPITAL_NUMBER = "983975267"


@pytest.fixture(scope="module")
def helseid_key(tmp_path_factory):
    """HelseID's clients authenticate with private_key_jwt: so does the test's "helseid"."""
    return client_key_file(tmp_path_factory.mktemp("keys"), "helseid-portal-key")


@pytest.fixture(scope="module")
def provider(helseid_key):
    with running_provider(["entra", "helseid"], SITE_URL, {"helseid": helseid_key[1]}) as running:
        yield running


@pytest.fixture
def hospital_with_number(hospital):
    hospital.organisation_number = HOSPITAL_NUMBER
    hospital.save()
    return hospital


@pytest.fixture
def providers(settings, provider, helseid_key, hospital_with_number):
    """An Entra ID tenant of the hospital that grants roles by group, and a HelseID that grants none."""
    settings.SITE_URL = SITE_URL
    settings.OIDC_PROVIDERS = {
        "entra": provider_settings(
            "entra",
            provider.issuer,
            label="Sykehuset Telemark",
            organisation_number=HOSPITAL_NUMBER,
            role_groups={HANDLER: [HANDLERS_GROUP], COORDINATOR: [COORDINATORS_GROUP]},
        ),
        "helseid": provider_settings(
            "helseid",
            provider.issuer,
            label="HelseID",
            scopes="openid profile helseid://scopes/hpr/hpr_number",
            client_secret="",
            private_key_file=str(helseid_key[0]),
        ),
    }
    return settings.OIDC_PROVIDERS


def new_account(provider: Provider, **claims) -> str:
    login = f"person-{uuid.uuid4().hex[:8]}"
    provider.add_accounts({login: {"given_name": "Kari", "family_name": "Nordmann", **claims}})
    return login


def start(client, provider_name: str = "entra", next_url: str = "/avvik/") -> str:
    response = client.get(f"/konto/logg-inn/{provider_name}/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider: Provider, login: str, provider_name: str = "entra", next_url: str = "/avvik/"):
    """The whole round: the portal's redirect, the provider's login form, the callback."""
    callback = Browser(SITE_URL).sign_in(start(client, provider_name, next_url), login)
    return client.get(callback)


# --- A successful sign-in and what it provisions ------------------------------------------------


def test_the_first_sign_in_creates_the_user_and_opens_the_inbox_the_group_grants(client, provider, providers):
    person = Person.objects.create(name="Kari Nordmann", email="kari.nordmann@sthf.example.org")
    login = new_account(provider, email="Kari.Nordmann@sthf.example.org", groups=[HANDLERS_GROUP, "other-group"])

    response = sign_in(client, provider, login)

    assert response.status_code == 302
    assert response["Location"] == "/avvik/"
    user = User.objects.get(sign_in_identities__provider="entra")
    assert (user.first_name, user.last_name, user.email) == ("Kari", "Nordmann", "kari.nordmann@sthf.example.org")
    assert user.organisation.organisation_number == HOSPITAL_NUMBER
    assert not user.has_usable_password()
    assert set(user.groups.values_list("name", flat=True)) == {HANDLER}
    person.refresh_from_db()
    assert person.user == user
    assert client.get("/avvik/").status_code == 200
    assert LogEntry.objects.filter(action="first_sign_in").count() == 1


def test_the_portal_session_lasts_no_longer_than_the_provider_grants(client, provider, providers):
    login = new_account(provider, email="kort@sthf.example.org", groups=[HANDLERS_GROUP])

    sign_in(client, provider, login)

    # The test provider's access tokens live 600 s; the portal's own sessions last ten hours.
    assert 0 < client.session.get_expiry_age() <= 600
    # A fixed end: using the portal (which changes the session) does not push it later.
    end = client.session.get_expiry_date()
    client.get("/avvik/")
    assert client.session.get_expiry_date() == end


def test_a_second_sign_in_finds_the_same_user(client, provider, providers):
    login = new_account(provider, email="igjen@sthf.example.org", groups=[HANDLERS_GROUP])
    sign_in(client, provider, login)
    client.logout()

    sign_in(client, provider, login)

    assert User.objects.filter(sign_in_identities__provider="entra").count() == 1
    assert SignInIdentity.objects.count() == 1


def test_helseid_links_the_person_by_hpr_number_and_takes_their_organisation(client, provider, providers, skien):
    person = Person.objects.create(name="Ola Lege", organisation=skien, hpr_number="1234567")
    login = new_account(provider, **{"helseid://claims/hpr/hpr_number": "1234567"})

    response = sign_in(client, provider, login, "helseid")

    user = User.objects.get(sign_in_identities__provider="helseid")
    person.refresh_from_db()
    assert person.user == user
    assert user.organisation == skien
    # HelseID grants no roles here: the user waits for a coordinator or administrator.
    assert response["Location"] == "/konto/velkommen/"


def test_a_user_without_a_role_sees_that_they_wait_for_one(client, provider, providers, skien):
    Person.objects.create(name="Per Venter", organisation=skien, hpr_number="7654321")
    login = new_account(provider, **{"helseid://claims/hpr/hpr_number": "7654321"})

    sign_in(client, provider, login, "helseid")
    welcome = client.get("/konto/velkommen/")

    assert "Du har ennå ingen rolle i portalen" in welcome.text
    assert "Skien kommune" in welcome.text
    assert client.get("/avvik/").status_code == 404


def test_a_role_is_lost_when_the_group_claim_no_longer_gives_it(client, provider, providers):
    login = new_account(provider, email="bytter@sthf.example.org", groups=[HANDLERS_GROUP])
    sign_in(client, provider, login)
    client.logout()
    provider.add_accounts({login: {"email": "bytter@sthf.example.org", "groups": [COORDINATORS_GROUP]}})

    sign_in(client, provider, login)

    user = User.objects.get(sign_in_identities__provider="entra")
    assert set(user.groups.values_list("name", flat=True)) == {COORDINATOR}
    assert client.get("/avvik/").status_code == 404
    change = LogEntry.objects.get(action="roles_changed", data__removed=[HANDLER])
    assert change.data["added"] == [COORDINATOR]


def test_roles_granted_by_hand_stay_where_the_provider_does_not_decide_roles(client, provider, providers, skien):
    Person.objects.create(name="Lege Med Rolle", organisation=skien, hpr_number="1112223")
    login = new_account(provider, **{"helseid://claims/hpr/hpr_number": "1112223"})
    sign_in(client, provider, login, "helseid")
    user = User.objects.get(sign_in_identities__provider="helseid")
    user.groups.add(Group.objects.get(name=HANDLER))
    client.logout()

    response = sign_in(client, provider, login, "helseid")

    assert response["Location"] == "/avvik/"
    assert client.get("/avvik/").status_code == 200


def test_a_deactivated_account_is_refused_with_a_clear_page(client, provider, providers):
    login = new_account(provider, email="sperret@sthf.example.org", groups=[HANDLERS_GROUP])
    sign_in(client, provider, login)
    User.objects.filter(sign_in_identities__provider="entra").update(is_active=False)
    client.logout()

    response = sign_in(client, provider, login)

    assert response.status_code == 403
    assert "Kontoen din i portalen er sperret" in response.text
    assert "_auth_user_id" not in client.session


def test_the_login_page_offers_each_provider_and_the_local_form(client, providers):
    page = client.get("/konto/logg-inn/?next=/avvik/")

    assert "Logg inn med Sykehuset Telemark" in page.text
    assert "Logg inn med HelseID" in page.text
    assert 'href="/konto/logg-inn/helseid/?next=/avvik/"' in page.text
    assert 'name="password"' in page.text


def test_the_login_page_has_only_local_accounts_when_no_provider_is_configured(client, settings):
    settings.OIDC_PROVIDERS = {}

    page = client.get("/konto/logg-inn/")

    assert "Logg inn med" not in page.text
    assert 'name="password"' in page.text


def test_an_unknown_provider_is_not_found(client, providers):
    assert client.get("/konto/logg-inn/finnes-ikke/").status_code == 404
    assert client.get("/konto/logg-inn/finnes-ikke/tilbake/?code=x&state=y").status_code == 404


def test_the_request_carries_pkce_state_and_nonce(client, providers):
    query = parse_qs(urlsplit(start(client)).query)

    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [f"{SITE_URL}/konto/logg-inn/entra/tilbake/"]


# --- What the portal refuses ----------------------------------------------------------------------

# How the provider spoils its ID token, and the check that must catch it (its log line's detail).
SPOILED = {
    # azp names the portal, so only the audience check itself can catch it.
    "wrong audience": ({"claims": {"aud": ["another-client"], "azp": "entra"}}, "InvalidClaimError aud"),
    "wrong issuer": ({"claims": {"iss": "http://127.0.0.1:1/not-the-issuer"}}, "InvalidClaimError iss"),
    "wrong nonce": ({"claims": {"nonce": "not-the-one-sent"}}, "InvalidClaimError nonce"),
    # Two minutes past: beyond the 60 s of clock skew allowed.
    "expired": ({"expiresIn": -120}, "ExpiredTokenError exp"),
    "edited under the original signature": (
        {"claims": {"email": "someone.else@sthf.example.org"}, "signature": "kept"},
        "BadSignatureError",
    ),
    "signed by a key the provider never published": ({"signature": "foreign"}, "InvalidKeyIdError"),
}


@pytest.mark.parametrize(("spoiled", "detail"), SPOILED.values(), ids=SPOILED.keys())
def test_it_refuses_an_id_token_that_does_not_hold(client, provider, providers, caplog, spoiled, detail):
    login = new_account(provider, email="angrep@sthf.example.org", groups=[HANDLERS_GROUP])
    provider.spoil_next_id_token(**spoiled)

    with caplog.at_level(logging.WARNING, logger="portal.oidc"):
        response = sign_in(client, provider, login)

    assert response.status_code == 400
    assert "Vi kunne ikke bekrefte hvem du er ut fra svaret fra Sykehuset Telemark" in response.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(sign_in_identities__provider="entra").exists()
    assert f"OIDC sign-in refused: provider=entra reason=token detail={detail}" in caplog.text


def test_it_accepts_a_token_just_expired_within_the_clock_skew(client, provider, providers):
    login = new_account(provider, email="skew@sthf.example.org", groups=[HANDLERS_GROUP])
    provider.spoil_next_id_token(expiresIn=-10)

    response = sign_in(client, provider, login)

    assert response["Location"] == "/avvik/"


def test_it_refuses_a_replayed_state(client, provider, providers, caplog):
    login = new_account(provider, email="replay@sthf.example.org", groups=[HANDLERS_GROUP])
    callback = Browser(SITE_URL).sign_in(start(client), login)
    assert client.get(callback).status_code == 302
    client.logout()

    with caplog.at_level(logging.WARNING, logger="portal.oidc"):
        replayed = client.get(callback)

    assert replayed.status_code == 400
    assert "lenken tilbake fra Sykehuset Telemark er allerede brukt" in replayed.text
    assert "_auth_user_id" not in client.session
    assert "reason=state" in caplog.text


def test_it_refuses_a_callback_started_in_another_browser(client, django_user_model, provider, providers):
    """Login CSRF: an attacker's own code and state, delivered to a victim's browser."""
    from django.test import Client

    login = new_account(provider, email="angriper@sthf.example.org", groups=[HANDLERS_GROUP])
    attackers_callback = Browser(SITE_URL).sign_in(start(Client()), login)

    response = client.get(attackers_callback)

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_it_follows_a_key_rotation(client, provider, providers):
    first = new_account(provider, email="for@sthf.example.org", groups=[HANDLERS_GROUP])
    sign_in(client, provider, first)  # the portal now holds the provider's JWKS
    held = {key["kid"] for key in oidc._clients().create_client("entra").server_metadata["jwks"]["keys"]}
    client.logout()
    provider.rotate_keys()
    second = new_account(provider, email="etter@sthf.example.org", groups=[HANDLERS_GROUP])

    response = sign_in(client, provider, second)

    assert response["Location"] == "/avvik/"
    assert client.get("/avvik/").status_code == 200
    # The token named a key the held set lacked, and the portal fetched the new set.
    now_held = {key["kid"] for key in oidc._clients().create_client("entra").server_metadata["jwks"]["keys"]}
    assert now_held and not now_held & held


def test_a_cancelled_sign_in_says_so(client, provider, providers):
    callback = Browser(SITE_URL).abort(start(client))

    response = client.get(callback)

    assert response.status_code == 400
    assert "Innloggingen ble avbrutt hos Sykehuset Telemark" in response.text


def test_a_provider_that_does_not_answer_gets_a_clear_page(client, settings, providers):
    settings.OIDC_PROVIDERS = {"entra": provider_settings("entra", "http://127.0.0.1:9", label="Sykehuset Telemark")}

    response = client.get("/konto/logg-inn/entra/")

    assert response.status_code == 503
    assert "Sykehuset Telemark svarer ikke akkurat nå" in response.text


def test_no_token_code_or_verifier_reaches_the_log(client, provider, providers, caplog):
    login = new_account(provider, email="logg@sthf.example.org", groups=[HANDLERS_GROUP])
    authorize = start(client)
    verifierless_query = parse_qs(urlsplit(authorize).query)
    callback = Browser(SITE_URL).sign_in(authorize, login)
    code = parse_qs(urlsplit(callback).query)["code"][0]

    with caplog.at_level(logging.DEBUG):
        client.get(callback)
        client.get(callback)  # and a refused replay

    id_token = client.session.get("oidc_id_token") or ""
    assert "OIDC sign-in: provider=entra" in caplog.text
    for secret in (code, verifierless_query["state"][0], verifierless_query["nonce"][0], id_token):
        assert secret and secret not in caplog.text


# --- Logout ----------------------------------------------------------------------------------------


def test_logout_ends_the_portal_session_and_the_providers(client, provider, providers):
    login = new_account(provider, email="ut@sthf.example.org", groups=[HANDLERS_GROUP])
    browser = Browser(SITE_URL)
    client.get(browser.sign_in(start(client), login))
    id_token = client.session["oidc_id_token"]

    response = client.post("/konto/logg-ut/")

    end_session = response["Location"]
    assert end_session.startswith(f"{provider.issuer}/session/end")
    query = parse_qs(urlsplit(end_session).query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{SITE_URL}/konto/logget-ut/"]
    assert client.get("/avvik/").status_code == 302  # to the login page: the portal's session is gone
    back = browser.confirm_logout(end_session)
    assert back.startswith(f"{SITE_URL}/konto/logget-ut/")
    assert "Du er logget ut" in client.get(back).text
    # The provider's session is gone too: the next sign-in asks for the login again.
    again = browser.follow(start(client))
    assert again.status_code == 200 and 'name="login"' in again.text


def test_logout_of_a_local_account_stays_in_the_portal(client, plain_user, providers):
    client.force_login(plain_user)

    response = client.post("/konto/logg-ut/")

    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_helseid_authenticates_the_portal_with_its_registered_key_only(
    client, settings, provider, providers, skien, tmp_path, caplog
):
    """private_key_jwt: an assertion signed by a key the provider has not registered gets no tokens."""
    Person.objects.create(name="Lege Uten Nøkkel", organisation=skien, hpr_number="9998887")
    login = new_account(provider, **{"helseid://claims/hpr/hpr_number": "9998887"})
    unregistered, _public = client_key_file(tmp_path, "helseid-portal-key")
    settings.OIDC_PROVIDERS = {**providers, "helseid": {**providers["helseid"], "private_key_file": str(unregistered)}}

    with caplog.at_level(logging.WARNING, logger="portal.oidc"):
        response = sign_in(client, provider, login, "helseid")

    assert response.status_code == 400
    assert "detail=provider error invalid_client" in caplog.text
    assert not User.objects.filter(sign_in_identities__provider="helseid").exists()


# --- Granting a role to someone who waits for one ---------------------------------------------------


@pytest.fixture
def waiting_doctor(client, provider, providers, skien):
    """Signed in through HelseID, which grants no roles: waits for one."""
    Person.objects.create(name="Venter Lege", organisation=skien, hpr_number="5556667")
    login = new_account(
        provider, given_name="Venter", family_name="Lege", **{"helseid://claims/hpr/hpr_number": "5556667"}
    )
    sign_in(client, provider, login, "helseid")
    client.logout()
    return User.objects.get(sign_in_identities__provider="helseid")


def test_a_coordinator_makes_a_waiting_user_a_handler(
    client, coordinator, waiting_doctor, django_assert_max_num_queries
):
    client.force_login(coordinator)
    # Session and user, the coordinator's roles, the waiting users, the menu's flags: bounded.
    with django_assert_max_num_queries(8):
        page = client.get("/konto/venter-pa-rolle/")
    assert "Venter Lege" in page.text
    assert "Skien kommune" in page.text

    response = client.post("/konto/venter-pa-rolle/", {"user": waiting_doctor.pk, "role": HANDLER})

    assert response.status_code == 302
    assert set(waiting_doctor.groups.values_list("name", flat=True)) == {HANDLER}
    assert LogEntry.objects.get(action="role_granted").user == coordinator
    assert f'name="user" value="{waiting_doctor.pk}"' not in client.get("/konto/venter-pa-rolle/").text


def test_a_coordinator_cannot_grant_the_quality_committees_role(client, coordinator, waiting_doctor):
    client.force_login(coordinator)

    response = client.post("/konto/venter-pa-rolle/", {"user": waiting_doctor.pk, "role": "Kvalitetsutvalg"})

    assert response.status_code == 400
    assert not waiting_doctor.groups.exists()


def test_an_administrator_grants_any_role(client, superuser, waiting_doctor):
    client.force_login(superuser)

    client.post("/konto/venter-pa-rolle/", {"user": waiting_doctor.pk, "role": "Kvalitetsutvalg"})

    assert set(waiting_doctor.groups.values_list("name", flat=True)) == {"Kvalitetsutvalg"}


def test_only_those_who_may_grant_see_the_waiting_list(client, hospital_handler, plain_user, waiting_doctor):
    for user in (hospital_handler, plain_user):
        client.force_login(user)
        assert client.get("/konto/venter-pa-rolle/").status_code == 404
        response = client.post("/konto/venter-pa-rolle/", {"user": waiting_doctor.pk, "role": HANDLER})
        assert response.status_code == 404
    assert not waiting_doctor.groups.exists()


def test_users_whose_groups_decide_their_roles_are_not_on_the_waiting_list(client, provider, providers, coordinator):
    login = new_account(provider, given_name="Gruppe", family_name="Styrt", email="styrt@sthf.example.org", groups=[])
    sign_in(client, provider, login)  # Entra ID here grants roles by group: this one has none
    client.force_login(coordinator)

    page = client.get("/konto/venter-pa-rolle/")

    assert "Gruppe Styrt" not in page.text


def test_the_sign_in_pages_are_valid_html(client, provider, providers, coordinator, waiting_doctor):
    pages = {"login page with providers": client.get("/konto/logg-inn/").content}
    pages["refused replay"] = client.get("/konto/logg-inn/entra/tilbake/?code=x&state=unknown").content
    pages["signed out"] = client.get("/konto/logget-ut/").content
    client.force_login(waiting_doctor)
    pages["welcome while waiting"] = client.get("/konto/velkommen/").content
    client.force_login(coordinator)
    pages["waiting list"] = client.get("/konto/venter-pa-rolle/").content
    pages["waiting list with an error"] = client.post(
        "/konto/venter-pa-rolle/", {"user": waiting_doctor.pk, "role": "Kvalitetsutvalg"}
    ).content

    assert_valid_html(pages)


def test_administrators_see_who_signs_in_through_which_provider(client, superuser, waiting_doctor):
    client.force_login(superuser)

    page = client.get("/admin/portal/signinidentity/")

    assert page.status_code == 200
    assert "Venter Lege" in page.text
