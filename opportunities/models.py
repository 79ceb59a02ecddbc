"""Collaboration opportunities (partner searches, offers, challenges, calls and events)
and the expressions of interest other organisations send in answer."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organisation, unique_slug
from assets.models import Asset
from portal.models import FocalArea, Keyword

# Paths under /opportunities/ that are pages, never an opportunity's slug.
RESERVED_SLUGS = {"new", "mine", "interests", "feed"}
REMINDER_BEFORE = timedelta(days=7)


def member_organisation_ids(user):
    """The ids of the organisations the user belongs to, as a subquery."""
    return Membership.objects.filter(user=user).values("organisation_id")


class OpportunityQuerySet(models.QuerySet):
    def for_lists(self):
        """What lists and cards need: the organisation, without the long text fields."""
        return self.select_related("organisation").defer("description", "search_vector")

    def published(self):
        return self.filter(status=Opportunity.Status.PUBLISHED)

    def visible_to(self, user):
        """What the user may open.

        Published, closed and expired public opportunities for everyone; members-only
        ones for signed-in users; drafts, pending and rejected ones only for the owning
        organisation's members and curators (staff).
        """
        listed = Q(status__in=Opportunity.LIVE_STATUSES)
        if not user.is_authenticated:
            return self.filter(listed, visibility=Opportunity.Visibility.PUBLIC)
        if user.has_staff_powers:
            return self.all()
        return self.filter(listed | Q(organisation_id__in=member_organisation_ids(user)))

    def managed_by(self, user):
        """Opportunities the user may edit: those of every organisation they belong to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation_id__in=member_organisation_ids(user))

    def still_open(self, now=None):
        """Published and not yet past its deadline or event end (the expiry task may not
        have run yet)."""
        return self.published().exclude(self._ended(now or timezone.now()))

    @staticmethod
    def _ended(now):
        return Q(kind=Opportunity.Kind.EVENT, ends_at__lt=now) | (
            ~Q(kind=Opportunity.Kind.EVENT) & Q(deadline__lt=now)
        )

    def upcoming_events(self):
        return (
            self.published()
            .filter(kind=Opportunity.Kind.EVENT, ends_at__gte=timezone.now())
            .order_by("starts_at")
        )

    def past_events(self):
        return self.filter(
            kind=Opportunity.Kind.EVENT,
            status__in=Opportunity.LIVE_STATUSES,
            ends_at__lt=timezone.now(),
        ).order_by("-starts_at")

    def with_closes_at(self):
        """Annotate ``closes_at``: the deadline, or an event's start."""
        return self.annotate(closes_at=Coalesce("deadline", "starts_at"))

    def due_to_expire(self, now=None):
        """Published opportunities whose deadline (or event end) has passed."""
        return self.published().filter(self._ended(now or timezone.now()))

    def due_for_reminder(self, now=None):
        """Published opportunities ending within 7 days whose poster has not been reminded."""
        now = now or timezone.now()
        soon = now + REMINDER_BEFORE
        return self.published().filter(
            Q(kind=Opportunity.Kind.EVENT, ends_at__gte=now, ends_at__lte=soon)
            | (~Q(kind=Opportunity.Kind.EVENT) & Q(deadline__gte=now, deadline__lte=soon)),
            reminder_sent_at__isnull=True,
        )


class Opportunity(models.Model):
    """Something an organisation posts for others to answer.

    It moves draft -> pending review -> published (or rejected), then closed by its
    owners or expired at its deadline (an event: at its end). An anonymous opportunity
    hides the organisation's name from everyone but its own members and curators until
    the organisation accepts an expression of interest.
    """

    class Kind(models.TextChoices):
        PARTNER_SEARCH = "partner_search", "Partner search"
        CAPABILITY_OFFER = "capability_offer", "Capability offer"
        CHALLENGE = "challenge", "Challenge"
        FUNDING_CALL = "funding_call", "Funding call"
        EVENT = "event", "Event"

    KIND_EXPLANATIONS = {
        Kind.PARTNER_SEARCH: "We need a partner or a capability we do not have.",
        Kind.CAPABILITY_OFFER: "We can offer this to others.",
        Kind.CHALLENGE: "A problem we want solved.",
        Kind.FUNDING_CALL: "A call for applications with a deadline.",
        Kind.EVENT: "A workshop, open day or briefing with a start, an end, a venue and "
        "a booking link.",
    }

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PENDING = "pending", "Pending review"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"
        EXPIRED = "expired", "Expired"
        REJECTED = "rejected", "Rejected"

    # Statuses anyone allowed by the visibility may open (only published ones are listed).
    LIVE_STATUSES = [Status.PUBLISHED, Status.CLOSED, Status.EXPIRED]

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Everyone"
        MEMBERS = "members", "Signed-in members only"

    class ValueBand(models.TextChoices):
        UNDER_10K = "under_10k", "Under £10,000"
        FROM_10K = "10k_50k", "£10,000 to £50,000"
        FROM_50K = "50k_250k", "£50,000 to £250,000"
        FROM_250K = "250k_1m", "£250,000 to £1 million"
        OVER_1M = "over_1m", "Over £1 million"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="opportunities"
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities_posted",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences, shown in lists and newsletters."
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="opportunities")
    keywords = models.ManyToManyField(Keyword, blank=True, related_name="opportunities")
    related_assets = models.ManyToManyField(Asset, blank=True, related_name="opportunities")
    deadline = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    is_online = models.BooleanField("online", default=False)
    venue = models.ForeignKey(
        Asset,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
        help_text="An event held at one of the region's facilities.",
    )
    booking_url = models.URLField("booking link", blank=True)
    value_band = models.CharField(
        "value or budget", max_length=10, choices=ValueBand.choices, blank=True
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    is_anonymous = models.BooleanField(
        "anonymous",
        default=False,
        help_text="Hide the organisation's name until it accepts an expression of interest.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    renewal_count = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Demo data, not a real opportunity.")
    # Kept up to date by opportunities.search (PostgreSQL only; unused on SQLite).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name_plural = "opportunities"
        indexes = [
            # Browse and the home page list the newest first and stop after a page.
            models.Index(fields=["-published_at", "-created_at"], name="opportunity_newest"),
            models.Index(fields=["status", "kind", "published_at"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "ends_at"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Opportunity, self.title)
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(Opportunity, f"{self.title} opportunity")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("opportunity_detail", args=[self.slug])

    @property
    def is_event(self):
        return self.kind == self.Kind.EVENT

    @property
    def kind_explanation(self):
        return self.KIND_EXPLANATIONS[self.kind]

    @property
    def ends(self):
        """When it expires: the deadline, or an event's end."""
        return self.ends_at if self.is_event else self.deadline

    @property
    def public_poster_name(self):
        """The name anyone may see: never the organisation's when it is anonymous."""
        return "An organisation (anonymous)" if self.is_anonymous else self.organisation.name

    @property
    def can_renew(self):
        """Renewable once, when not an event, while published or after it expired."""
        return (
            not self.is_event
            and self.renewal_count == 0
            and self.status in (self.Status.PUBLISHED, self.Status.EXPIRED)
        )

    @property
    def is_editable(self):
        return self.status not in (self.Status.CLOSED, self.Status.EXPIRED)

    def is_member(self, user):
        return (
            user.is_authenticated
            and Membership.objects.filter(user=user, organisation_id=self.organisation_id).exists()
        )

    def poster_visible_to(self, user):
        """Whether the user may see who posted it: always, unless it is anonymous; then
        only its members, curators, and organisations whose interest it accepted."""
        if not self.is_anonymous:
            return True
        if not user.is_authenticated:
            return False
        if user.has_staff_powers or self.is_member(user):
            return True
        return self.interests.filter(
            status=ExpressionOfInterest.Status.ACCEPTED,
            organisation_id__in=member_organisation_ids(user),
        ).exists()

    def poster_profile_visible_to(self, user):
        """Whether the user may see who posted it and open the organisation's profile
        (a members-only profile is a 404 to anonymous visitors)."""
        return (
            self.poster_visible_to(user)
            and Organisation.objects.visible_to(user).filter(pk=self.organisation_id).exists()
        )


class ExpressionOfInterestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Interests sent or received by the user's organisations (curators use the admin)."""
        if not user.is_authenticated:
            return self.none()
        orgs = member_organisation_ids(user)
        return self.filter(Q(organisation_id__in=orgs) | Q(opportunity__organisation_id__in=orgs))

    def sent_by(self, user):
        return self.filter(organisation_id__in=member_organisation_ids(user))

    def received_by(self, user):
        return self.filter(opportunity__organisation_id__in=member_organisation_ids(user))


class ExpressionOfInterest(models.Model):
    """An organisation's answer to another's opportunity, with the three standard questions.

    Contact details of both sides are shown to each other only once the poster accepts.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="interests_sent"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests_sent",
    )
    who_we_are = models.TextField("Who we are")
    what_we_bring = models.TextField("What we bring")
    what_we_want = models.TextField("What we want from this")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExpressionOfInterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "opportunity"], name="one_interest_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} in {self.opportunity}"

    def get_absolute_url(self):
        return reverse("interest_detail", args=[self.pk])

    @property
    def is_accepted(self):
        return self.status == self.Status.ACCEPTED


class PendingOpportunity(Opportunity):
    """The moderation queue: opportunities waiting for a curator (an admin view only)."""

    class Meta:
        proxy = True
        verbose_name = "opportunity awaiting review"
        verbose_name_plural = "moderation queue"


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
        """Matches whose opportunity is still open (and, for pairs, both are)."""
        still_open = Opportunity.objects.still_open().values("pk")
        return self.filter(opportunity__in=still_open).filter(
            models.Q(target_opportunity__isnull=True) | models.Q(target_opportunity__in=still_open)
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
    reasons = models.JSONField(default=list, help_text="Why, for the opportunity's people.")
    target_reasons = models.JSONField(default=list, help_text="Why, for the target's people.")
    features = models.JSONField(
        default=list,
        blank=True,
        help_text="What the score rests on (keyword and thesaurus pairs, words); "
        "feedback on this match adjusts pairs with the same features.",
    )
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


class ThesaurusSet(models.Model):
    """Words that mean the same here, or a broader term with narrower ones.

    Used by matching to find candidates, to score them and in reasons ("you asked for
    additive manufacturing; they offer 3D printing"). Seeded from
    ``matching/thesaurus.txt``; curators edit them in the admin.
    """

    phrases = models.TextField(
        help_text="One phrase per line. For a broader term, put it on the first line and "
        "tick 'broader first'."
    )
    broader_first = models.BooleanField(
        default=False,
        help_text="The first phrase is broader than the others (which are not synonyms of "
        "each other), rather than all meaning the same.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "thesaurus set"

    def __str__(self):
        return " | ".join(self.phrase_list()[:4])

    def phrase_list(self):
        return list(
            dict.fromkeys(p.strip().lower() for p in self.phrases.splitlines() if p.strip())
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        if len(self.phrase_list()) < 2:
            raise ValidationError({"phrases": "Enter at least two phrases, one per line."})


class TermWeight(models.Model):
    """How rare a word (an English stem) is across the portal's organisations, assets and
    opportunities: BM25's inverse document frequency, recomputed by a beat task."""

    term = models.CharField(max_length=100, unique=True)
    weight = models.FloatField()

    def __str__(self):
        return f"{self.term}: {self.weight}"
