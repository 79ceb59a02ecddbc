import uuid

import pytest
from allauth.account.models import EmailAddress

from accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """A fresh local-memory cache per test, so per-user enquiry limits never leak between
    tests (user ids repeat after a rollback) and no test flushes the shared Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"assets-tests-{uuid.uuid4()}",
        }
    }


@pytest.fixture
def member(db):
    """A signed-up user with a confirmed email address."""
    user = UserFactory(email="ada@example.com", name="Ada Lovelace")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
