"""The OpenID Connect providers as the environment describes them, and what their claims may grant."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from samhandling import access
from samhandling.settings import SECURE_CSP, oidc_provider, with_oidc_form_action


@pytest.fixture
def sthf_environment(monkeypatch):
    monkeypatch.setenv("OIDC_STHF_ISSUER", "https://login.microsoftonline.com/tenant-id/v2.0/")
    monkeypatch.setenv("OIDC_STHF_CLIENT_ID", "portal-client")
    monkeypatch.setenv("OIDC_STHF_CLIENT_SECRET", "hemmelig")
    return monkeypatch


def test_a_provider_is_read_from_its_environment_variables(sthf_environment):
    sthf_environment.setenv("OIDC_STHF_LABEL", "Sykehuset Telemark")
    sthf_environment.setenv("OIDC_STHF_ORGANISATION", "983975267")
    sthf_environment.setenv("OIDC_STHF_ROLE_GROUPS", "Avviksbehandler=g1, Avviksbehandler=g2,Koordinator=g3")

    provider = oidc_provider("sthf")

    assert provider["issuer"] == "https://login.microsoftonline.com/tenant-id/v2.0"
    assert provider["label"] == "Sykehuset Telemark"
    assert provider["scopes"] == "openid profile email"
    assert provider["organisation_number"] == "983975267"
    assert provider["role_groups"] == {"Avviksbehandler": ["g1", "g2"], "Koordinator": ["g3"]}


def test_a_provider_without_issuer_or_client_id_fails_loudly(monkeypatch):
    monkeypatch.setenv("OIDC_HELSEID_CLIENT_ID", "portal")

    with pytest.raises(ImproperlyConfigured, match="OIDC_HELSEID_ISSUER"):
        oidc_provider("helseid")


def test_a_provider_needs_exactly_one_way_to_authenticate_itself(sthf_environment):
    sthf_environment.setenv("OIDC_STHF_PRIVATE_KEY_FILE", "/run/secrets/helseid.pem")

    with pytest.raises(ImproperlyConfigured, match="exactly one"):
        oidc_provider("sthf")


@pytest.mark.parametrize(
    ("name", "value"), [("ORGANISATION", "Sykehuset Telemark"), ("ROLE_GROUPS", "Avviksbehandler")]
)
def test_it_refuses_values_it_cannot_read(sthf_environment, name, value):
    sthf_environment.setenv(f"OIDC_STHF_{name}", value)

    with pytest.raises(ImproperlyConfigured):
        oidc_provider("sthf")


def test_the_logout_redirect_to_each_provider_is_allowed_by_the_csp(sthf_environment):
    csp = with_oidc_form_action(SECURE_CSP, {"sthf": oidc_provider("sthf")})

    assert csp["form-action"] == ["'self'", "https://login.microsoftonline.com"]


def test_group_claims_grant_only_the_portals_roles():
    role_groups = {access.HANDLER: ["g1"], "superuser": ["g2"], access.COORDINATOR: ["g3"]}

    assert access.roles_from_groups(role_groups, ["g1", "g2", "g9"]) == {access.HANDLER}
    assert access.roles_from_groups(role_groups, []) == frozenset()
