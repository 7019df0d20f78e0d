"""Where a POST comes from, for the few forms on every page that carry no CSRF token.

The feedback widget and the language choice are on every page; a CSRF token in them would
make every page personal (the token's cookie), so no reader page could be kept whole
(samhandling.readercache). What the token would stop there, other sites making their visitors'
browsers post, this check stops.
"""

from django.conf import settings
from django.http import HttpRequest


def posted_from_this_site(request: HttpRequest) -> bool:
    """What the browser says about where a POST comes from: another site's page is refused.

    Browsers send Sec-Fetch-Site (all current ones) or at least Origin with every POST; a
    request with neither is not from a browser, and could send the same answer anyway.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS
    return True
