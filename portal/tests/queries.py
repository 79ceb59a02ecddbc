"""Query budgets that depend on how the portal is set up."""

from django.conf import settings


def session_read():
    """1 where a signed-in request reads its session from the database: without Redis
    (``make test`` on its embedded defaults) sessions are not read through the cache
    (``SESSION_ENGINE`` in portal/settings.py); 0 with it."""
    return 0 if settings.SESSION_ENGINE == "portal.sessions" else 1
