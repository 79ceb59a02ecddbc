import factory

from accounts.tests.factories import OrganisationFactory
from assets.models import Asset


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    name = factory.Sequence(lambda n: f"Facility {n}")
    kind = Asset.Kind.FACILITY
    host = factory.SubFactory(OrganisationFactory)
    summary = "A facility for testing."
    town = "Liverpool"
    status = Asset.Status.PUBLISHED
