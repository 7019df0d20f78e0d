"""Sign-in with OpenID Connect: HelseID and the organisations' Entra ID, as configured in OIDC_PROVIDERS.

The protocol is Authlib's Django client, one registered client per provider: discovery, the
authorization code flow with PKCE (S256), `state` and `nonce` kept in the session and used
once, the ID token's signature checked against the provider's JWKS (fetched again when a
token names a key the cached set lacks, which is how a key rotation shows itself), its
issuer, audience and expiry checked with OIDC_CLOCK_SKEW_SECONDS of leeway, and
RP-initiated logout. mozilla-django-oidc was the other candidate: it has PKCE, but one
provider per settings module and no discovery, and the portal needs several.

Every refusal is a Norwegian page that says what the person can do, and one log line that
names the provider and the reason, never a token, code or verifier.
"""

import datetime
import enum
import json
import logging
from pathlib import Path
from typing import Any

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.signals import setting_changed
from django.db import IntegrityError
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from joserfc import jwk
from joserfc.errors import JoseError
from joserfc.jwk import Key

from contacts.models import User
from portal import provisioning
from samhandling import access

logger = logging.getLogger(__name__)

SESSION_PROVIDER = "oidc_provider"
SESSION_ID_TOKEN = "oidc_id_token"
SESSION_NEXT = "oidc_next"
# The backend that loads the signed-in user from the session on later requests (by primary key,
# refusing a deactivated account); the user has no password for it to check.
MODEL_BACKEND = "samhandling.accounts.ModelBackend"


class Failure(enum.Enum):
    """Why a sign-in was refused: the log's reason and what the person is told."""

    CANCELLED = "cancelled"
    STATE = "state"
    TOKEN = "token"
    UNAVAILABLE = "unavailable"
    DISABLED = "disabled"

    @property
    def message(self) -> str:
        return str(
            {
                Failure.CANCELLED: _("Innloggingen ble avbrutt hos %(provider)s, så du er ikke logget inn."),
                Failure.STATE: _(
                    "Innloggingen kunne ikke fullføres: lenken tilbake fra %(provider)s er allerede brukt, "
                    "er for gammel eller hører til en annen nettleser."
                ),
                Failure.TOKEN: _(
                    "Vi kunne ikke bekrefte hvem du er ut fra svaret fra %(provider)s, så du er ikke logget inn."
                ),
                Failure.UNAVAILABLE: _("%(provider)s svarer ikke akkurat nå, så du kan ikke logge inn med den."),
                Failure.DISABLED: _("Kontoen din i portalen er sperret."),
            }[self]
        )

    @property
    def advice(self) -> str:
        return str(
            {
                Failure.CANCELLED: _("Start innloggingen på nytt hvis du vil logge inn."),
                Failure.STATE: _("Start innloggingen på nytt fra innloggingssiden."),
                Failure.TOKEN: _(
                    "Prøv igjen om litt. Skjer det igjen, kontakt brukerstøtte i din organisasjon og oppgi tidspunktet."
                ),
                Failure.UNAVAILABLE: _("Prøv igjen om noen minutter."),
                Failure.DISABLED: _("Kontakt en administrator i portalen hvis du mener dette er feil."),
            }[self]
        )

    @property
    def status(self) -> int:
        return {Failure.UNAVAILABLE: 503, Failure.DISABLED: 403}.get(self, 400)


# --- The providers ---------------------------------------------------------------------------

_oauth: OAuth | None = None


@receiver(setting_changed)
def _forget_clients(setting: str, **kwargs: Any) -> None:
    """Tests configure providers through the settings: the clients are made again from them."""
    global _oauth
    if setting.startswith("OIDC_"):
        _oauth = None


def _clients() -> OAuth:
    """One Authlib client per configured provider, made once per process.

    Each keeps the provider's discovery document and JWKS after the first sign-in, so a
    sign-in costs the provider one token request, and one JWKS request after a key rotation.
    """
    global _oauth
    if _oauth is None:
        oauth = OAuth()
        for name, provider in settings.OIDC_PROVIDERS.items():
            client_kwargs: dict[str, Any] = {
                "scope": provider["scopes"],
                "code_challenge_method": "S256",
                "default_timeout": settings.OIDC_TIMEOUT_SECONDS,
            }
            secret: str | Key = provider["client_secret"]
            auth_methods = None
            if provider["private_key_file"]:
                # HelseID asks for private_key_jwt: the client proves itself with an assertion
                # signed by its key, whose `kid` tells the provider which registered key to use.
                key = client_key(provider["private_key_file"])
                secret = key
                client_kwargs["token_endpoint_auth_method"] = PrivateKeyJWT.name
                headers = {"kid": key.kid} if key.kid else None
                auth_methods = [PrivateKeyJWT(headers=headers, alg=key.get("alg") or _DEFAULT_ALG[key.key_type])]
            oauth.register(
                name,
                client_id=provider["client_id"],
                client_secret=secret,
                server_metadata_url=f"{provider['issuer']}/.well-known/openid-configuration",
                client_kwargs=client_kwargs,
                client_auth_methods=auth_methods,
            )
        _oauth = oauth
    return _oauth


_DEFAULT_ALG = {"RSA": "RS256", "EC": "ES256"}


def client_key(path: str) -> Key:
    """The client's private key: a JWK (as HelseID's self-service portal gives it) or an RSA key in PEM."""
    text = Path(path).read_text()
    if text.lstrip().startswith("{"):
        return jwk.import_key(json.loads(text))
    return jwk.RSAKey.import_key(text)


def _provider(name: str) -> tuple[dict[str, Any], DjangoOAuth2App]:
    """The provider's settings and its client; 404 for a name that is not configured."""
    provider = settings.OIDC_PROVIDERS.get(name)
    if provider is None:
        raise Http404
    client: DjangoOAuth2App = _clients().create_client(name)
    return provider, client


def providers_for_login_page() -> list[dict[str, str]]:
    return [{"name": name, "label": p["label"]} for name, p in settings.OIDC_PROVIDERS.items()]


def _absolute(url_name: str, *args: str) -> str:
    """Redirect URIs from SITE_URL, never from the Host header a client chooses: they must be
    exactly the ones registered with the provider."""
    return settings.SITE_URL + reverse(url_name, args=args)


def _refuse(request: HttpRequest, provider: dict[str, Any], failure: Failure, detail: str) -> HttpResponse:
    # `detail` is an error class or the provider's error code: never a token, code or verifier.
    logger.warning("OIDC sign-in refused: provider=%s reason=%s detail=%s", provider["name"], failure.value, detail)
    context = {
        "message": failure.message % {"provider": provider["label"]},
        "advice": failure.advice,
        "provider": provider,
    }
    return render(request, "registration/oidc_failed.html", context, status=failure.status)


# --- Views -----------------------------------------------------------------------------------


class SignInView(LoginView):
    """The login page: a button per configured provider above the local accounts' form."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_providers"] = providers_for_login_page()
        return context


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@require_safe
def sign_in(request: HttpRequest, provider_name: str) -> HttpResponse:
    """Sends the browser to the provider with a fresh state, nonce and PKCE challenge."""
    provider, client = _provider(provider_name)
    request.session[SESSION_NEXT] = _safe_next(request, request.GET.get("next"))
    try:
        response: HttpResponse = client.authorize_redirect(request, _absolute("oidc_callback", provider_name))
    except (requests.RequestException, ValueError) as error:
        return _refuse(request, provider, Failure.UNAVAILABLE, type(error).__name__)
    return response


@require_safe
def callback(request: HttpRequest, provider_name: str) -> HttpResponse:
    """The provider's answer: exchange the code, check the ID token, provision, sign in."""
    provider, client = _provider(provider_name)
    try:
        token = client.authorize_access_token(
            request,
            leeway=settings.OIDC_CLOCK_SKEW_SECONDS,
            # The issuer configured here, not only the one its discovery document names; and
            # this portal among the audience (Authlib alone checks only `azp` against it).
            claims_options={
                "iss": {"essential": True, "value": provider["issuer"]},
                "aud": {"essential": True, "value": provider["client_id"]},
            },
        )
    except MismatchingStateError:
        return _refuse(request, provider, Failure.STATE, "state unknown or already used")
    except OAuthError as error:
        failure = Failure.CANCELLED if error.error == "access_denied" else Failure.TOKEN
        return _refuse(request, provider, failure, f"provider error {error.error}")
    except JoseError as error:
        # The claim's name (aud, iss, exp, nonce), never its value.
        claim = getattr(error, "claim", None)
        return _refuse(request, provider, Failure.TOKEN, type(error).__name__ + (f" {claim}" if claim else ""))
    except requests.RequestException as error:
        return _refuse(request, provider, Failure.UNAVAILABLE, type(error).__name__)
    except (AuthlibBaseError, ValueError, KeyError) as error:
        return _refuse(request, provider, Failure.TOKEN, type(error).__name__)
    claims = token.get("userinfo")
    if not claims:
        return _refuse(request, provider, Failure.TOKEN, "no ID token in the token response")

    try:
        try:
            result = provisioning.provision(provider, dict(claims))
        except IntegrityError:
            # The same person's first sign-in in two tabs at once: the other one made the user.
            result = provisioning.provision(provider, dict(claims))
    except provisioning.AccountDisabled:
        return _refuse(request, provider, Failure.DISABLED, "account disabled")

    next_url = request.session.pop(SESSION_NEXT, settings.LOGIN_REDIRECT_URL)
    auth_login(request, result.user, backend=MODEL_BACKEND)
    request.session[SESSION_PROVIDER] = provider_name
    # Kept for RP-initiated logout (id_token_hint); the session lives in the database, never in a log.
    request.session[SESSION_ID_TOKEN] = token["id_token"]
    # A point in time, not a number of seconds: an integer would slide with every change to the
    # session, and an active user would outlive the provider's grant.
    request.session.set_expiry(timezone.now() + datetime.timedelta(seconds=session_seconds(token)))
    logger.info(
        "OIDC sign-in: provider=%s user=%s first=%s roles=%s",
        provider_name,
        result.user.pk,
        result.created,
        ",".join(sorted(result.roles)) or "-",
    )
    if access.is_pending(result.user):
        return redirect("oidc_welcome")
    return HttpResponseRedirect(next_url)


def session_seconds(token: dict[str, Any]) -> int:
    """The portal's session ends when the provider's grant does, and never later than SESSION_HOURS.

    The access token's lifetime is what the provider allows this sign-in; after it, the next
    page asks for a new sign-in, which the provider answers at once while its own session lasts.
    """
    seconds: int = settings.SESSION_COOKIE_AGE
    expires_in = token.get("expires_in")
    if isinstance(expires_in, int) and expires_in > 0:
        seconds = min(seconds, expires_in)
    return seconds


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Ends the portal's session, then the provider's (RP-initiated logout) if it made this one."""
    provider_name = request.session.get(SESSION_PROVIDER)
    id_token = request.session.get(SESSION_ID_TOKEN)
    auth_logout(request)
    if provider_name in settings.OIDC_PROVIDERS:
        provider, client = _provider(provider_name)
        try:
            if client.load_server_metadata().get("end_session_endpoint"):
                response: HttpResponse = client.logout_redirect(
                    request,
                    post_logout_redirect_uri=_absolute("oidc_signed_out"),
                    id_token_hint=id_token,
                    client_id=provider["client_id"],
                )
                return response
        except requests.RequestException as error:
            logger.warning("OIDC logout at the provider skipped: provider=%s detail=%s", provider_name, type(error))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@require_safe
def signed_out(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the browser after its logout."""
    return render(request, "registration/oidc_signed_out.html")


@require_safe
@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    """What a person signed in through a provider sees while no role has been granted them."""
    user = request.user
    assert isinstance(user, User)  # login_required
    return render(
        request,
        "registration/oidc_welcome.html",
        {"pending": access.is_pending(user), "organisation": user.organisation},
    )


class GrantRoleForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Rolle"))

    def __init__(self, *args: Any, candidates: QuerySet[User], roles: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = candidates
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role, role) for role in sorted(roles)]


@login_required
def waiting_users(request: HttpRequest) -> HttpResponse:
    """People who signed in through a provider and wait for a role, for those who may grant one."""
    granter = request.user
    assert isinstance(granter, User)  # login_required
    roles = access.grantable_roles(granter)
    if not settings.OIDC_PROVIDERS or not roles:
        raise Http404
    candidates = provisioning.waiting_for_a_role(settings.OIDC_PROVIDERS)
    form = GrantRoleForm(request.POST or None, candidates=candidates, roles=roles)
    if request.method == "POST":
        if form.is_valid():
            user, role = form.cleaned_data["user"], form.cleaned_data["role"]
            provisioning.grant_role(user, role, granted_by=granter)
            messages.success(
                request, _("%(name)s er nå %(role)s.") % {"name": user.get_full_name() or user.email, "role": role}
            )
            return redirect("oidc_waiting_users")
        status = 400
    else:
        status = 200
    # Bounded: the page is a work list, and a long one is worked from the top.
    waiting = list(candidates[:100])
    return render(
        request,
        "registration/oidc_waiting_users.html",
        {"waiting": waiting, "roles": sorted(roles), "form": form},
        status=status,
    )
