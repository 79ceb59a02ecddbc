"""The database refuses a match whose target disagrees with its type."""

import pytest
from django.db import IntegrityError

from accounts.tests.factories import OrganisationFactory
from assets.tests.factories import AssetFactory
from matching.models import Match
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "target_type, targets",
    [
        ("organisation", ["organisation", "asset"]),  # two targets
        ("asset", ["organisation"]),  # the wrong one for its type
        ("opportunity", []),  # none
    ],
)
def test_a_match_has_exactly_one_target_of_its_type(target_type, targets):
    made = {
        "organisation": lambda: OrganisationFactory(),
        "asset": lambda: AssetFactory(),
        "opportunity": lambda: OpportunityFactory(),
    }
    fields = {f"target_{name}": made[name]() for name in targets}
    with pytest.raises(IntegrityError, match="match_one_target_of_its_type"):
        Match.objects.create(
            opportunity=OpportunityFactory(), target_type=target_type, score=3, **fields
        )


def test_a_match_of_the_right_kind_is_kept():
    organisation = OrganisationFactory()
    Match.objects.create(
        opportunity=OpportunityFactory(),
        target_type="organisation",
        target_organisation=organisation,
        score=3,
    )
    assert Match.objects.filter(target_organisation=organisation).exists()
