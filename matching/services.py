"""Matching services: build candidates from the database, rank them, store Match rows.

The scoring itself is pure and lives in ``matching/engine.py``. Candidates are
found through shared keywords (an indexed lookup on the keyword tables), so matching a
new opportunity reads only the organisations, assets and opportunities that could
possibly fit, whatever the size of the directory.
"""

import dataclasses
from collections import defaultdict

from django.db import transaction
from django.db.models import Case, Count, FloatField, Sum, Value, When
from django.utils import timezone

from accounts.models import MatchAlerts, Organisation, User
from assets.models import Asset
from matching import engine
from matching.models import Match, MatchAlert, MatchFeedback
from matching.selectors import matches_for_member
from opportunities.models import Opportunity
from portal.models import FocalArea, Keyword
from portal.outbox import email_queue

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
MAX_CANDIDATES = 200  # per target type: those sharing the rarest keywords
# A keyword on more than this many records (at least COMMON_MIN, else COMMON_SHARE of
# all records) is too common to look candidates up by.
COMMON_MIN = 100
COMMON_SHARE = 0.01


def sides(kind, keyword_ids):
    """(offers, seeks) for an opportunity: requests seek their keywords, offers offer them."""
    keyword_ids = frozenset(keyword_ids)
    if kind in NEED_KINDS:
        return frozenset(), keyword_ids
    return keyword_ids, frozenset()


def vocabulary(keyword_ids):
    """Names and rarity weights for the keywords a source carries."""
    keyword_ids = set(keyword_ids)
    frequency = defaultdict(int)
    for through, owner in [
        (Organisation.capabilities.through, "organisation_id"),
        (Asset.capabilities.through, "asset_id"),
        (Opportunity.keywords.through, "opportunity_id"),
    ]:
        rows = (
            through.objects.filter(keyword_id__in=keyword_ids)
            .values("keyword_id")
            .annotate(n=Count(owner))
            .values_list("keyword_id", "n")
        )
        for keyword_id, n in rows:
            frequency[keyword_id] += n
    total = Organisation.objects.count() + Asset.objects.count() + Opportunity.objects.count()
    common = max(COMMON_MIN, total * COMMON_SHARE)
    search = {k for k in keyword_ids if frequency[k] <= common}
    if not search:  # only common keywords: search with the two rarest
        search = set(sorted(keyword_ids, key=lambda k: frequency[k])[:2])
    return engine.Vocabulary(
        focal_area_names=dict(FocalArea.objects.values_list("pk", "name")),
        keyword_names=dict(Keyword.objects.filter(pk__in=keyword_ids).values_list("pk", "name")),
        keyword_weights={k: engine.rarity(frequency[k], total) for k in keyword_ids},
        search_keywords=frozenset(search),
    )


def _ranked(queryset, owner, vocab, limit=MAX_CANDIDATES):
    """Owner ids from keyword-table rows, ranked in SQL by the rarity of shared keywords.

    Only ``limit`` ids come back, however common the keywords are.
    """
    weights = {k: vocab.keyword_weights[k] for k in vocab.search_keywords}
    weight = Sum(
        Case(
            *[When(keyword_id=k, then=Value(w)) for k, w in weights.items()],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    return list(
        queryset.filter(keyword_id__in=list(weights))
        .values(owner)
        .annotate(weight=weight)
        .order_by("-weight", owner)
        .values_list(owner, flat=True)[:limit]
    )


def _grouped(rows):
    found = defaultdict(set)
    for owner_id, value in rows:
        found[owner_id].add(value)
    return found


def _open_requests():
    return Opportunity.keywords.through.objects.filter(
        opportunity__status=Opportunity.Status.PUBLISHED, opportunity__kind__in=NEED_KINDS
    )


def opportunity_candidate(opportunity):
    keywords = list(opportunity.keywords.values_list("pk", "name"))
    offers, seeks = sides(opportunity.kind, [pk for pk, _ in keywords])
    return engine.Candidate(
        key=("opportunity", opportunity.pk),
        name=opportunity.title,
        focal_areas=frozenset(opportunity.focal_areas.values_list("pk", flat=True)),
        offers=offers,
        seeks=seeks,
        terms=engine.terms(
            opportunity.title,
            opportunity.summary,
            opportunity.description,
            *[name for _, name in keywords],
        ),
        # An anonymous poster's town could name it: never use it in a reason.
        town="" if opportunity.is_anonymous else opportunity.organisation.town,
        published_at=opportunity.published_at,
    )


@dataclasses.dataclass(frozen=True)
class Source:
    """Where one target type's candidates are read from."""

    model: type
    keywords: type  # the through table of the keywords it offers (or, for requests, seeks)
    focal_areas: type  # the through table of its focal areas
    owner: str  # the column naming it in both through tables
    fields: tuple  # its columns that the candidate is built from


ORGANISATIONS = Source(
    Organisation,
    Organisation.capabilities.through,
    Organisation.focal_areas.through,
    "organisation_id",
    ("name", "description", "town"),
)
ASSETS = Source(
    Asset,
    Asset.capabilities.through,
    Asset.focal_areas.through,
    "asset_id",
    ("name", "summary", "description", "town"),
)
OPPORTUNITIES = Source(
    Opportunity,
    Opportunity.keywords.through,
    Opportunity.focal_areas.through,
    "opportunity_id",
    (
        "title",
        "summary",
        "description",
        "kind",
        "published_at",
        "organisation__town",
        "is_anonymous",
    ),
)


def _read(source, ids, vocab):
    """The one candidate pipeline's reading step, for ids already chosen.

    Returns [(row, shared keyword ids, focal area ids)]: each candidate carries only the
    keywords it shares with the source, since the rest cannot change a score.
    """
    shared = _grouped(
        source.keywords.objects.filter(
            **{f"{source.owner}__in": ids}, keyword_id__in=list(vocab.keyword_weights)
        ).values_list(source.owner, "keyword_id")
    )
    focal = _grouped(
        source.focal_areas.objects.filter(**{f"{source.owner}__in": ids}).values_list(
            source.owner, "focalarea_id"
        )
    )
    rows = source.model.objects.filter(pk__in=ids).values("pk", *source.fields)
    return [(row, frozenset(shared[row["pk"]]), frozenset(focal[row["pk"]])) for row in rows]


def _in_vocabulary(source, vocab, **filters):
    """Keyword-table rows of ``source`` on the source's keywords (to rank candidates by)."""
    return source.keywords.objects.filter(keyword_id__in=list(vocab.keyword_weights), **filters)


def organisation_candidates(vocab, exclude_ids=(), ids=None, with_needs=True):
    """Organisations whose capabilities or open requests share the rarest keywords."""
    need_rows = _open_requests().filter(keyword_id__in=list(vocab.keyword_weights))
    if ids is None:
        ids = set(_ranked(_in_vocabulary(ORGANISATIONS, vocab), "organisation_id", vocab))
        if with_needs:
            ids |= set(_ranked(need_rows, "opportunity__organisation_id", vocab))
    ids = set(ids) - set(exclude_ids)
    seeks = defaultdict(set)
    if with_needs:
        seeks = _grouped(
            need_rows.filter(opportunity__organisation_id__in=ids).values_list(
                "opportunity__organisation_id", "keyword_id"
            )
        )
    return [
        engine.Candidate(
            key=("organisation", row["pk"]),
            name=row["name"],
            focal_areas=focal,
            offers=shared,
            seeks=frozenset(seeks[row["pk"]]),
            terms=engine.terms(row["name"], row["description"]),
            town=row["town"],
        )
        for row, shared, focal in _read(ORGANISATIONS, ids, vocab)
    ]


def asset_candidates(vocab):
    """Published assets whose capabilities share the rarest keywords."""
    rows = _in_vocabulary(ASSETS, vocab, asset__status=Asset.Status.PUBLISHED)
    return [
        engine.Candidate(
            key=("asset", row["pk"]),
            name=row["name"],
            focal_areas=focal,
            offers=shared,
            terms=engine.terms(row["name"], row["summary"], row["description"]),
            town=row["town"],
        )
        for row, shared, focal in _read(ASSETS, _ranked(rows, "asset_id", vocab), vocab)
    ]


def opportunity_candidates(vocab, kinds, exclude_organisation_id=None):
    """Published opportunities of the given kinds sharing the rarest keywords."""
    rows = _in_vocabulary(
        OPPORTUNITIES,
        vocab,
        opportunity__status=Opportunity.Status.PUBLISHED,
        opportunity__kind__in=kinds,
    ).exclude(opportunity__organisation_id=exclude_organisation_id)
    candidates = []
    for row, shared, focal in _read(OPPORTUNITIES, _ranked(rows, "opportunity_id", vocab), vocab):
        offers, seeks = sides(row["kind"], shared)
        candidates.append(
            engine.Candidate(
                key=("opportunity", row["pk"]),
                name=row["title"],
                focal_areas=focal,
                offers=offers,
                seeks=seeks,
                terms=engine.terms(row["title"], row["summary"], row["description"]),
                # An anonymous poster's town could name it: never use it in a reason.
                town="" if row["is_anonymous"] else row["organisation__town"],
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
    # What other organisations seek matters only to an offer (or event) looking for takers.
    organisations = organisation_candidates(
        vocab,
        exclude_ids=[opportunity.organisation_id],
        with_needs=opportunity.kind not in NEED_KINDS,
    )
    assets = asset_candidates(vocab) if opportunity.kind in NEED_KINDS else []
    others = opportunity_candidates(vocab, complement, opportunity.organisation_id)
    return {
        "organisation": engine.rank(source, organisations, vocab, limit=LIMITS["organisation"]),
        "asset": engine.rank(source, assets, vocab, limit=LIMITS["asset"]),
        "opportunity": engine.rank(source, others, vocab, limit=LIMITS["opportunity"], now=now),
    }


@transaction.atomic
def opportunity_match(*, opportunity):
    """Recompute and store an opportunity's matches. Returns the Match rows it created.

    Safe to run twice, and at once: the opportunity's row is locked while its matches
    are rewritten; rows are updated in place, new ones created, ones that no longer
    qualify deleted. An opportunity that is not open has no matches and is no one's match.
    """
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    existing = {
        (m.target_type, getattr(m, TARGET_FIELDS[m.target_type])): m
        for m in opportunity.matches.all()
    }
    wanted = {}
    if Opportunity.objects.still_open().filter(pk=opportunity.pk).exists():
        for target_type, results in opportunity_suggestions(opportunity).items():
            for scored in results:
                wanted[(target_type, scored.candidate.key[1])] = scored
    else:
        # Nor is it suggested to other opportunities.
        Match.objects.filter(target_opportunity=opportunity).delete()
    created = []
    for key, scored in wanted.items():
        match = existing.get(key)
        fields = {
            "score": scored.score,
            "reasons": list(scored.reasons),
            "target_reasons": list(scored.target_reasons),
        }
        if match is None:
            target_type, target_id = key
            created.append(
                Match(
                    opportunity=opportunity,
                    target_type=target_type,
                    target_key=Match.key_for(target_type, target_id),
                    **fields,
                    **{TARGET_FIELDS[target_type]: target_id},
                )
            )
        elif any(getattr(match, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(match, name, value)
            match.save(update_fields=[*fields, "updated_at"])
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
                    "target_reasons": list(scored.target_reasons),
                },
            )


def _places_taken(opportunity_ids, target_type, target_id):
    """{opportunity id: the lowest score still in its top list}, for opportunities whose
    list of this target type is full without ``target_id``."""
    limit = LIMITS[target_type]
    scores = defaultdict(list)
    rows = (
        Match.objects.filter(opportunity_id__in=opportunity_ids, target_type=target_type)
        .exclude(**{TARGET_FIELDS[target_type]: target_id})
        .values_list("opportunity_id", "score")
    )
    for opportunity_id, score in rows:
        scores[opportunity_id].append(score)
    return {
        pk: sorted(values, reverse=True)[limit - 1]
        for pk, values in scores.items()
        if len(values) >= limit
    }


def _rematch_target(target, target_type, kinds, exclude_organisation_id=None):
    """Re-score one organisation or asset against the open opportunities it could fit,
    exactly as ``opportunity_match`` would score it, within each opportunity's limit."""
    field = TARGET_FIELDS[target_type]
    keyword_ids = target.offers | target.seeks
    if not keyword_ids:
        Match.objects.filter(**{field: target.key[1]}).delete()
        return 0
    vocab = vocabulary(keyword_ids)
    candidates = opportunity_candidates(vocab, kinds, exclude_organisation_id)
    # Lock the opportunities in a fixed order, as opportunity_match locks its own row.
    ids = sorted(c.key[1] for c in candidates)
    list(Opportunity.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    # A request is scored against what an organisation offers, not what it also seeks.
    offers_only = dataclasses.replace(target, seeks=frozenset())
    full = _places_taken(ids, target_type, target.key[1])
    pairs = []
    for candidate in candidates:
        opportunity_id = candidate.key[1]
        seen_as = offers_only if candidate.seeks else target
        result = engine.score(candidate, seen_as, vocab)
        keep = result.score >= engine.THRESHOLD and result.score > full.get(opportunity_id, 0)
        pairs.append((opportunity_id, target.key[1], result if keep else None))
    previously = set(
        Match.objects.filter(**{field: target.key[1]}).values_list("opportunity_id", flat=True)
    )
    pairs += [(pk, target.key[1], None) for pk in previously - set(ids)]
    _store_pairs(pairs, target_type)
    return sum(1 for _, _, result in pairs if result is not None)


@transaction.atomic
def organisation_rematch(*, organisation):
    """Re-score an organisation against the open opportunities it could answer.

    Run when its profile changes. Returns how many matches it now has.
    """
    keyword_ids = set(organisation.capabilities.values_list("pk", flat=True))
    keyword_ids |= set(
        _open_requests()
        .filter(opportunity__organisation=organisation)
        .values_list("keyword_id", flat=True)
    )
    vocab = vocabulary(keyword_ids)
    candidate = organisation_candidates(vocab, ids=[organisation.pk])[0]
    return _rematch_target(
        candidate,
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
    candidate = engine.Candidate(
        key=("asset", asset.pk),
        name=asset.name,
        focal_areas=frozenset(asset.focal_areas.values_list("pk", flat=True)),
        offers=frozenset(asset.capabilities.values_list("pk", flat=True)),
        terms=engine.terms(asset.name, asset.summary, asset.description),
        town=asset.town,
    )
    return _rematch_target(candidate, "asset", NEED_KINDS)


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


def match_alerts_send(*, frequency):
    """Email each member whose preference is ``frequency`` one message listing all their
    matches not yet sent to them. Never sends the same match to a person twice; safe to
    run twice. Returns how many emails were queued."""
    if frequency == MatchAlerts.OFF:
        return 0
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
    organisation_ids = set(Organisation.objects.of_member(user).values_list("pk", flat=True))
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
