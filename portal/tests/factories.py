from datetime import timedelta

import factory
from django.utils import timezone

from portal.models import NewsPost


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.Sequence(lambda n: f"news-item-{n}")
    summary = "Something happened in the region."
    body = "More about **it**."
    status = NewsPost.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
