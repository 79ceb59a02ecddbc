"""A person's data download includes what they did in the opportunities app."""

import json

import pytest

from accounts.tests.factories import MembershipFactory, VerifiedUserFactory
from matching.models import MatchFeedback
from opportunities.models import ExpressionOfInterest
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_download_my_data_includes_interests_opportunities_and_match_feedback(client):
    me = VerifiedUserFactory()
    mine = MembershipFactory(user=me).organisation
    OpportunityFactory(title="Our partner search", organisation=mine, posted_by=me)
    theirs = OpportunityFactory(title="Their challenge")
    ExpressionOfInterest.objects.create(
        opportunity=theirs,
        organisation=mine,
        sent_by=me,
        who_we_are="A coatings SME",
        what_we_bring="Robots",
        what_we_want="A pilot",
    )
    MatchFeedback.objects.create(
        user=me, opportunity=theirs, target_key="organisation:1", verdict="useful", score=3
    )
    OpportunityFactory(title="Someone else's", posted_by=VerifiedUserFactory())
    client.force_login(me)

    data = json.loads(client.get("/accounts/settings/my-data.json").content)

    assert [o["title"] for o in data["opportunities_posted"]] == ["Our partner search"]
    assert data["expressions_of_interest_sent"][0]["what_we_bring"] == "Robots"
    assert data["match_feedback"] == [
        {
            "opportunity": "Their challenge",
            "target": "organisation:1",
            "verdict": "useful",
            "given_at": data["match_feedback"][0]["given_at"],
        }
    ]
