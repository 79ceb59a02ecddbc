"""Whole pages cached in Redis for anonymous visitors, invalidated by content generations.

A burst of visitors (a digest sent, an announcement) mostly reads the same public pages
without signing in. For them the rendered page is kept in the cache and served without
running the view, the session, CSRF, authentication or the templates again.

What is cached (``CACHED_PAGES``): the public browse and detail pages, on GET, for a
request that carries no session cookie and no messages cookie (so the visitor is
anonymous and has nothing personal to show), with no query string or only ``page`` and
``sort`` (searches and filters run live: insights counts them, and free text would fill
the cache). A response is stored only when it is a plain 200 that sets no cookie (a page
that renders a CSRF token sets one, so it is never stored), showed no message, used no
CSP nonce, is not private or uncacheable, and varies on nothing but ``Cookie`` and
``HX-Request`` (both are part of the decision or the key).

Freshness: each page depends on content areas (assets, opportunities, organisations,
...). Each area has a generation number in the cache, and a page's key includes the
generations of its areas, so a change makes the old entries unreachable at once.
``content_changed(area)`` bumps an area at once and again after the transaction commits
(so tests that never commit see it too); models that
public pages show call it from ``save()``/``delete()`` (``ChangesPublicPages``), their
querysets from ``update()``/``delete()``/``bulk_create()``/``bulk_update()``
(``PublicContentQuerySet``), and many-to-many changes from ``m2m_changed`` (below). The key
is computed when the request starts, so a page rendered from data a concurrent change
has just replaced is stored under the old generation and never served. Entries also
expire after ``PAGE_CACHE_SECONDS`` (60), which bounds what no write announces: a
deadline passing, "2 hours ago", a bump lost while Redis was unreachable.

The same generations key the counts browse pages keep for every visitor (``kept``, at the
end of this module): a write that would show on a cached page also counts again.

The cache is on only with Redis (``PAGE_CACHE_SECONDS`` defaults to 0 without
``REDIS_URL``: a local-memory cache per process could not be invalidated across
gunicorn workers).
"""

import hashlib
import logging
import time
import uuid

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re

from portal.cache import OUTAGE_ERRORS

logger = logging.getLogger(__name__)

ASSETS = "assets"
OPPORTUNITIES = "opportunities"
ORGANISATIONS = "organisations"
TAXONOMY = "taxonomy"
MATCHING = "matching"
BROKERAGE = "brokerage"
NEWS = "news"

# URL name -> the content areas its anonymous page shows.
CACHED_PAGES = {
    "home": (ASSETS, OPPORTUNITIES, ORGANISATIONS, TAXONOMY),
    "asset_list": (ASSETS, ORGANISATIONS, TAXONOMY),
    "asset_map": (ASSETS, ORGANISATIONS, TAXONOMY),
    "asset_detail": (ASSETS, ORGANISATIONS, OPPORTUNITIES, MATCHING, TAXONOMY),
    "opportunity_list": (OPPORTUNITIES, ORGANISATIONS, ASSETS, TAXONOMY),
    "event_list": (OPPORTUNITIES, ORGANISATIONS, ASSETS, TAXONOMY),
    "opportunity_detail": (
        OPPORTUNITIES,
        ORGANISATIONS,
        ASSETS,
        MATCHING,
        BROKERAGE,
        TAXONOMY,
    ),
    "organisation_list": (ORGANISATIONS, TAXONOMY),
    "organisation_detail": (ORGANISATIONS, OPPORTUNITIES, ASSETS, TAXONOMY),
    "news_list": (NEWS,),
    "news_detail": (NEWS,),
}
# Query parameters that do not make a search (insights counts searches; see module doc).
CACHED_QUERY_PARAMETERS = {"page", "sort"}
MAX_QUERY_LENGTH = 100
# Request headers the views read that change the page (htmx asks for the results only).
KEY_HEADERS = ("HX-Request", "HX-History-Restore-Request")
# A response may vary on these: Cookie is covered by serving only cookie-less visitors
# (no session, no messages), the others are in the key.
ALLOWED_VARY = {"cookie", *(header.lower() for header in KEY_HEADERS)}
# Headers a stored page keeps; the rest (security headers) the outer middleware adds again.
STORED_HEADERS = {
    "content-type",
    "content-language",
    "vary",
    "hx-push-url",
    "content-security-policy",
    "x-frame-options",
    "link",
}
HIT_HEADER = "X-Page-Cache"


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def _generation_key(area):
    return f"pagecache:generation:{area}"


def generations(areas):
    """The current generation of each area; a missing one starts at the clock's value, so
    an evicted counter never comes back to a number an old entry was stored under."""
    keys = [_generation_key(area) for area in areas]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, time.time_ns(), None)
            found[key] = cache.get(key)
            if found[key] is None:  # the cache is unreachable
                return None
    return [found[key] for key in keys]


def bump(areas):
    """Make every cached page showing these areas unreachable (now, not after commit)."""
    for area in sorted(set(areas)):
        key = _generation_key(area)
        try:
            try:
                cache.incr(key)
            except ValueError:  # missing, or the cache is unreachable (then set() does nothing)
                cache.set(key, time.time_ns(), None)
        except OUTAGE_ERRORS as exc:
            # A cache without portal.cache's outage handling: the change is saved all the
            # same, and entries expire after PAGE_CACHE_SECONDS.
            logger.warning("Page cache generation %s not bumped: %s", area, exc)


def content_changed(*areas):
    """Bump ``areas`` now and again once the current transaction commits.

    The first bump stops pages rendered from here on being stored under the old
    generation; a visitor who rendered the old rows between it and the commit may have
    stored them under the new one, which the second bump drops. A transaction that rolls
    back costs only a needless refresh.
    """
    areas = {area for area in areas if area}
    if not areas:
        return
    bump(areas)
    if transaction.get_connection().in_atomic_block:

        def bump_again():
            bump(areas)

        transaction.on_commit(bump_again, robust=True)


class ChangesPublicPages:
    """A model that public pages show: saving or deleting a row refreshes those pages.

    Subclasses name their ``page_cache_area``; their querysets derive from
    ``PublicContentQuerySet`` so bulk updates do the same."""

    page_cache_area = None

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        content_changed(self.page_cache_area)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        content_changed(self.page_cache_area)
        return result


class PublicContentQuerySet(models.QuerySet):
    """Bulk writes to a ``ChangesPublicPages`` model refresh the pages that show it."""

    def _changed(self, count=1):
        if count:
            content_changed(getattr(self.model, "page_cache_area", None))

    def update(self, **kwargs):
        count = super().update(**kwargs)
        self._changed(count)
        return count

    def delete(self):
        result = super().delete()
        self._changed(result[0])
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self._changed(len(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        self._changed(count)
        return count


@receiver(m2m_changed, dispatch_uid="pagecache_m2m_changed")
def _many_to_many_changed(sender, instance, action, model, **kwargs):
    """Focal areas, keywords, related assets: changed without a save of either side."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for changed in (type(instance), model):
        if issubclass(changed, ChangesPublicPages):
            content_changed(changed.page_cache_area)


# --- Fragments of signed-in pages ---------------------------------------------------------


class Fragments:
    """What ``{% cache %}`` needs to keep a part of a page that is the same for everyone
    who may open the page (a description, its focal areas): how long
    (``PAGE_CACHE_SECONDS``) and a version made of the generations of the areas it shows,
    read when the request starts, so a change to any of them makes the old fragments
    unreachable at once::

        {% cache fragments.seconds "opportunity-body" opportunity.pk fragments.version %}

    Anything that depends on the viewer stays out of the fragment, or goes into its key.
    When the generations cannot be read (Redis unreachable, the cache off) the version is
    new each time, so nothing stored is ever found: the fragment is rendered live."""

    def __init__(self, *areas):
        self.seconds = settings.PAGE_CACHE_SECONDS
        current = generations(areas) if enabled() else None
        self.version = ".".join(map(str, current)) if current else uuid.uuid4().hex


# --- The middleware ---------------------------------------------------------------------


def page_areas(request):
    """The areas of a page this request may be served from the cache, or None."""
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    query = request.META.get("QUERY_STRING", "")
    if query and (len(query) > MAX_QUERY_LENGTH or not set(request.GET) <= CACHED_QUERY_PARAMETERS):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return CACHED_PAGES.get(match.url_name) if not match.namespace else None


def page_key(request, areas):
    current = generations(areas)
    if current is None:
        return None
    parts = [request.get_host(), request.get_full_path()]
    parts += [request.headers.get(header, "") for header in KEY_HEADERS]
    parts += [f"{area}={generation}" for area, generation in zip(areas, current, strict=True)]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:page:{digest}"


def storable(request, response):
    """A plain public 200 with nothing personal in it (see the module's docstring)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is None or user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    vary = {header.lower() for header in cc_delim_re.split(response.get("Vary", "")) if header}
    return vary <= ALLOWED_VARY


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' public pages (placed before the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        areas = page_areas(request) if enabled() else None
        key = page_key(request, areas) if areas else None
        if key:
            stored = cache.get(key)
            if stored is not None:
                headers, content = stored
                response = HttpResponse(content, headers=headers)
                response["Content-Length"] = str(len(content))
                response[HIT_HEADER] = "hit"
                return response
        response = self.get_response(request)
        if key and storable(request, response):
            headers = {
                name: value for name, value in response.items() if name.lower() in STORED_HEADERS
            }
            cache.set(key, (headers, response.content), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response


# --- Counts kept for every visitor --------------------------------------------------------
#
# A browse page at scale spends most of its time counting: the facet counts of /assets/ (a
# pass over every published asset) and the paginator's COUNT of the open opportunities or
# the directory. Those counts are the same for everyone who sees the same rows, so they
# are kept here, keyed like a cached page by the generations of the areas they are counted
# from: the writes that bump those generations (a publish, an edit, an unpublish, a delete,
# a many-to-many change, an organisation's visibility) make the next request count again,
# for signed-in visitors too. The caller's key names whose view it is (``scope``) and
# everything else the count depends on (the search text, the filters).


def kept(name, *, areas, key, compute, valid_until=None):
    """``compute()``, or the value it gave for the same ``key`` under the current
    generations of ``areas``.

    ``valid_until(value)``, if given, is the moment (a datetime, or None for never) after
    which the value may change with no write at all (an opportunity's deadline passing):
    it is not served after that. Entries also expire after ``PAGE_CACHE_SECONDS``, which
    bounds a bump lost while Redis was unreachable. With the page cache off (no Redis)
    or Redis unreachable, every call computes.
    """
    current = generations(areas) if enabled() else None
    if current is None:
        return compute()
    parts = [name, repr(key), *(f"{a}={g}" for a, g in zip(areas, current, strict=True))]
    cache_key = "pagecache:kept:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    now = time.time()
    stored = cache.get(cache_key)
    if stored is not None:
        value, until = stored
        if until is None or now <= until:
            return value
    value = compute()
    until = valid_until(value) if valid_until else None
    until = until.timestamp() if until is not None else None
    seconds = settings.PAGE_CACHE_SECONDS
    if until is not None:
        seconds = min(seconds, int(until - now))
    if seconds > 0:
        cache.set(cache_key, (value, until), seconds)
    return value


class CountedPaginator(Paginator):
    """A paginator told how many objects there are (kept above, or added up from facet
    counts), so it does not COUNT them again."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count
