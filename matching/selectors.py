"""Reading matches for pages and emails: who sees which suggestions."""

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from accounts.models import Organisation
from assets.models import Asset
from matching.models import Match, open_opportunity
from opportunities.models import Opportunity, member_organisation_ids


def matches_for_member(user):
    """New matches a member should hear about: opportunities recommended to their
    organisations, and organisations, facilities and opportunities suggested for their
    organisations' own opportunities. Dismissed ones are left out."""
    organisation_ids = list(Organisation.objects.of_member(user).values_list("pk", flat=True))
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


PANEL_FIELDS = [
    "opportunity_id",
    "target_type",
    "reasons",
    "target_asset__name",
    "target_asset__slug",
    "target_organisation__name",
    "target_organisation__slug",
    "target_opportunity__title",
    "target_opportunity__slug",
    "target_opportunity__kind",
]


def opportunity_page_matches(opportunity, user, is_member):
    """What the opportunity page shows: facilities and fitting opportunities the viewer may
    see, for everyone; organisations that could help only to the organisation that posted
    it (``is_member``)."""
    if not opportunity.is_still_open:
        return {"assets": [], "opportunities": [], "organisations": []}
    visible = open_opportunity("target_opportunity_id", Opportunity.objects.visible_to(user))
    matches = (
        Match.objects.filter(opportunity=opportunity)
        .not_dismissed_by(user)
        .filter(
            Q(target_asset__status=Asset.Status.PUBLISHED)
            | visible
            | Q(target_organisation__isnull=False)
        )
        .select_related("target_asset", "target_organisation", "target_opportunity")
        # What the panel shows (matching/matches_panel.html): not the long text fields.
        .only(*PANEL_FIELDS)
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


def recommended_for(user, limit=10, organisation_ids=None):
    """Open opportunities matched to the member's organisations, best first.

    ``organisation_ids``: the member's organisations when the caller already has them (the
    dashboard): as a list of ids rather than a subquery, PostgreSQL plans this in about
    1 ms instead of 10."""
    if organisation_ids is None:
        organisation_ids = member_organisation_ids(user)
    return (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(target_organisation_id__in=organisation_ids)
        .select_related("opportunity__organisation", "target_organisation")
        .order_by("-score", "pk")[:limit]
    )


def opportunities_fitting(asset, user, limit=5):
    """Open opportunities the engine found this asset could serve, that ``user`` may see."""
    return (
        Match.objects.open()
        .not_dismissed_by(user)
        .filter(target_asset=asset)
        .filter(
            Exists(
                Opportunity.objects.visible_to(user)
                .published()
                .filter(pk=OuterRef("opportunity_id"))
            )
        )
        .select_related("opportunity")
        .order_by("-score", "pk")[:limit]
    )
