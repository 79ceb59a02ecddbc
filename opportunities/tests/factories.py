import factory
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory
from opportunities.models import Opportunity


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    kind = Opportunity.Kind.PARTNER_SEARCH
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "We are looking for a partner."
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
