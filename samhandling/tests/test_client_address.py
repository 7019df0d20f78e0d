"""Behind PROXY_COUNT proxies the rate limits count the client, not the proxy."""

from typing import Any

from django.test import RequestFactory

from samhandling.accounts import client_address

NGINX = "10.0.0.2"


def request(forwarded_for: str | None = None):
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=NGINX, **extra)


def test_without_proxies_it_is_the_connections_address_whatever_the_header_says(settings):
    settings.PROXY_COUNT = 0
    assert client_address(request("192.0.2.7")) == NGINX


def test_behind_one_proxy_it_is_the_address_that_proxy_saw(settings):
    settings.PROXY_COUNT = 1
    assert client_address(request("192.0.2.7")) == "192.0.2.7"


def test_a_client_cannot_pick_its_address_by_sending_the_header_itself(settings):
    settings.PROXY_COUNT = 1
    # nginx's $proxy_add_x_forwarded_for appends the real address to what the client sent.
    assert client_address(request("203.0.113.9, 192.0.2.7")) == "192.0.2.7"


def test_behind_two_proxies_it_skips_the_inner_one(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request("203.0.113.9, 192.0.2.7, 10.0.0.3")) == "192.0.2.7"


def test_a_request_that_did_not_pass_the_proxies_counts_as_its_connection(settings):
    settings.PROXY_COUNT = 2
    assert client_address(request("192.0.2.7")) == NGINX
    assert client_address(request()) == NGINX
