"""The matching app's section of a person's "download my data" (accounts.exports)."""

from matching.models import MatchFeedback


def match_feedback(user):
    """What this person said about suggested matches."""
    return [
        {
            "opportunity": feedback.opportunity.title,
            "target": feedback.target_key,
            "verdict": feedback.verdict,
            "given_at": feedback.created_at.isoformat(),
        }
        for feedback in MatchFeedback.objects.filter(user=user).select_related("opportunity")
    ]
