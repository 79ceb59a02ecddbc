"""The brokerage's one door to the matching engine.

Everything brokerage needs from matching goes through this module, so when matching
moves (today it lives in ``opportunities/``) only the imports below change:

- ``suggested_meetings``: whom a participant should meet, with the engine's reasons;
- ``outcome_feedback``: a meeting's outcome recorded as matching feedback, so the
  engine learns which suggestions led somewhere.
"""

from collections import Counter

from opportunities import matching
from opportunities.models import Match, MatchFeedback

SUGGESTION_THRESHOLD = 1.0  # lower than the portal's: everyone here came to meet
SUGGESTIONS = 6


def _candidate(participant):
    return matching.Candidate(
        key=("participant", participant.pk),
        name=participant.organisation.name,
        focal_areas=frozenset(a.pk for a in participant.focal_areas.all()),
        offers=frozenset(k.pk for k in participant.offers.all()),
        seeks=frozenset(k.pk for k in participant.seeks.all()),
        terms=matching.terms(participant.offer, participant.seek),
        town=participant.organisation.town,
    )


def _vocabulary(participants):
    """Keyword and word rarity among this event's participants."""
    keyword_frequency, term_frequency = Counter(), Counter()
    keyword_names, area_names = {}, {}
    candidates = []
    for participant in participants:
        for keyword in [*participant.offers.all(), *participant.seeks.all()]:
            keyword_names[keyword.pk] = keyword.name
        for area in participant.focal_areas.all():
            area_names[area.pk] = area.name
        candidate = _candidate(participant)
        candidates.append((participant, candidate))
        keyword_frequency.update(candidate.offers | candidate.seeks)
        term_frequency.update(candidate.terms)
    total = len(candidates)
    vocab = matching.Vocabulary(
        focal_area_names=area_names,
        keyword_names=keyword_names,
        keyword_weights={k: matching.rarity(n, total) for k, n in keyword_frequency.items()},
        term_weights={t: matching.rarity(n, total) for t, n in term_frequency.items()},
    )
    return vocab, candidates


def suggested_meetings(participant, others, limit=SUGGESTIONS):
    """[(other participant, score, reasons)] best first, for ``participant``.

    ``others`` are the participants they may meet (validated, not their organisation,
    not already asked); they need ``for_lists()``'s prefetches.
    """
    others = list(others)
    vocab, candidates = _vocabulary([participant, *others])
    source = candidates[0][1]
    by_key = {candidate.key: other for other, candidate in candidates[1:]}
    ranked = matching.rank(
        source,
        [candidate for _, candidate in candidates[1:]],
        vocab,
        limit=limit,
        threshold=SUGGESTION_THRESHOLD,
    )
    return [(by_key[s.candidate.key], s.score, list(s.reasons)) for s in ranked]


# An outcome is feedback on the pairing: something came of it, or nothing did.
VERDICTS = {
    "none": MatchFeedback.Verdict.NOT_RELEVANT,
    "follow_up": MatchFeedback.Verdict.USEFUL,
    "collaboration": MatchFeedback.Verdict.USEFUL,
}


def outcome_feedback(*, user, event, other_organisation, result, reasons):
    """Record a meeting's outcome as matching feedback on the other organisation, under
    the event, keeping the reasons the meeting was suggested or requested for."""
    feedback, _ = MatchFeedback.objects.update_or_create(
        user=user,
        opportunity=event,
        target_key=Match.key_for("organisation", other_organisation.pk),
        defaults={
            "verdict": VERDICTS[result],
            "score": 1.0 if result == "collaboration" else 0.5 if result == "follow_up" else 0.0,
            "reasons": [f"brokerage meeting outcome: {result}", *reasons],
        },
    )
    return feedback
