"""Matches shown on other apps' pages: a lower app loads these tags instead of importing
the matching app (DESIGN.md 3)."""

from django import template

from matching import selectors

register = template.Library()


@register.inclusion_tag("matching/asset_matches.html", takes_context=True)
def opportunities_fitting(context, asset, limit=5):
    """Open opportunities the matching engine found this asset could serve."""
    user = context["request"].user
    return {"matches": selectors.opportunities_fitting(asset, user, limit=limit)}


@register.inclusion_tag("matching/matches_panel.html", takes_context=True)
def opportunity_matches(context, opportunity, is_member):
    """The opportunity page's suggestions: facilities and fitting opportunities for
    everyone, organisations that could help only for the organisation that posted it."""
    user = context["request"].user
    return {"matches": selectors.opportunity_page_matches(opportunity, user, is_member)}
