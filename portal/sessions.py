"""Sessions in PostgreSQL, read through the Redis cache (``SESSION_ENGINE`` with Redis).

Django's ``cached_db`` store: every write goes to the database and then to the cache, and
a request reads its session from the cache, falling back to the database on a miss. So a
signed-in request saves a query, every web machine still sees every session (the cache
is shared), and a Redis outage signs nobody out: reads miss and go to the database, and
a cache that raises instead (one without ``portal.cache``'s outage handling) is treated
the same way.

One difference: a cached copy is kept at most ``SESSION_CACHE_SECONDS`` (300) rather
than the session's whole life. A sign-out during a Redis outage deletes the row but
cannot delete the cached copy; when Redis comes back, that copy could otherwise sign the
browser in again for weeks. Now it lasts at most five minutes, and a changed password
still signs other sessions out at once (Django checks the password hash kept in the
session against the user's row on every request).
"""

import logging

from django.conf import settings
from django.contrib.sessions.backends import cached_db, db

from portal.cache import OUTAGE_ERRORS

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        data = _cache_call(self._cache.get, self.cache_key)
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        _cache_call(self._cache.set, self.cache_key, data, self._cache_seconds(row.expire_date))
        return data

    def exists(self, session_key):
        cached = session_key and _cache_call(
            self._cache.has_key, self.cache_key_prefix + session_key
        )
        return bool(cached) or db.SessionStore.exists(self, session_key)

    def save(self, must_create=False):
        db.SessionStore.save(self, must_create)
        _cache_call(self._cache.set, self.cache_key, self._session, self._cache_seconds())

    def delete(self, session_key=None):
        db.SessionStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is not None:
            _cache_call(self._cache.delete, self.cache_key_prefix + session_key)

    def _cache_seconds(self, expiry=None):
        age = self.get_expiry_age(expiry=expiry) if expiry else self.get_expiry_age()
        return max(0, min(age, settings.SESSION_CACHE_SECONDS))


def _cache_call(operation, *args):
    """A cache call; an unreachable Redis is a miss (the database answers)."""
    try:
        return operation(*args)
    except OUTAGE_ERRORS as exc:
        logger.warning("Session cache unavailable: %s", exc)
        return None
