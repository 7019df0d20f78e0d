import sys

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from portal import oidc
from portal import views as portal_views
from samhandling import accounts, errors, languages, readiness
from samhandling.identity import identity_css

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("contacts.urls")),
    path("", include("agreements.urls")),
    path("avvik/", include("deviations.urls")),
    path("konto/logg-inn/", oidc.SignInView.as_view(), name="login"),
    path("konto/logg-ut/", oidc.sign_out, name="logout"),
    # Sign-in through OpenID Connect providers (portal/oidc.py); the callback is the redirect URI
    # registered with each provider.
    path("konto/logg-inn/<slug:provider_name>/", oidc.sign_in, name="oidc_sign_in"),
    path("konto/logg-inn/<slug:provider_name>/tilbake/", oidc.callback, name="oidc_callback"),
    path("konto/logget-ut/", oidc.signed_out, name="oidc_signed_out"),
    path("konto/velkommen/", oidc.welcome, name="oidc_welcome"),
    path("konto/venter-pa-rolle/", oidc.waiting_users, name="oidc_waiting_users"),
    path("konto/passord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/passord/endret/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("konto/glemt-passord/", accounts.password_reset, name="password_reset"),
    path("konto/glemt-passord/sendt/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "konto/nytt-passord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("konto/nytt-passord/ferdig/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("identitet.css", identity_css, name="identity_css"),
    # Readiness for a load balancer: the database and the file storage (liveness is /helse/).
    path("helse/klar/", readiness.ready, name="readiness"),
    path("sprak/", languages.choose_language, name="set_language"),
]

handler404 = portal_views.page_not_found


def server_error(request: HttpRequest) -> HttpResponse:
    """Every uncaught exception lands here: a lost database gets 503 and its own page."""
    if errors.is_database_down(sys.exc_info()[1]):
        return errors.database_unavailable(request)
    return portal_views.server_error(request)


handler500 = server_error
