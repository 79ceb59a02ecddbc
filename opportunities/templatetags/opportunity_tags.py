"""Template tags other apps' pages use to show opportunities (assets never import us)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts.models import Organisation
from opportunities.models import Opportunity

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
    return {"opportunities": opportunities, "asset": asset}


@register.simple_tag
def opportunity_json_ld(opportunity, show_poster=False):
    """schema.org data for search engines; the organisation only when it may be shown,
    and its profile's URL only when the profile is public (search engines are anonymous
    visitors: a members-only profile is a 404 to them)."""
    url = f"{settings.SITE_URL}{opportunity.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "name": opportunity.title,
        "description": opportunity.summary,
        "url": url,
    }
    organisation = None
    if show_poster and not opportunity.is_anonymous:
        organisation = {"@type": "Organization", "name": opportunity.organisation.name}
        if opportunity.organisation.visibility == Organisation.Visibility.PUBLIC:
            organisation["url"] = (
                f"{settings.SITE_URL}{opportunity.organisation.get_absolute_url()}"
            )
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
