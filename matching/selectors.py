"""Reading matches for pages and emails: who sees which suggestions."""

from collections import defaultdict

from django.db.models import Q

from assets.models import Asset
from matching.models import Match
from opportunities.models import Opportunity


def matches_for_member(user):
    """New matches a member should hear about: opportunities recommended to their
    organisations, and organisations, facilities and opportunities suggested for their
    organisations' own opportunities. Dismissed ones are left out."""
    organisation_ids = list(user.memberships.values_list("organisation_id", flat=True))
    return (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(
            Q(target_organisation_id__in=organisation_ids)
            | Q(opportunity__organisation_id__in=organisation_ids)
        )
        .exclude(
            target_organisation_id__isnull=True,
            target_opportunity__isnull=True,
            target_asset__isnull=True,
        )
    )


def opportunity_page_matches(opportunity, user, is_member):
    """What the opportunity page shows: facilities and fitting opportunities the viewer may
    see, for everyone; organisations that could help only to the organisation that posted
    it (``is_member``)."""
    if not Opportunity.objects.still_open().filter(pk=opportunity.pk).exists():
        return {"assets": [], "opportunities": [], "organisations": []}
    visible = Opportunity.objects.visible_to(user).still_open().values("pk")
    matches = (
        Match.objects.filter(opportunity=opportunity)
        .not_dismissed_by(user)
        .filter(
            Q(target_asset__status=Asset.Status.PUBLISHED)
            | Q(target_opportunity__in=visible)
            | Q(target_organisation__isnull=False)
        )
        .select_related("target_asset", "target_organisation", "target_opportunity")
    )
    if not is_member:
        matches = matches.filter(target_organisation__isnull=True)
    by_type = defaultdict(list)
    for match in matches:
        by_type[match.target_type].append(match)
    return {
        "assets": by_type[Match.TargetType.ASSET][:5],
        "opportunities": by_type[Match.TargetType.OPPORTUNITY][:5],
        "organisations": by_type[Match.TargetType.ORGANISATION][:10],
    }


def recommended_for(user, limit=10):
    """Open opportunities matched to the member's organisations, best first."""
    return (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(target_organisation_id__in=user.memberships.values("organisation_id"))
        .select_related("opportunity__organisation", "target_organisation")
        .order_by("-score", "pk")[:limit]
    )


def opportunities_fitting(asset, user, limit=5):
    """Open opportunities the engine found this asset could serve, that ``user`` may see."""
    return (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(target_asset=asset)
        .filter(opportunity__in=Opportunity.objects.visible_to(user).published().values("pk"))
        .select_related("opportunity")
        .order_by("-score", "pk")[:limit]
    )
