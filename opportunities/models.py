"""Collaboration opportunities: partner searches, offers, challenges, calls and events."""

from django.conf import settings
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


class MatchQuerySet(models.QuerySet):
    def not_dismissed_by(self, user):
        """Without the matches this person marked "not relevant"."""
        if not user.is_authenticated:
            return self
        dismissed = MatchFeedback.objects.filter(
            user=user,
            verdict=MatchFeedback.Verdict.NOT_RELEVANT,
            opportunity_id=models.OuterRef("opportunity_id"),
            target_key=models.OuterRef("target_key"),
        )
        return self.exclude(models.Exists(dismissed))

    def open(self):
        """Matches whose opportunity is published (and, for pairs, both are)."""
        return self.filter(opportunity__status=Opportunity.Status.PUBLISHED).exclude(
            target_opportunity__isnull=False,
            target_opportunity__status__in=[
                s for s in Opportunity.Status.values if s != Opportunity.Status.PUBLISHED
            ],
        )


class Match(models.Model):
    """A suggestion that a target fits an opportunity, with the reasons shown to people.

    The target is an organisation that could answer the opportunity, an asset that could
    serve it, or another opportunity that complements it. The same rows read backwards
    are an organisation's "recommended for you" and an asset's "opportunities that fit".
    """

    class TargetType(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        ASSET = "asset", "Asset"
        OPPORTUNITY = "opportunity", "Opportunity"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    target_type = models.CharField(max_length=12, choices=TargetType.choices)
    target_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    target_asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    target_opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    target_key = models.CharField(max_length=40, editable=False)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "target_organisation"],
                condition=models.Q(target_organisation__isnull=False),
                name="one_match_per_opportunity_organisation",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "target_asset"],
                condition=models.Q(target_asset__isnull=False),
                name="one_match_per_opportunity_asset",
            ),
            models.UniqueConstraint(
                fields=["opportunity", "target_opportunity"],
                condition=models.Q(target_opportunity__isnull=False),
                name="one_match_per_opportunity_pair",
            ),
        ]
        indexes = [models.Index(fields=["target_type", "-score"])]

    def __str__(self):
        return f"{self.opportunity} -> {self.target}"

    def save(self, *args, **kwargs):
        self.target_key = self.key_for(self.target_type, self.target_id)
        super().save(*args, **kwargs)

    @property
    def target(self):
        return self.target_organisation or self.target_asset or self.target_opportunity

    @staticmethod
    def key_for(target_type, target_id):
        """ "organisation:12": one string naming the target, kept by feedback and alerts."""
        return f"{target_type}:{target_id}"

    @property
    def target_id(self):
        return self.target_organisation_id or self.target_asset_id or self.target_opportunity_id


class MatchFeedback(models.Model):
    """What someone said about a match ("useful", "not relevant").

    A "not relevant" verdict hides the match from that person. The row keeps a copy of
    the match's key, score and reasons so it survives a recomputation for tuning.
    """

    class Verdict(models.TextChoices):
        USEFUL = "useful", "Useful"
        NOT_RELEVANT = "not_relevant", "Not relevant"

    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="match_feedback"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="match_feedback"
    )
    target_key = models.CharField(max_length=40)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "target_key"], name="one_feedback_per_match"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.opportunity} -> {self.target_key}: {self.verdict}"


class MatchAlert(models.Model):
    """A match that was emailed to a person, so it is never emailed to them twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_match_alerts"
    )
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="+")
    target_key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "opportunity", "target_key"], name="one_alert_per_match"
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.opportunity} -> {self.target_key}"
