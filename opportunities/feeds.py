"""Feeds for readers and calendars: Atom for opportunities, iCalendar for events.

Both are public: they carry only what anyone may see, and name the poster as the
public view of ``Opportunity.poster_shown_to`` does (never an anonymous opportunity's
organisation, nor a members-only one).
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from icalendar import Calendar, Event

from opportunities.models import Opportunity
from portal.models import FocalArea

FEED_SIZE = 50


def public_opportunities():
    return Opportunity.objects.visible_to(AnonymousUser()).select_related("organisation", "venue")


class OpportunityFeed(Feed):
    """The newest open opportunities, optionally ?focal_area=<slug> and ?kind=<kind>."""

    feed_type = Atom1Feed
    description_template = None

    def get_object(self, request):
        focal_area = request.GET.get("focal_area", "")
        kind = request.GET.get("kind", "")
        area = None
        if focal_area:
            area = FocalArea.objects.filter(slug=focal_area).first()
            if area is None:
                raise Http404("No such focal area.")
        if kind and kind not in Opportunity.Kind.values:
            raise Http404("No such kind of opportunity.")
        return {"focal_area": area, "kind": kind}

    def title(self, obj):
        title = "LCR+ opportunities"
        if obj["kind"]:
            title += f" ({Opportunity.Kind(obj['kind']).label.lower()})"
        if obj["focal_area"]:
            title += f" in {obj['focal_area'].name}"
        return title

    def link(self, obj):
        return "/opportunities/"

    def subtitle(self, obj):
        return "Partner searches, capability offers, challenges, funding calls and events."

    def items(self, obj):
        items = public_opportunities().still_open().prefetch_related("focal_areas")
        if obj["focal_area"]:
            items = items.filter(focal_areas=obj["focal_area"])
        if obj["kind"]:
            items = items.filter(kind=obj["kind"])
        return items.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.title}"

    def item_description(self, item):
        # Atom's <summary type="html"> is read as HTML: the plain-text summary is escaped
        # so that a reader shows "<b>" as written instead of rendering it.
        return escape(item.summary)

    def item_author_name(self, item):
        return item.poster_shown_to(None).name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [area.name for area in item.focal_areas.all()]

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"


def events_ics(request):
    """Public events (upcoming, and those ended within 30 days) as RFC 5545 iCalendar."""
    host = urlsplit(settings.SITE_URL).hostname or "lcr-portal"
    calendar = Calendar.new(
        prodid="-//LCR+ Innovation Portal//Events//EN",
        name="LCR+ Innovation Portal events",
        description="Events from the Liverpool City Region's science and innovation ecosystem.",
    )
    events = (
        public_opportunities()
        .filter(
            kind=Opportunity.Kind.EVENT,
            status=Opportunity.Status.PUBLISHED,
            starts_at__isnull=False,
            ends_at__gte=timezone.now() - timedelta(days=30),
        )
        .order_by("starts_at")[:500]
    )
    for opportunity in events:
        url = f"{settings.SITE_URL}{opportunity.get_absolute_url()}"
        calendar.add_component(
            Event.new(
                uid=f"opportunity-{opportunity.pk}@{host}",
                stamp=timezone.now(),
                start=opportunity.starts_at,
                end=opportunity.ends_at,
                summary=opportunity.title,
                description=f"{opportunity.summary}\n\nMore and booking: {url}\n"
                f"Organised by {opportunity.poster_shown_to(None)}.",
                location=event_place(opportunity),
                url=url,
                last_modified=opportunity.updated_at,
            )
        )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lcr-events.ics"'
    return response


def event_place(opportunity):
    parts = []
    if opportunity.venue_id:
        parts.append(opportunity.venue.name)
    if opportunity.location:
        parts.append(opportunity.location)
    if opportunity.is_online:
        parts.append("Online")
    return ", ".join(parts) or None
