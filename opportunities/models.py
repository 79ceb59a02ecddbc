"""Collaboration opportunities: partner searches, offers, challenges, calls and events."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, unique_slug
from assets.models import Asset
from portal.models import FocalArea, Keyword


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Opportunity.Status.PUBLISHED)

    def upcoming_events(self):
        return (
            self.published()
            .filter(kind=Opportunity.Kind.EVENT, ends_at__gte=timezone.now())
            .order_by("starts_at")
        )


class Opportunity(models.Model):
    """Something an organisation posts for others to answer."""

    class Kind(models.TextChoices):
        PARTNER_SEARCH = "partner_search", "Partner search"
        CAPABILITY_OFFER = "capability_offer", "Capability offer"
        CHALLENGE = "challenge", "Challenge"
        FUNDING_CALL = "funding_call", "Funding call"
        EVENT = "event", "Event"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"
        EXPIRED = "expired", "Expired"
        REJECTED = "rejected", "Rejected"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="opportunities"
    )
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True, help_text="Markdown.")
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="opportunities")
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="opportunities")
    related_assets = models.ManyToManyField(Asset, blank=True, related_name="opportunities")
    deadline = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Demo data, not a real opportunity.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "kind", "published_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Opportunity, self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("opportunity_detail", args=[self.slug])
