"""Password reset that tells nobody whether an address has an account, and login throttling
per client that stops password spraying.

Password reset: the request does the same work whatever the address (validate, count, queue
one task, redirect), so known and unknown addresses get the same answer in the same time;
looking the user up and sending the mail happen in the task queue. It is throttled per
address (silently: the mailbox is not flooded, and the answer still reveals nothing) and
per client (a polite 429).

Password spraying, one password tried over many usernames, never trips django-axes' lock of
a username and address pair. Failed logins are therefore also counted per client address,
with a higher limit (a hospital may reach the portal through one address), and a client
past it is refused every login until its window ends: the lock expires by itself.
"""

import functools
import logging
from typing import Any, cast

from axes.helpers import get_client_ip_address
from django import forms
from django.conf import settings
from django.contrib.auth import backends as auth_backends
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import ManyToManyField
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_protect

from samhandling import languages, ratelimit
from samhandling.models import OutboxEmail
from samhandling.outbox import queue_email, register_builder

logger = logging.getLogger(__name__)

RESET_PER_ADDRESS = "accounts.reset-address"
RESET_PER_CLIENT = "accounts.reset-client"
LOGIN_FAILURES_PER_CLIENT = "accounts.login-failures-client"
PASSWORD_RESET_MAIL = "accounts.password_reset"


def client_address(request: HttpRequest) -> str:
    """The address django-axes uses too (it honours PROXY_COUNT)."""
    return get_client_ip_address(request) or "unknown"


# --- Password reset ------------------------------------------------------------------------


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-post"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


@csrf_protect
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "registration/password_reset_form.html", {"form": form}, status=status)
    if not ratelimit.hit(RESET_PER_CLIENT, client_address(request), settings.PASSWORD_RESET_CLIENT_LIMIT):
        form.add_error(
            None,
            _("Det er bedt om mange nye passord fra din adresse den siste timen. Vent en time og prøv igjen."),
        )
        return render(request, "registration/password_reset_form.html", {"form": form}, status=429)
    email = form.cleaned_data["email"].strip().lower()
    if ratelimit.hit(RESET_PER_ADDRESS, email, settings.PASSWORD_RESET_ADDRESS_LIMIT):
        send_password_reset.enqueue(email)
    else:
        # The same answer as ever: refusing would tell that the address was asked for.
        logger.warning("Password reset not sent: the address has reached its limit")
    return redirect("password_reset_done")


@task
def send_password_reset(email: str) -> int:
    """Queues a reset link for each active account with this address (none for an unknown one).

    Run by the task worker, so the request does the same work for known and unknown addresses.
    The mail goes through the one outbox; its link is made by the builder below when it is
    sent, so the reset token never rests in the database.
    """
    users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
    queued = 0
    with transaction.atomic():
        for user in users:
            if user.has_usable_password():
                queue_email(user.email, kind=PASSWORD_RESET_MAIL, about=user)
                queued += 1
    return queued


@register_builder(PASSWORD_RESET_MAIL)
def build_password_reset_mail(email: OutboxEmail) -> EmailMessage:
    """The one place a reset e-mail is built. Links use SITE_URL, never the request's Host
    header, which a client chooses."""
    user = email.about
    if user is None:
        raise RuntimeError("The account this reset e-mail was for no longer exists")
    protocol, domain = settings.SITE_URL.split("://", 1)
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": settings.PORTAL_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(languages.for_user(user)):
        subject = "".join(render_to_string("registration/password_reset_subject.txt", context).splitlines())
        body = render_to_string("registration/password_reset_email.html", context)
    return EmailMessage(subject, body, to=[email.recipient])


# --- Login throttling per client -------------------------------------------------------------


class ClientLockoutBackend:
    """In AUTHENTICATION_BACKENDS before ModelBackend: a client past its failure limit gets no login at all,
    and django-axes' middleware answers with the lockout page. No BaseBackend and no get_user,
    so that force_login and sessions never pick this backend to load a user."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        rate = ratelimit.Rate.parse(settings.LOGIN_CLIENT_FAILURE_LIMIT)
        if ratelimit.used(LOGIN_FAILURES_PER_CLIENT, client_address(request), rate) >= rate.limit:
            # django-axes' middleware reads this flag and answers with its lockout page.
            setattr(request, "axes_locked_out", True)  # noqa: B010
            raise PermissionDenied
        return None


@receiver(user_login_failed)
def count_failed_login(sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any) -> None:
    if request is not None:
        ratelimit.hit(LOGIN_FAILURES_PER_CLIENT, client_address(request), settings.LOGIN_CLIENT_FAILURE_LIMIT)


# --- Loading the logged-in user ---------------------------------------------------------------


class ModelBackend(auth_backends.ModelBackend):
    """Django's ModelBackend, loading the user's role groups in the same query as the user.

    samhandling.access decides from the role groups on almost every page; read apart, they
    were a second query on every request of every logged-in user.
    """

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        # user_id is the primary key, converted by django.contrib.auth.get_user.
        user = next(iter(user_model._default_manager.raw(_user_with_roles_sql(), [user_id])), None)
        if user is None:
            return None
        # What the user model's cached role_names would have read.
        user.__dict__["role_names"] = frozenset(getattr(user, "loaded_role_names"))  # noqa: B009
        return user if self.user_can_authenticate(user) else None


@functools.cache
def _user_with_roles_sql() -> str:
    """The user and an array of the user's role group names. Written out rather than built by the
    ORM: compiling the annotated query took longer than PostgreSQL took to answer it."""
    user_model = get_user_model()
    users = user_model._meta.db_table
    pk = user_model._meta.pk.column
    groups = cast(ManyToManyField, user_model._meta.get_field("groups"))
    through = groups.m2m_db_table()
    return (
        f'SELECT u.*, ARRAY(SELECT g."name" FROM "{Group._meta.db_table}" g JOIN "{through}" m'
        f' ON m."{groups.m2m_reverse_name()}" = g."id" WHERE m."{groups.m2m_column_name()}" = u."{pk}")'
        f' AS loaded_role_names FROM "{users}" u WHERE u."{pk}" = %s'
    )
