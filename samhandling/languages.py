"""Bokmål and nynorsk: which one a page is in, and the reader's choice of it.

The URLs are the same in both (no language prefix): the language is the reader's, not the
page's. It is decided, in this order, by the language cookie (the choice on this browser),
a logged-in user's stored choice (so it follows them to a new browser), the browser's
Accept-Language, and last the site's LANGUAGE_CODE (bokmål).

Django's own Accept-Language matching knows `nn` and `nn-NO` but not the older tags browsers
and operating systems still send for nynorsk (`no-nyn`, `no-nynorsk`, `no-NO-nynorsk`), and it
drops `no` for want of a catalogue: both are mapped here.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase, HttpResponseForbidden
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from samhandling.origin import posted_from_this_site

BOKMAL = "nb"
NYNORSK = "nn"


def supported(code: str | None) -> str | None:
    """The portal's language code for `code`, or None when it is not one of settings.LANGUAGES."""
    if code and code in dict(settings.LANGUAGES):
        return code
    return None


def from_tag(tag: str) -> str | None:
    """The portal language a BCP 47 tag from Accept-Language asks for, or None if neither."""
    parts = tag.strip().lower().replace("_", "-").split("-")
    if parts[0] == "nn" or (parts[0] == "no" and any(part.startswith("nyn") for part in parts[1:])):
        return NYNORSK
    if parts[0] in ("nb", "no"):
        return BOKMAL
    return None


def from_accept_language(header: str) -> str | None:
    """The portal language the reader's browser prefers most, or None if it asks for neither."""
    preferences: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")):
        tag, _sep, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = from_tag(tag)
        if language and quality > 0:
            preferences.append((-quality, position, language))
    return min(preferences)[2] if preferences else None


def for_request(request: HttpRequest) -> str:
    chosen = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        stored = supported(getattr(user, "language", ""))
        if stored:
            return stored
    return supported(from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))) or settings.LANGUAGE_CODE


def for_user(user: object) -> str:
    """The language of e-mails to this user: their stored choice, else the site's."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (Content-Language, Vary) with the order of choice above.

    After AuthenticationMiddleware, so that a user's stored choice can be read.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = for_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        # The cookie and a login decide the language too, not only Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        return response


@csrf_exempt
@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language form on every page: Django's set_language (cookie, safe `next`), and for
    a logged-in user the choice stored on their account, for their next browser and their e-mails.

    Like the feedback widget it carries no CSRF token, so that reader pages stay the same for
    every reader and can be kept whole; another site's page cannot post it (samhandling.origin).
    """
    if not posted_from_this_site(request):
        return HttpResponseForbidden(_("Målformen må velges fra portalens egne sider."), content_type="text/plain")
    language = supported(request.POST.get("language"))
    if language is None:
        # Django would set any language it has a catalogue for; the portal has two.
        return HttpResponseBadRequest("Unknown language")
    response = set_language(request)
    user = request.user
    if user.is_authenticated and hasattr(user, "language") and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
