"""A Redis cache that keeps the site up while Redis is down or frozen.

The cache only holds things the portal can do without for a while (rate-limit counters,
cached fragments). When Redis does not answer, reads miss and writes are dropped, with
a warning in the log, so pages still serve instead of failing with a 500. Rate limits
fail open during such an outage: availability over throttling.

A frozen Redis (it accepts connections but never answers) costs each command its socket
timeout (2 s). So that a request making several cache calls and publishing a task does
not pay it every time, the first failure marks that Redis server down in this process
for ``OUTAGE_PAUSE`` seconds (``redis_mark_down``): meanwhile the cache misses at once
and tasks are not published (``portal.queue``; their rows wait for the periodic sweep).
"""

import functools
import logging
import time
from urllib.parse import urlsplit

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError)
OUTAGE_PAUSE = 10  # seconds

_down_until = {}  # "host:port" of a Redis server -> time.monotonic() it may be tried again


def _server(url):
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}"


def redis_mark_down(url):
    """Skip the Redis server at ``url`` for the next OUTAGE_PAUSE seconds (this process)."""
    _down_until[_server(url)] = time.monotonic() + OUTAGE_PAUSE


def redis_forget_outages():
    """Forget every server marked down (tests start each from a clean slate)."""
    _down_until.clear()


def redis_is_down(url):
    """True while the Redis server at ``url`` is marked down in this process."""
    return time.monotonic() < _down_until.get(_server(url), 0)


def _tolerate_outage(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if redis_is_down(self.location):
                return fallback(*args) if callable(fallback) else fallback
            try:
                return method(self, *args, **kwargs)
            except OUTAGE_ERRORS as exc:
                redis_mark_down(self.location)
                logger.warning("Cache unavailable during %s: %s", method.__name__, exc)
                return fallback(*args) if callable(fallback) else fallback

        return wrapper

    return decorate


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.location = servers[0]

    # add() reports success so callers that loop on it (lock helpers) do not spin.
    add = _tolerate_outage(True)(RedisCacheClient.add)
    get = _tolerate_outage(lambda key, default: default)(RedisCacheClient.get)
    set = _tolerate_outage(None)(RedisCacheClient.set)
    touch = _tolerate_outage(False)(RedisCacheClient.touch)
    delete = _tolerate_outage(False)(RedisCacheClient.delete)
    get_many = _tolerate_outage({})(RedisCacheClient.get_many)
    has_key = _tolerate_outage(False)(RedisCacheClient.has_key)
    set_many = _tolerate_outage([])(RedisCacheClient.set_many)
    delete_many = _tolerate_outage(None)(RedisCacheClient.delete_many)
    clear = _tolerate_outage(False)(RedisCacheClient.clear)

    def incr(self, key, delta):
        if redis_is_down(self.location):
            raise ValueError(f"Key {key!r} not found (cache unavailable).")
        try:
            return super().incr(key, delta)
        except OUTAGE_ERRORS as exc:
            redis_mark_down(self.location)
            logger.warning("Cache unavailable during incr: %s", exc)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from exc


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with ResilientRedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
