"""The client's address behind the proxy the README recommends (TRUSTED_PROXY_COUNT).

The probe: behind a proxy, REMOTE_ADDR is the proxy for everyone, so 12 failed sign-ins
from one client locked out another. These run on Redis, where the rate limits live.
"""

import pytest
from django.test import RequestFactory

from accounts.tests.factories import VerifiedUserFactory
from newsletter.models import ConsentRecord
from portal.http import client_ip

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.5"  # every request arrives from the proxy


@pytest.fixture
def rate_limits(settings, require_redis):
    # The suite turns rate limits off; allauth reads the setting on every request.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}


def sign_in(client, email, password, forwarded_for, proxy=PROXY):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_one_proxy_one_client_failing_does_not_lock_out_another(
    client, settings, rate_limits
):
    settings.TRUSTED_PROXY_COUNT = 1
    VerifiedUserFactory(email="mallory@example.com")
    VerifiedUserFactory(email="grace@example.com")

    failures = [
        sign_in(client, "mallory@example.com", "wrong", "198.51.100.1").status_code
        for _ in range(12)
    ]
    other = sign_in(client, "grace@example.com", PASSWORD, "198.51.100.2")

    assert failures[-1] == 429
    assert other.status_code == 302 and other["Location"] == "/dashboard/"


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(
    client, settings, rate_limits
):
    settings.TRUSTED_PROXY_COUNT = 0
    VerifiedUserFactory(email="mallory@example.com")

    statuses = [
        sign_in(
            client, "mallory@example.com", "wrong", f"203.0.113.{n}", proxy="192.0.2.77"
        ).status_code
        for n in range(12)
    ]

    assert statuses[-1] == 429


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.5"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client wrote the first entry
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.4", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.5"),  # fewer entries than proxies: not trusted
        (1, "not-an-address", "10.0.0.5"),
    ],
)
def test_client_ip_takes_the_entry_the_trusted_proxies_wrote(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


@pytest.mark.parametrize(("count", "recorded"), [(0, PROXY), (1, "198.51.100.9")])
def test_consent_records_keep_the_clients_address(client, settings, count, recorded):
    settings.TRUSTED_PROXY_COUNT = count

    client.post(
        "/newsletter/subscribe/",
        {"email": "ada@example.com", "frequency": "weekly", "consent": "on"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )

    assert ConsentRecord.objects.get().ip_address == recorded
