from datetime import timedelta

import factory
from django.utils import timezone

from newsletter.models import Digest, Frequency, Subscriber
from portal.tests.factories import NewsPostFactory  # noqa: F401 - re-exported for these tests


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    frequency = Frequency.WEEKLY
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def focal_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focal_areas.set(extracted)


class DigestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Digest

    frequency = Frequency.WEEKLY
    period_start = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    period_end = factory.LazyFunction(lambda: timezone.now() + timedelta(minutes=1))
    subject = factory.Sequence(lambda n: f"LCR+ newsletter {n}")
