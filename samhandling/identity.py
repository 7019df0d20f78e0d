"""The partnership's identity (name, description, mark, accent colour) from the settings.

The accent colour reaches the page as a small stylesheet from 'self' (`identity_css`), since
the strict CSP allows no inline style.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def logo_url() -> str:
    logo = settings.PORTAL_LOGO
    return logo if logo.startswith(("https://", "/")) else static(logo)


def description() -> str:
    """The partnership's sentence in the reader's language, where the deployment gives one."""
    if translation.get_language() == "nn" and settings.PORTAL_DESCRIPTION_NN:
        return settings.PORTAL_DESCRIPTION_NN
    return settings.PORTAL_DESCRIPTION


def identity(request: HttpRequest) -> dict[str, str]:
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_description": description(),
        "portal_logo": logo_url(),
        "portal_accent": settings.PORTAL_ACCENT_COLOUR,
    }


def _darker(colour: str, factor: float) -> str:
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in channels)


@require_safe
@cache_control(max_age=3600, public=True)
def identity_css(request: HttpRequest) -> HttpResponse:
    """Designsystemet's accent tokens in the partnership's colour (checked dark enough in settings)."""
    accent = settings.PORTAL_ACCENT_COLOUR
    css = (
        ":root, [data-color-scheme] {\n"
        f"  --portal-accent: {accent};\n"
        f"  --ds-color-accent-base-default: {accent};\n"
        f"  --ds-color-accent-base-hover: {_darker(accent, 0.82)};\n"
        f"  --ds-color-accent-base-active: {_darker(accent, 0.68)};\n"
        f"  --ds-color-accent-border-strong: {accent};\n"
        f"  --ds-color-accent-text-subtle: {accent};\n"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
