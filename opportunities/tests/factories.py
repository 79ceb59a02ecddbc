from datetime import timedelta

import factory
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, OrganisationFactory
from opportunities.models import ExpressionOfInterest, Opportunity


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Opportunity {n}")
    kind = Opportunity.Kind.PARTNER_SEARCH
    organisation = factory.SubFactory(OrganisationFactory)
    summary = "We are looking for a partner."
    status = Opportunity.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    class Params:
        event = factory.Trait(
            kind=Opportunity.Kind.EVENT,
            deadline=None,
            starts_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=10)),
            ends_at=factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3)),
            location="Liverpool",
        )


class ExpressionOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpressionOfInterest

    opportunity = factory.SubFactory(OpportunityFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    who_we_are = "A small coatings business in Runcorn."
    what_we_bring = "Twenty years of formulation experience."
    what_we_want = "Access to robotic screening."


def member_of(organisation=None, **user_fields):
    """A user who belongs to ``organisation`` (a new one when not given)."""
    membership = MembershipFactory(
        organisation=organisation or OrganisationFactory(),
        **{f"user__{name}": value for name, value in user_fields.items()},
    )
    return membership.user
