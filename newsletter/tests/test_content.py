"""What goes into a digest."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.content import digest_content
from newsletter.tests.factories import DigestFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_only_open_public_opportunities_go_in_a_digest():
    recent = timezone.now() - timedelta(days=2)
    OpportunityFactory(title="Open call", published_at=recent)
    OpportunityFactory(
        title="Deadline passed", published_at=recent, deadline=timezone.now() - timedelta(hours=1)
    )
    OpportunityFactory(
        title="Members only", published_at=recent, visibility=Opportunity.Visibility.MEMBERS
    )
    OpportunityFactory(title="Draft", published_at=recent, status=Opportunity.Status.DRAFT)

    titles = [item.title for item in digest_content(DigestFactory()).opportunities]

    assert titles == ["Open call"]
