"""A real OpenID Connect provider for the sign-in tests, and a person's steps at it.

`oidc_provider.mjs` runs npm's certified `oidc-provider` in Node. The tests drive the portal
with Django's test client (or Chromium) and the provider with plain HTTP, as a browser would:
the authorization redirect, the provider's login form, the redirect back with the code.
"""

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from joserfc import jwk

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
NODE_MODULE = Path(__file__).parents[2] / "node_modules" / "oidc-provider"
CLIENT_SECRET = "test-secret-only-for-the-test-provider"


class Provider:
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer

    def _control(self, path: str, body: dict[str, Any]) -> None:
        requests.post(f"{self.issuer}/__test__/{path}", json=body, timeout=10).raise_for_status()

    def add_accounts(self, accounts: dict[str, dict[str, Any]]) -> None:
        """Accounts by login name, with the claims the provider will release."""
        self._control("accounts", accounts)

    def rotate_keys(self) -> None:
        self._control("rotate", {})

    def spoil_next_id_token(self, **how: Any) -> None:
        """claims={...} changed, expiresIn=seconds, signature='kept'|'foreign' (else re-signed by the provider)."""
        self._control("spoil-next-id-token", how)


def client_metadata(client_id: str, site_url: str, public_jwk: dict[str, Any] | None = None) -> dict[str, Any]:
    """A client with a secret, or with private_key_jwt when its public key is given (as HelseID's are)."""
    authentication = (
        {"token_endpoint_auth_method": "private_key_jwt", "jwks": {"keys": [public_jwk]}}
        if public_jwk
        else {"client_secret": CLIENT_SECRET}
    )
    return {
        "client_id": client_id,
        **authentication,
        "redirect_uris": [f"{site_url}/konto/logg-inn/{client_id}/tilbake/"],
        "post_logout_redirect_uris": [f"{site_url}/konto/logget-ut/"],
        "scope": "openid profile email groups organisation helseid://scopes/hpr/hpr_number",
    }


def client_key_file(folder: Path, kid: str) -> tuple[Path, dict[str, Any]]:
    """A private JWK in a file, as the portal reads it, and the public half for the provider."""
    key = jwk.RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256"})
    path = folder / f"{kid}.jwk.json"
    path.write_text(json.dumps(key.as_dict(private=True)))
    return path, key.as_dict(private=False)


@contextlib.contextmanager
def running_provider(
    client_ids: list[str], site_url: str, public_jwks: dict[str, dict[str, Any]] | None = None
) -> Iterator[Provider]:
    """Starts the provider with one client per id, each redirecting to `site_url`; a client with a
    key in `public_jwks` authenticates with private_key_jwt."""
    node = shutil.which("node")
    if node is None or not NODE_MODULE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("node and node_modules/oidc-provider are required under CI=true (npm ci)")
        pytest.skip("node or node_modules/oidc-provider is missing")
    clients = [client_metadata(client_id, site_url, (public_jwks or {}).get(client_id)) for client_id in client_ids]
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        env={**os.environ, "OIDC_TEST_CLIENTS": json.dumps(clients)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("The test OpenID provider did not start")
        yield Provider(json.loads(line)["issuer"])
    finally:
        # Closing stdin ends it; the kill is for a provider that hangs.
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def provider_settings(name: str, issuer: str, **overrides: Any) -> dict[str, Any]:
    """What samhandling.settings.oidc_provider makes of the environment, for one test client."""
    return {
        "name": name,
        "label": name,
        "issuer": issuer,
        "client_id": name,
        "client_secret": CLIENT_SECRET,
        "private_key_file": "",
        "scopes": "openid profile email groups organisation",
        "organisation_number": "",
        "organisation_claim": "",
        "email_claim": "email",
        "hpr_claim": "helseid://claims/hpr/hpr_number",
        "groups_claim": "groups",
        "role_groups": {},
        **overrides,
    }


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and not self.action:
            self.action = values.get("action") or ""
        if tag == "input" and values.get("name") and values.get("type") == "hidden":
            self.fields[values["name"] or ""] = values.get("value") or ""


def form_of(html: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(html)
    return parser


class Browser:
    """The provider's side of a browser: its cookies (the provider's session) and its forms."""

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url
        self.session = requests.Session()

    def follow(self, url: str, method: str = "get", data: dict[str, str] | None = None) -> requests.Response:
        """Follows the provider's redirects until one leads back to the portal (or a page is shown)."""
        response = self.session.request(method, url, data=data, allow_redirects=False, timeout=10)
        while response.status_code in (302, 303) and not response.headers["Location"].startswith(self.site_url):
            response = self.session.get(
                urljoin(response.url, response.headers["Location"]), allow_redirects=False, timeout=10
            )
        return response

    def sign_in(self, authorize_url: str, login: str) -> str:
        """Signs in at the provider's login form; returns the URL it sends the browser back to."""
        page = self.follow(authorize_url)
        if page.status_code == 200 and 'name="login"' in page.text:
            form = form_of(page.text)
            page = self.follow(
                urljoin(page.url, form.action), "post", {"prompt": "login", "login": login, "password": "any"}
            )
        assert page.status_code in (302, 303), f"The provider did not send the browser back: {page.status_code}"
        return str(page.headers["Location"])

    def abort(self, authorize_url: str) -> str:
        """Cancels at the provider's login form, as a person pressing "Avbryt" does."""
        page = self.follow(authorize_url)
        page = self.follow(page.url.rstrip("/") + "/abort")
        return str(page.headers["Location"])

    def confirm_logout(self, end_session_url: str) -> str:
        """Confirms the provider's "sign out?" question; returns where it sends the browser."""
        page = self.follow(end_session_url)
        form = form_of(page.text)
        page = self.follow(urljoin(page.url, form.action), "post", {**form.fields, "logout": "yes"})
        return str(page.headers["Location"])
