"""Static files leave the portal compressed: whitenoise writes a Brotli and a gzip copy of each
at collectstatic and serves the one the browser asks for. (HTML is left to the proxy.)"""

from pathlib import Path

import brotli
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """collectstatic once, into a folder of its own, with the production storage."""
    root = tmp_path_factory.mktemp("staticfiles")
    production = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # The portal's own files only: compressing the npm packages at Brotli's best quality takes
    # half a minute and proves nothing more.
    own = [django_settings.BASE_DIR / "static"]
    with override_settings(STATIC_ROOT=root, STORAGES=production, STATICFILES_DIRS=own):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


def test_collectstatic_writes_a_brotli_copy_of_every_stylesheet(collected: Path) -> None:
    stylesheets = [path for path in collected.rglob("*.css") if path.stat().st_size > 1024]
    assert stylesheets
    for stylesheet in stylesheets:
        compressed = stylesheet.with_name(stylesheet.name + ".br")
        assert compressed.exists(), f"no Brotli copy of {stylesheet.relative_to(collected)}"
        assert brotli.decompress(compressed.read_bytes()) == stylesheet.read_bytes()
        assert compressed.stat().st_size < stylesheet.stat().st_size / 2


def test_a_browser_that_accepts_brotli_gets_brotli(collected: Path, settings) -> None:
    settings.STATIC_ROOT = collected
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    stylesheet = max(collected.rglob("*.css"), key=lambda path: path.stat().st_size)
    url = "/static/" + stylesheet.relative_to(collected).as_posix()
    # Built after collectstatic, as in production: whitenoise indexes STATIC_ROOT when it starts.
    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))

    brotli_response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br"))
    assert brotli_response.status_code == 200
    assert brotli_response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in brotli_response["Vary"]
    body = b"".join(brotli_response.streaming_content)
    assert brotli.decompress(body) == stylesheet.read_bytes()

    plain_response = middleware(RequestFactory().get(url))
    assert plain_response.status_code == 200
    assert "Content-Encoding" not in plain_response
