"""A small fixed-window rate limit on the cache (Redis when configured)."""

import hashlib
import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)


def hit(*, scope, key, limit, period=3600):
    """Count one attempt; True when ``key`` has gone over ``limit`` in this window.

    If the cache is down the request is allowed: a subscription is worth more than a
    rate limit, and the confirmation email limits the harm.
    """
    window = int(time.time() // period)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"newsletter-rate:{scope}:{digest}:{window}"
    try:
        if cache.add(cache_key, 1, period):
            count = 1
        else:
            count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period)
        count = 1
    except Exception:  # noqa: BLE001 - the cache being down must not stop a subscription
        logger.warning("Rate limit cache unavailable; allowing %s", scope, exc_info=True)
        return False
    return count > limit
