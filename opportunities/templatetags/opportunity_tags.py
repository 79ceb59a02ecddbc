"""Template tags other apps' pages use to show opportunities (assets never import us)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from opportunities.models import Opportunity, Viewer

register = template.Library()

# The same escapes as Django's json_script: the JSON cannot close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("opportunities/_asset_opportunities.html", takes_context=True)
def asset_opportunities(context, asset, limit=10):
    """Open opportunities the viewer may see that name ``asset`` (for the asset page)."""
    user = context["request"].user
    opportunities = (
        Opportunity.objects.visible_to(user)
        .still_open()
        .filter(related_assets=asset)
        .select_related("organisation")
        .order_by("-published_at")[:limit]
    )
    return {"opportunities": opportunities, "asset": asset, "request": context["request"]}


def page_viewer(context):
    """The viewer of the page being rendered, kept on the request so a list asks the
    database about them once; without a request (an email) it is anyone."""
    request = context.get("request")
    if request is None:
        return Viewer()
    if not hasattr(request, "poster_viewer"):
        request.poster_viewer = Viewer(request.user)
    return request.poster_viewer


@register.simple_tag(takes_context=True)
def poster(context, opportunity):
    """The name this page's viewer may see of who posted ``opportunity`` (the rule is
    ``Opportunity.poster_shown_to``); without a request (an email), anyone's view."""
    return opportunity.poster_shown_to(page_viewer(context)).name


@register.simple_tag(takes_context=True)
def shown_poster(context, opportunity):
    """``{% shown_poster opportunity as p %}``: the ``Poster`` itself, for ``p.link``
    (the name, linked to the profile when the organisation is shown),
    ``p.organisation`` and ``p.anonymous_to_others``."""
    return opportunity.poster_shown_to(page_viewer(context))


@register.simple_tag
def opportunity_json_ld(opportunity):
    """schema.org data for search engines, which are anyone: the organisation only as
    the public view of the poster-name rule shows it (never an anonymous poster or a
    members-only organisation)."""
    url = f"{settings.SITE_URL}{opportunity.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "name": opportunity.title,
        "description": opportunity.summary,
        "url": url,
    }
    organisation = None
    poster = opportunity.poster_shown_to(None)
    if poster.organisation:
        organisation = {
            "@type": "Organization",
            "name": poster.name,
            "url": f"{settings.SITE_URL}{poster.url}",
        }
    if opportunity.is_event:
        data |= {
            "@type": "Event",
            "startDate": opportunity.starts_at,
            "endDate": opportunity.ends_at,
            "eventAttendanceMode": "https://schema.org/"
            + (
                "OnlineEventAttendanceMode"
                if opportunity.is_online
                else "OfflineEventAttendanceMode"
            ),
        }
        place = opportunity.venue.name if opportunity.venue_id else opportunity.location
        if place:
            data["location"] = {"@type": "Place", "name": place}
        if organisation:
            data["organizer"] = organisation
    else:
        is_offer = opportunity.kind == Opportunity.Kind.CAPABILITY_OFFER
        data["@type"] = "Offer" if is_offer else "Demand"
        if opportunity.deadline:
            data["validThrough"] = opportunity.deadline
        if organisation:
            data["seller"] = organisation
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
