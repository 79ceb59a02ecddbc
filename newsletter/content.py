"""What goes into a digest, and rendering it once per set of focal areas.

Only public, published items are used. Each digest is rendered once per distinct set of
focal areas among its subscribers (a ``DigestEdition``); the per-subscriber parts (the
preferences and unsubscribe links) are placeholders filled in when each email is built.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assets.models import Asset
from opportunities.models import Opportunity
from portal.models import FocalArea, NewsPost
from portal.outbox import email_render
from portal.text import render_markdown

# Filled in per email (see sending.py). Letters and underscores only, so HTML escaping
# leaves them alone.
PREFERENCES_URL = "NEWSLETTERPREFERENCESURL"
UNSUBSCRIBE_URL = "NEWSLETTERUNSUBSCRIBEURL"
RECIPIENT = "NEWSLETTERRECIPIENT"

SECTION_LIMIT = 10


@dataclass(frozen=True)
class Item:
    """One entry in a digest section."""

    title: str
    url: str
    label: str
    summary: str
    meta: str = ""
    areas: frozenset = field(default_factory=frozenset)


@dataclass
class DigestContent:
    opportunities: list
    events: list
    assets: list
    news: list

    @property
    def is_empty(self):
        return not (self.opportunities or self.events or self.assets or self.news)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def areas_key(area_ids):
    return ",".join(str(pk) for pk in sorted(area_ids))


def areas_from_key(key):
    return frozenset(int(pk) for pk in key.split(",") if pk)


def _date(value):
    return timezone.localtime(value).strftime("%-d %B %Y") if value else ""


def public_opportunities():
    """Open opportunities anyone may see: public, published, not past their deadline."""
    return Opportunity.objects.visible_to(AnonymousUser()).still_open()


def organisation_label(opportunity):
    """Who posted it, as anyone may see it (a digest is forwarded and archived in
    public): the public view of the poster-name rule, ``Opportunity.poster_shown_to``."""
    return opportunity.poster_shown_to(None).name


def _opportunity_item(opportunity):
    if opportunity.kind == Opportunity.Kind.EVENT:
        when = _date(opportunity.starts_at)
        meta = " · ".join(filter(None, [when, opportunity.location]))
    else:
        closes = f"Closes {_date(opportunity.deadline)}" if opportunity.deadline else ""
        meta = " · ".join(filter(None, [organisation_label(opportunity), closes]))
    return Item(
        title=opportunity.title,
        url=absolute(opportunity.get_absolute_url()),
        label=opportunity.get_kind_display(),
        summary=opportunity.summary,
        meta=meta,
        areas=frozenset(area.pk for area in opportunity.focal_areas.all()),
    )


def digest_content(digest, now=None):
    """Everything public that is new in the digest's period, in four sections."""
    now = now or timezone.now()
    end = min(digest.period_end, now)
    in_period = {"published_at__gte": digest.period_start, "published_at__lt": end}
    opportunities = (
        public_opportunities()
        .exclude(kind=Opportunity.Kind.EVENT)
        .filter(**in_period)
        .select_related("organisation")
        .prefetch_related("focal_areas")
        .order_by("-published_at")
    )
    events = (
        public_opportunities()
        .filter(kind=Opportunity.Kind.EVENT, ends_at__gte=now)
        .filter(Q(**in_period) | Q(starts_at__lt=end + (end - digest.period_start)))
        .select_related("organisation")
        .prefetch_related("focal_areas")
        .order_by("starts_at")
    )
    assets = (
        Asset.objects.published()
        .filter(
            Q(created_at__gte=digest.period_start, created_at__lt=end)
            | Q(updated_at__gte=digest.period_start, updated_at__lt=end)
        )
        .select_related("host")
        .prefetch_related("focal_areas")
        .order_by("-updated_at")
    )
    news = NewsPost.objects.published().filter(**in_period).prefetch_related("focal_areas")
    return DigestContent(
        opportunities=[_opportunity_item(o) for o in opportunities[:100]],
        events=[_opportunity_item(o) for o in events[:50]],
        assets=[
            Item(
                title=asset.name,
                url=absolute(asset.get_absolute_url()),
                label="New" if asset.created_at >= digest.period_start else "Updated",
                summary=asset.summary,
                meta=" · ".join(filter(None, [asset.get_kind_display(), asset.host.name])),
                areas=frozenset(area.pk for area in asset.focal_areas.all()),
            )
            for asset in assets[:50]
        ],
        news=[
            Item(
                title=post.title,
                url=absolute(post.get_absolute_url()),
                label="News",
                summary=post.summary,
                meta=_date(post.published_at),
                areas=frozenset(area.pk for area in post.focal_areas.all()),
            )
            for post in news[:50]
        ],
    )


def _yours_first(items, areas):
    if not areas:
        return list(items)
    return [i for i in items if i.areas & areas] + [i for i in items if not i.areas & areas]


def edition_context(digest, content, area_ids, area_names):
    """The template context for one set of focal areas (empty set: every area)."""
    areas = frozenset(area_ids)
    if areas:
        for_you = [i for i in content.opportunities if i.areas & areas]
        others = [i for i in content.opportunities if not i.areas & areas]
    else:
        for_you, others = [], list(content.opportunities)
    return {
        "digest": digest,
        "intro_html": render_markdown(digest.intro) if digest.intro.strip() else "",
        "area_names": area_names,
        "period": f"{_date(digest.period_start)} to {_date(digest.period_end)}",
        "for_you": for_you[:SECTION_LIMIT],
        "for_you_more": max(len(for_you) - SECTION_LIMIT, 0),
        "other_opportunities": others[:SECTION_LIMIT],
        "other_opportunities_more": max(len(others) - SECTION_LIMIT, 0),
        "events": _yours_first(content.events, areas)[:SECTION_LIMIT],
        "assets": _yours_first(content.assets, areas)[:SECTION_LIMIT],
        "news": _yours_first(content.news, areas)[:SECTION_LIMIT],
        "opportunities_url": absolute(reverse("opportunity_list")),
        "events_url": absolute(reverse("event_list")),
        "assets_url": absolute(reverse("asset_list")),
        "news_url": absolute(reverse("news_list")),
        "preferences_url": PREFERENCES_URL,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "recipient": RECIPIENT,
        "archive_url": absolute(reverse("newsletter_archive_detail", args=[digest.pk])),
    }


def render_edition(digest, content, area_ids, area_names=None):
    """(subject, text, html) of one edition, with placeholders for the recipient."""
    if area_names is None:
        area_names = list(FocalArea.objects.filter(pk__in=area_ids).values_list("name", flat=True))
    context = edition_context(digest, content, area_ids, area_names)
    _subject, text, html = email_render("newsletter_digest", context)
    return digest.subject, text, html


def personalise(text, html, *, preferences_url, unsubscribe_url, recipient):
    """Fill one subscriber's links and address into an edition's text and HTML."""
    text = (
        text.replace(PREFERENCES_URL, preferences_url)
        .replace(UNSUBSCRIBE_URL, unsubscribe_url)
        .replace(RECIPIENT, recipient)
    )
    html = (
        html.replace(PREFERENCES_URL, escape(preferences_url))
        .replace(UNSUBSCRIBE_URL, escape(unsubscribe_url))
        .replace(RECIPIENT, escape(recipient))
    )
    return text, html
