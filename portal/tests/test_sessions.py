"""Sessions read through the Redis cache (portal/sessions.py), kept in PostgreSQL."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import VerifiedUserFactory
from conftest import need, redis_available
from portal.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def redis_sessions():
    need(redis_available(), "Redis is not configured (set REDIS_URL)")
    assert settings.SESSION_ENGINE == "portal.sessions"


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def session_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert "Sign out" in client.get("/dashboard/").content.decode()
    return [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_a_signed_in_request_reads_its_session_from_the_cache_not_the_database():
    client = signed_in_client(VerifiedUserFactory(name="Ada"))

    assert session_queries(client) == []
    # ... and it is in PostgreSQL too: the cache lost, the row answers (and refills it).
    cache.delete(SessionStore.cache_key_prefix + client.session.session_key)
    assert len(session_queries(client)) == 1
    assert session_queries(client) == []


def test_signing_out_ends_the_session_on_the_next_request_with_the_old_cookie():
    client = signed_in_client(VerifiedUserFactory(name="Ada"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    session_queries(client)  # cached now

    client.post("/accounts/logout/")

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = thief.get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Session.objects.filter(session_key=cookie).exists()


def test_a_changed_password_signs_other_sessions_out_though_theirs_is_cached():
    user = VerifiedUserFactory(name="Ada")
    other = signed_in_client(user)
    session_queries(other)  # cached now

    user.set_password("a new long passphrase")
    user.save()

    assert other.get("/dashboard/").status_code == 302


def test_a_cached_copy_is_kept_at_most_session_cache_seconds():
    client = signed_in_client(VerifiedUserFactory(name="Ada"))
    key = SessionStore.cache_key_prefix + client.session.session_key

    ttl = cache._cache.get_client(key).ttl(cache.make_and_validate_key(key))

    assert settings.SESSION_COOKIE_AGE > settings.SESSION_CACHE_SECONDS
    assert 0 < ttl <= settings.SESSION_CACHE_SECONDS


def test_with_the_cache_unreachable_sessions_come_from_the_database(settings):
    settings.CACHES = {  # a cache without portal.cache's outage handling: it raises
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client = signed_in_client(VerifiedUserFactory(name="Ada"))

    assert len(session_queries(client)) == 1
    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302
