"""Redis down: pages still serve, and nothing a user sends is lost."""

import pytest
from django.core.cache import caches

from portal.models import OutgoingEmail

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    """The cache and the broker point at a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # Django's setting_changed signal rebuilds the cache handler for the new CACHES.


def test_cache_misses_instead_of_failing_when_redis_is_down(redis_down):
    cache = caches["default"]
    assert cache.add("lock", True) is True
    cache.set("key", "value")
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db
def test_pages_and_signup_work_with_the_cache_down(client, redis_down, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "20/m/ip", "login_failed": "10/m/ip"}

    assert client.get("/").status_code == 200
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(to=["ada@example.com"]).exists()
