"""The opportunities app's sections of a person's "download my data" (accounts.exports)."""

from opportunities.models import ExpressionOfInterest, Opportunity, Viewer


def _iso(value):
    return value.isoformat() if value else None


def interests_sent(user):
    """Expressions of interest this person sent, with their answers, and who posted
    the opportunity as this person may see it (an anonymous one: once accepted)."""
    viewer = Viewer(user)
    return [
        {
            "opportunity": interest.opportunity.title,
            "posted_by": interest.opportunity.poster_shown_to(viewer).name,
            "on_behalf_of": interest.organisation.name,
            "who_we_are": interest.who_we_are,
            "what_we_bring": interest.what_we_bring,
            "what_we_want": interest.what_we_want,
            "status": interest.status,
            "sent_at": _iso(interest.created_at),
        }
        for interest in ExpressionOfInterest.objects.filter(sent_by=user).select_related(
            "opportunity__organisation", "organisation"
        )
    ]


def opportunities_posted(user):
    """Opportunities this person posted (whoever edits them now); the organisation as
    this person may see it now (an anonymous one's, only while they are a member)."""
    viewer = Viewer(user)
    return [
        {
            "title": opportunity.title,
            "kind": opportunity.kind,
            "organisation": opportunity.poster_shown_to(viewer).name,
            "status": opportunity.status,
            "summary": opportunity.summary,
            "created_at": _iso(opportunity.created_at),
        }
        for opportunity in Opportunity.objects.filter(posted_by=user).select_related("organisation")
    ]
