"""A Redis cache that keeps the site up while Redis is down.

The cache only holds things the portal can do without for a while (rate-limit counters,
cached fragments). When Redis does not answer, reads miss and writes are dropped, with
a warning in the log, so pages still serve instead of failing with a 500. Rate limits
fail open during such an outage: availability over throttling.
"""

import functools
import logging

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (redis.ConnectionError, redis.TimeoutError)


def _tolerate_outage(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except OUTAGE_ERRORS as exc:
                logger.warning("Cache unavailable during %s: %s", method.__name__, exc)
                return fallback(*args) if callable(fallback) else fallback

        return wrapper

    return decorate


class ResilientRedisCacheClient(RedisCacheClient):
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
        try:
            return super().incr(key, delta)
        except OUTAGE_ERRORS as exc:
            logger.warning("Cache unavailable during incr: %s", exc)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from exc


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with ResilientRedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
