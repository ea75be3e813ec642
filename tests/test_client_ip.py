"""Finding 5 of issue 15: forwarding headers are believed only from TRUSTED_PROXIES, so rotating X-Real-IP /
X-Forwarded-For neither escapes the per-IP login limit nor locks out a victim's address."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from lms.client_ip import client_ip

TOKEN_URL = "/api/v1/auth/token/"
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def ip(remote, **headers):
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_headers_are_ignored():
    assert ip("203.0.113.9", HTTP_X_REAL_IP="1.2.3.4", HTTP_X_FORWARDED_FOR="1.2.3.4") == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_trusted_proxy_right_most_untrusted_address():
    assert ip("203.0.113.9", HTTP_X_REAL_IP="1.2.3.4") == "203.0.113.9"  # peer not a proxy
    assert ip(PROXY, HTTP_X_REAL_IP="198.51.100.7") == "198.51.100.7"
    # The client forged the left part; our proxy appended what it saw.
    assert ip(PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7") == "198.51.100.7"
    assert ip(PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.9") == "198.51.100.7"
    assert ip(PROXY, HTTP_X_FORWARDED_FOR="not-an-ip") == PROXY
    assert ip(PROXY) == PROXY


def _fail(client, n, **headers):
    return [
        client.post(
            TOKEN_URL, {"username": f"user{i}", "password": "wrong"}, format="json", **headers
        ).status_code
        for i in range(n)
    ]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[], LOGIN_RATE_LIMIT_PER_IP=3)
def test_rotating_x_real_ip_from_an_untrusted_peer_does_not_defeat_the_limit():
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    codes = [
        client.post(
            TOKEN_URL,
            {"username": f"user{i}", "password": "wrong"},
            format="json",
            HTTP_X_REAL_IP=f"192.0.2.{i}",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        ).status_code
        for i in range(5)
    ]
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=[], LOGIN_RATE_LIMIT_PER_IP=3)
def test_an_attacker_cannot_lock_out_a_victims_ip():
    attacker = APIClient(REMOTE_ADDR="203.0.113.9")
    _fail(attacker, 5, HTTP_X_REAL_IP="198.51.100.7")
    victim = APIClient(REMOTE_ADDR="198.51.100.7")
    assert _fail(victim, 1) == [400]  # counted for the victim's own address only from now on


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], LOGIN_RATE_LIMIT_PER_IP=3)
def test_behind_the_proxy_forged_left_parts_do_not_help():
    client = APIClient(REMOTE_ADDR=PROXY)
    codes = [
        client.post(
            TOKEN_URL,
            {"username": f"user{i}", "password": "wrong"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 198.51.100.7",
        ).status_code
        for i in range(4)
    ]
    assert codes == [400, 400, 400, 429]
    other = APIClient(REMOTE_ADDR=PROXY)
    assert _fail(other, 1, HTTP_X_FORWARDED_FOR="198.51.100.8") == [400]  # another client behind the proxy
