"""The client's address behind PROXY_COUNT reverse proxies, for rate limits and login throttling.

Behind nginx every request comes from nginx's address, so without this one busy client would
use up the rate limits of all, or (counting REMOTE_ADDR) all clients share one limit. Each proxy
appends the address it received the request from to X-Forwarded-For, so with N trusted proxies
the N-th entry from the right is the client as the outermost proxy saw it; entries left of it
were written by the client and are ignored. (django-ipware reads PROXY_COUNT another way: it
expects the proxies' own addresses in the header, and answers None to nginx's standard one.)
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:  # not through the proxies (a load balancer's probe straight to a node)
        return remote
    return hops[-count]
