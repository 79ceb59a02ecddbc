import factory
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from assets.models import AccessModel, Asset, Enquiry


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Facility {n}")
    kind = Asset.Kind.FACILITY
    host = factory.SubFactory(OrganisationFactory)
    summary = "A facility for testing."
    town = "Liverpool"
    status = Asset.Status.PUBLISHED
    last_verified = factory.LazyFunction(timezone.localdate)  # a record a curator checked

    @factory.post_generation
    def capabilities(self, create, extracted, **kwargs):
        """``AssetFactory(capabilities="nmr, robotics")``."""
        if create and extracted:
            from portal.models import Keyword

            self.capabilities.set(Keyword.objects.from_text(extracted))


class AccessModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessModel
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Access model {n}")
    slug = factory.Sequence(lambda n: f"access-model-{n}")
    explanation = "How a business can use it."


class EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enquiry

    user = factory.SubFactory(UserFactory)
    asset = factory.SubFactory(AssetFactory)
    need = "Two days of NMR time for a new coating formulation."
    timescale = "Within three months"
    recipient = "facility@example.com"
