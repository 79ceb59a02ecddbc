"""Matching services: build candidates from the database, rank them, store Match rows.

The scoring itself is pure and lives in ``opportunities/matching.py``. Candidates are
found through shared keywords (an indexed lookup on the keyword tables), so matching a
new opportunity reads only the organisations, assets and opportunities that could
possibly fit, whatever the size of the directory.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import Organisation, User
from assets.models import Asset
from opportunities import matching
from opportunities.models import Match, MatchAlert, MatchFeedback, Opportunity
from portal.emails import email_queue
from portal.models import FocalArea, Keyword

NEED_KINDS = {
    Opportunity.Kind.PARTNER_SEARCH,
    Opportunity.Kind.CHALLENGE,
    Opportunity.Kind.FUNDING_CALL,
}
OFFER_KINDS = {Opportunity.Kind.CAPABILITY_OFFER, Opportunity.Kind.EVENT}
LIMITS = {"organisation": 20, "asset": 10, "opportunity": 10}
TARGET_FIELDS = {
    "organisation": "target_organisation_id",
    "asset": "target_asset_id",
    "opportunity": "target_opportunity_id",
}
MAX_CANDIDATES = 400  # per target type: the ones sharing the most keywords


def sides(kind, keyword_ids):
    """(offers, seeks) for an opportunity: requests seek their keywords, offers offer them."""
    keyword_ids = frozenset(keyword_ids)
    if kind in NEED_KINDS:
        return frozenset(), keyword_ids
    return keyword_ids, frozenset()


def _through_pairs(manager_field, owner_field, keyword_ids, **filters):
    """{owner id: set of keyword ids} for rows of a keyword M2M table."""
    through = manager_field.through
    pairs = defaultdict(set)
    rows = through.objects.filter(keyword_id__in=keyword_ids, **filters).values_list(
        owner_field, "keyword_id"
    )
    for owner_id, keyword_id in rows:
        pairs[owner_id].add(keyword_id)
    return pairs


def _top(pairs, limit=MAX_CANDIDATES):
    return sorted(pairs, key=lambda pk: (-len(pairs[pk]), pk))[:limit]


def _focal_areas(through, owner_field, ids):
    found = defaultdict(set)
    for owner_id, area_id in through.objects.filter(**{f"{owner_field}__in": ids}).values_list(
        owner_field, "focalarea_id"
    ):
        found[owner_id].add(area_id)
    return found


def _keywords(through, owner_field, ids):
    found = defaultdict(set)
    for owner_id, keyword_id in through.objects.filter(**{f"{owner_field}__in": ids}).values_list(
        owner_field, "keyword_id"
    ):
        found[owner_id].add(keyword_id)
    return found


def _open_needs(organisation_ids):
    """{organisation id: keyword ids its published requests seek}."""
    through = Opportunity.keywords.through
    found = defaultdict(set)
    rows = through.objects.filter(
        opportunity__organisation_id__in=organisation_ids,
        opportunity__status=Opportunity.Status.PUBLISHED,
        opportunity__kind__in=NEED_KINDS,
    ).values_list("opportunity__organisation_id", "keyword_id")
    for organisation_id, keyword_id in rows:
        found[organisation_id].add(keyword_id)
    return found


def vocabulary(keyword_ids):
    """Names and rarity weights for the keywords a source carries."""
    keyword_ids = set(keyword_ids)
    frequency = defaultdict(int)
    for through, owner in [
        (Organisation.capabilities.through, "organisation_id"),
        (Asset.capabilities.through, "asset_id"),
        (Opportunity.keywords.through, "opportunity_id"),
    ]:
        for row in (
            through.objects.filter(keyword_id__in=keyword_ids)
            .values("keyword_id")
            .annotate(n=Count(owner))
        ):
            frequency[row["keyword_id"]] += row["n"]
    total = Organisation.objects.count() + Asset.objects.count() + Opportunity.objects.count()
    return matching.Vocabulary(
        focal_area_names=dict(FocalArea.objects.values_list("pk", "name")),
        keyword_names=dict(Keyword.objects.filter(pk__in=keyword_ids).values_list("pk", "name")),
        keyword_weights={k: matching.rarity(frequency[k], total) for k in keyword_ids},
    )


def opportunity_candidate(opportunity):
    keyword_ids = set(opportunity.keywords.values_list("pk", flat=True))
    offers, seeks = sides(opportunity.kind, keyword_ids)
    keyword_names = opportunity.keywords.values_list("name", flat=True)
    return matching.Candidate(
        key=("opportunity", opportunity.pk),
        name=opportunity.title,
        focal_areas=frozenset(opportunity.focal_areas.values_list("pk", flat=True)),
        offers=offers,
        seeks=seeks,
        terms=matching.terms(
            opportunity.title, opportunity.summary, opportunity.description, *keyword_names
        ),
        town=opportunity.organisation.town,
        published_at=opportunity.published_at,
    )


def organisation_candidates(keyword_ids, exclude_ids=()):
    """Organisations whose capabilities or open requests share a keyword."""
    pairs = _through_pairs(Organisation.capabilities, "organisation_id", keyword_ids)
    for organisation_id, keywords in _open_needs_by_keyword(keyword_ids).items():
        pairs[organisation_id] |= keywords
    for organisation_id in exclude_ids:
        pairs.pop(organisation_id, None)
    return organisation_candidates_by_id(_top(pairs))


def _open_needs_by_keyword(keyword_ids):
    through = Opportunity.keywords.through
    found = defaultdict(set)
    rows = through.objects.filter(
        keyword_id__in=keyword_ids,
        opportunity__status=Opportunity.Status.PUBLISHED,
        opportunity__kind__in=NEED_KINDS,
    ).values_list("opportunity__organisation_id", "keyword_id")
    for organisation_id, keyword_id in rows:
        found[organisation_id].add(keyword_id)
    return found


def asset_candidates(keyword_ids):
    pairs = _through_pairs(
        Asset.capabilities, "asset_id", keyword_ids, asset__status=Asset.Status.PUBLISHED
    )
    ids = _top(pairs)
    rows = Asset.objects.filter(pk__in=ids).values("pk", "name", "summary", "description", "town")
    focal = _focal_areas(Asset.focal_areas.through, "asset_id", ids)
    capabilities = _keywords(Asset.capabilities.through, "asset_id", ids)
    return [
        matching.Candidate(
            key=("asset", row["pk"]),
            name=row["name"],
            focal_areas=frozenset(focal[row["pk"]]),
            offers=frozenset(capabilities[row["pk"]]),
            terms=matching.terms(row["name"], row["summary"], row["description"]),
            town=row["town"],
        )
        for row in rows
    ]


def opportunity_candidates(keyword_ids, kinds, exclude_organisation_id):
    pairs = _through_pairs(
        Opportunity.keywords,
        "opportunity_id",
        keyword_ids,
        opportunity__status=Opportunity.Status.PUBLISHED,
        opportunity__kind__in=kinds,
    )
    ids = _top(pairs)
    rows = (
        Opportunity.objects.filter(pk__in=ids)
        .exclude(organisation_id=exclude_organisation_id)
        .values("pk", "title", "summary", "description", "kind", "published_at",
                "organisation__town")
    )  # fmt: skip
    focal = _focal_areas(Opportunity.focal_areas.through, "opportunity_id", ids)
    keywords = _keywords(Opportunity.keywords.through, "opportunity_id", ids)
    candidates = []
    for row in rows:
        offers, seeks = sides(row["kind"], keywords[row["pk"]])
        candidates.append(
            matching.Candidate(
                key=("opportunity", row["pk"]),
                name=row["title"],
                focal_areas=frozenset(focal[row["pk"]]),
                offers=offers,
                seeks=seeks,
                terms=matching.terms(row["title"], row["summary"], row["description"]),
                town=row["organisation__town"],
                published_at=row["published_at"],
            )
        )
    return candidates


def opportunity_suggestions(opportunity):
    """Ranked suggestions for an opportunity, by target type: {type: [Scored, ...]}."""
    source = opportunity_candidate(opportunity)
    keyword_ids = source.offers | source.seeks
    if not keyword_ids:
        return {"organisation": [], "asset": [], "opportunity": []}
    vocab = vocabulary(keyword_ids)
    now = timezone.now()
    complement = OFFER_KINDS if opportunity.kind in NEED_KINDS else NEED_KINDS
    organisations = organisation_candidates(keyword_ids, exclude_ids=[opportunity.organisation_id])
    assets = asset_candidates(keyword_ids) if opportunity.kind in NEED_KINDS else []
    others = opportunity_candidates(keyword_ids, complement, opportunity.organisation_id)
    return {
        "organisation": matching.rank(source, organisations, vocab, limit=LIMITS["organisation"]),
        "asset": matching.rank(source, assets, vocab, limit=LIMITS["asset"]),
        "opportunity": matching.rank(source, others, vocab, limit=LIMITS["opportunity"], now=now),
    }


@transaction.atomic
def opportunity_match(*, opportunity):
    """Recompute and store an opportunity's matches. Returns the Match rows it created.

    Safe to run twice: rows are updated in place, new ones created, ones that no longer
    qualify deleted. An opportunity that is not published has no matches.
    """
    existing = {
        (m.target_type, getattr(m, TARGET_FIELDS[m.target_type])): m
        for m in opportunity.matches.all()
    }
    wanted = {}
    if opportunity.status == Opportunity.Status.PUBLISHED:
        for target_type, results in opportunity_suggestions(opportunity).items():
            for scored in results:
                wanted[(target_type, scored.candidate.key[1])] = scored
    created = []
    for key, scored in wanted.items():
        match = existing.get(key)
        if match is None:
            target_type, target_id = key
            created.append(
                Match(
                    opportunity=opportunity,
                    target_type=target_type,
                    target_key=Match.key_for(target_type, target_id),
                    score=scored.score,
                    reasons=list(scored.reasons),
                    **{TARGET_FIELDS[target_type]: target_id},
                )
            )
        elif match.score != scored.score or match.reasons != list(scored.reasons):
            match.score, match.reasons = scored.score, list(scored.reasons)
            match.save(update_fields=["score", "reasons", "updated_at"])
    stale = [m.pk for key, m in existing.items() if key not in wanted]
    if stale:
        Match.objects.filter(pk__in=stale).delete()
    return Match.objects.bulk_create(created)


def _store_pairs(pairs, target_type):
    """Upsert or delete the Match rows for (opportunity id, target id, Scored or None)."""
    field = TARGET_FIELDS[target_type]
    for opportunity_id, target_id, scored in pairs:
        lookup = {"opportunity_id": opportunity_id, field: target_id}
        if scored is None:
            Match.objects.filter(**lookup).delete()
        else:
            Match.objects.update_or_create(
                **lookup,
                defaults={
                    "target_type": target_type,
                    "score": scored.score,
                    "reasons": list(scored.reasons),
                },
            )


def _rematch_target(target, target_type, kinds, exclude_organisation_id=None):
    keyword_ids = target.offers | target.seeks
    if not keyword_ids:
        Match.objects.filter(**{TARGET_FIELDS[target_type]: target.key[1]}).delete()
        return 0
    vocab = vocabulary(keyword_ids)
    candidates = opportunity_candidates(keyword_ids, kinds, exclude_organisation_id)
    scored = {c.key[1]: matching.score(c, target, vocab) for c in candidates}
    field = TARGET_FIELDS[target_type]
    previously = set(
        Match.objects.filter(**{field: target.key[1]}).values_list("opportunity_id", flat=True)
    )
    pairs = [
        (opportunity_id, target.key[1], result if result.score >= matching.THRESHOLD else None)
        for opportunity_id, result in scored.items()
    ]
    pairs += [(pk, target.key[1], None) for pk in previously - set(scored)]
    _store_pairs(pairs, target_type)
    return sum(1 for _, _, result in pairs if result is not None)


@transaction.atomic
def organisation_rematch(*, organisation):
    """Re-score an organisation against the open opportunities it could answer.

    Run when its profile changes. Returns how many matches it now has.
    """
    candidates = organisation_candidates_by_id([organisation.pk])
    if not candidates:
        Match.objects.filter(target_organisation=organisation).delete()
        return 0
    return _rematch_target(
        candidates[0],
        "organisation",
        NEED_KINDS | OFFER_KINDS,
        exclude_organisation_id=organisation.pk,
    )


@transaction.atomic
def asset_rematch(*, asset):
    """Re-score an asset against the open requests it could serve (when it changes)."""
    if asset.status != Asset.Status.PUBLISHED:
        Match.objects.filter(target_asset=asset).delete()
        return 0
    candidate = matching.Candidate(
        key=("asset", asset.pk),
        name=asset.name,
        focal_areas=frozenset(asset.focal_areas.values_list("pk", flat=True)),
        offers=frozenset(asset.capabilities.values_list("pk", flat=True)),
        terms=matching.terms(asset.name, asset.summary, asset.description),
        town=asset.town,
    )
    return _rematch_target(candidate, "asset", NEED_KINDS)


def organisation_candidates_by_id(ids):
    rows = Organisation.objects.filter(pk__in=ids).values("pk", "name", "description", "town")
    focal = _focal_areas(Organisation.focal_areas.through, "organisation_id", ids)
    capabilities = _keywords(Organisation.capabilities.through, "organisation_id", ids)
    needs = _open_needs(ids)
    return [
        matching.Candidate(
            key=("organisation", row["pk"]),
            name=row["name"],
            focal_areas=frozenset(focal[row["pk"]]),
            offers=frozenset(capabilities[row["pk"]]),
            seeks=frozenset(needs[row["pk"]]),
            terms=matching.terms(row["name"], row["description"]),
            town=row["town"],
        )
        for row in rows
    ]


def match_feedback_give(*, match, user, verdict):
    """Record what someone thinks of a match; "not relevant" hides it from them."""
    feedback, _ = MatchFeedback.objects.update_or_create(
        user=user,
        opportunity_id=match.opportunity_id,
        target_key=match.target_key,
        defaults={
            "match": match,
            "verdict": verdict,
            "score": match.score,
            "reasons": match.reasons,
        },
    )
    return feedback


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


def match_alerts_send(*, frequency):
    """Email each member whose preference is ``frequency`` one message listing all their
    matches not yet sent to them. Never sends the same match to a person twice; safe to
    run twice. Returns how many emails were queued."""
    sent = 0
    users = User.objects.filter(match_alerts=frequency, is_active=True).order_by("pk")
    for user_id in users.values_list("pk", flat=True):
        sent += _member_alert(user_id)
    return sent


@transaction.atomic
def _member_alert(user_id):
    # Lock the person so two runs at once cannot both email the same matches.
    user = User.objects.select_for_update().get(pk=user_id)
    alerted = MatchAlert.objects.filter(user=user).values_list("opportunity_id", "target_key")
    alerted = set(alerted)
    new = [
        match
        for match in matches_for_member(user).select_related(
            "opportunity", "target_organisation", "target_asset", "target_opportunity"
        )
        if (match.opportunity_id, match.target_key) not in alerted
    ]
    if not new:
        return 0
    MatchAlert.objects.bulk_create(
        [
            MatchAlert(user=user, opportunity_id=m.opportunity_id, target_key=m.target_key)
            for m in new
        ],
        ignore_conflicts=True,
    )
    organisation_ids = set(user.memberships.values_list("organisation_id", flat=True))
    recommended = [m for m in new if m.target_organisation_id in organisation_ids]
    for_yours = [m for m in new if m.opportunity.organisation_id in organisation_ids]
    email_queue(
        name="match_alert",
        to=[user.email],
        context={
            "user": user,
            "recommended": recommended,
            "for_yours": for_yours,
            "count": len(new),
        },
    )
    return 1
