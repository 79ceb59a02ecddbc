from django import template

from opportunities.models import Match, Opportunity

register = template.Library()


@register.inclusion_tag("opportunities/asset_matches.html", takes_context=True)
def opportunities_fitting(context, asset, limit=5):
    """Open opportunities the matching engine found this asset could serve.

    A template tag so the assets app need not import opportunities (DESIGN.md 3).
    """
    user = context["request"].user
    matches = (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(target_asset=asset)
        .filter(opportunity__in=Opportunity.objects.visible_to(user).published().values("pk"))
        .select_related("opportunity")
        .order_by("-score", "pk")[:limit]
    )
    return {"matches": matches}
