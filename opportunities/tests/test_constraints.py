"""Invariants the database keeps, whatever path a change takes."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts():
    starts = timezone.now() + timezone.timedelta(days=10)
    with pytest.raises(IntegrityError, match="opportunity_ends_after_it_starts"):
        OpportunityFactory(
            event=True, starts_at=starts, ends_at=starts - timezone.timedelta(hours=1)
        )
