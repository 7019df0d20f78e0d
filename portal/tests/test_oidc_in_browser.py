"""The whole sign-in journey in Chromium: the portal's login page, the provider's login form, the
inbox, and out again through the provider's logout. The provider is the real `oidc-provider`."""

import pytest
from playwright.sync_api import expect

from conftest import assert_accessible
from contacts.models import Person
from portal.tests.oidc_support import provider_settings, running_provider
from samhandling.access import HANDLER
from samhandling.settings import with_oidc_form_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HANDLERS_GROUP = "avviksbehandlere-sthf"


def test_a_handler_signs_in_through_their_organisations_provider_and_reaches_the_inbox(
    page, live_server, settings, hospital
):
    hospital.organisation_number = "983975267"
    hospital.save()
    Person.objects.create(name="Kari Nordmann", organisation=hospital, email="kari.nordmann@sthf.example.org")
    with running_provider(["sthf"], live_server.url) as provider:
        settings.SITE_URL = live_server.url
        settings.OIDC_PROVIDERS = oidc_providers = {
            "sthf": provider_settings(
                "sthf",
                provider.issuer,
                label="Sykehuset Telemark",
                organisation_number="983975267",
                role_groups={HANDLER: [HANDLERS_GROUP]},
            )
        }
        settings.SECURE_CSP = with_oidc_form_action(settings.SECURE_CSP, oidc_providers)
        provider.add_accounts(
            {
                "kari": {
                    "given_name": "Kari",
                    "family_name": "Nordmann",
                    "email": "kari.nordmann@sthf.example.org",
                    "groups": [HANDLERS_GROUP],
                }
            }
        )

        page.goto("/avvik/")
        expect(page.get_by_role("heading", name="Logg inn", exact=True)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Logg inn med Sykehuset Telemark").click()

        # The provider's own login form (oidc-provider's development interactions).
        page.locator('input[name="login"]').fill("kari")
        page.locator('input[name="password"]').fill("hos leverandøren")
        page.locator('button[type="submit"]').click()

        expect(page.get_by_role("heading", name="Avvik til Sykehuset Telemark HF")).to_be_visible()
        assert page.url == f"{live_server.url}/avvik/"

        page.get_by_role("button", name="Logg ut").click()
        page.get_by_role("button", name="Yes, sign me out").click()
        expect(page.get_by_role("heading", name="Du er logget ut")).to_be_visible()
        assert_accessible(page)
        page.goto("/avvik/")
        expect(page.get_by_role("heading", name="Logg inn", exact=True)).to_be_visible()

        # A link back from the provider that was already used: a clear page, and the way back.
        page.goto("/konto/logg-inn/sthf/tilbake/?code=brukt&state=brukt")
        expect(page.get_by_role("heading", name="Innloggingen mislyktes")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name="Til innloggingssiden").click()
        expect(page.get_by_role("link", name="Logg inn med Sykehuset Telemark")).to_be_visible()
