"""Collaboration opportunities (partner searches, offers, challenges, calls and events)
and the expressions of interest other organisations send in answer."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html

from accounts.models import Membership, Organisation, unique_slug
from assets.models import Asset
from portal import pagecache
from portal.models import FocalArea, Keyword
from portal.search import SearchDocument

# Paths under /opportunities/ that are pages, never an opportunity's slug.
RESERVED_SLUGS = {"new", "mine", "interests", "feed"}
REMINDER_BEFORE = timedelta(days=7)
ANONYMOUS_POSTER = "An organisation (anonymous)"
MEMBERS_ONLY_POSTER = "A member organisation"


def member_organisation_ids(user):
    """The ids of the organisations the user belongs to, as a subquery of the membership
    table alone (joining the organisations too gave PostgreSQL two more relations to plan
    in every query using it: 10-25 ms of planning for the dashboard's lists)."""
    if not user.is_authenticated:
        return Membership.objects.none().values("organisation_id")
    return Membership.objects.filter(user=user).values("organisation_id")


class OpportunityQuerySet(pagecache.PublicContentQuerySet):
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

    def count_and_next_end(self):
        """How many rows, and the first moment one of them ends (its deadline, or an
        event's end; None when none does): until then ``still_open`` keeps every one of
        them unless a write changes them. One pass, as a COUNT alone would be."""
        ends = models.Case(
            models.When(kind=Opportunity.Kind.EVENT, then=models.F("ends_at")),
            default=models.F("deadline"),
        )
        result = self.order_by().aggregate(count=models.Count("*"), next_end=models.Min(ends))
        return result["count"], result["next_end"]

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


class Opportunity(pagecache.ChangesPublicPages, models.Model):
    """Something an organisation posts for others to answer.

    It moves draft -> pending review -> published (or rejected), then closed by its
    owners or expired at its deadline (an event: at its end). An anonymous opportunity
    hides the organisation's name from everyone but its own members and curators until
    the organisation accepts an expression of interest.
    """

    page_cache_area = pagecache.OPPORTUNITIES

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
    description = models.TextField(
        blank=True,
        help_text="Markdown.",
        max_length=20_000,
        validators=[MaxLengthValidator(20_000)],
    )
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
    rejection_reason = models.TextField(
        blank=True, max_length=2_000, validators=[MaxLengthValidator(2_000)]
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    renewal_count = models.PositiveSmallIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Demo data, not a real opportunity.")
    # Kept current by portal.search from the search document below (PostgreSQL only).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    search_document = SearchDocument(
        ("title", "A"), ("keywords", "A"), ("summary", "B"), ("description", "C")
    )
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
            # Browse counts the open public opportunities of a kind from this index alone
            # (an index-only scan) rather than the wide rows.
            models.Index(
                fields=["status", "visibility", "kind"],
                include=["deadline", "ends_at", "is_anonymous"],
                name="opportunity_browse",
            ),
            # "Closing soonest" reads this index in order instead of sorting every open
            # opportunity by its deadline or start (the browse's ``closes_at``).
            models.Index(
                Coalesce("deadline", "starts_at").asc(),  # ASC puts nulls last on PostgreSQL
                models.F("id").desc(),
                name="opportunity_closing",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="opportunity_ends_after_it_starts",
            )
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
    def is_still_open(self):
        """What ``OpportunityQuerySet.still_open()`` says of this row, without a query:
        published, and its deadline (an event: its end) not yet passed."""
        return self.status == self.Status.PUBLISHED and not (
            self.ends is not None and self.ends < timezone.now()
        )

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
        return Organisation.objects.of_member(user).filter(pk=self.organisation_id).exists()

    def poster_shown_to(self, viewer=None):
        """What ``viewer`` sees of who posted it: the one poster-name rule, used by the
        pages, lists, the Atom feed, iCalendar, JSON-LD, exports, emails and digests.

        - An anonymous opportunity names its organisation only to that organisation's
          members, to curators, and to organisations whose expression of interest it
          accepted; everyone else sees "An organisation (anonymous)".
        - A members-only organisation is named only to signed-in people; anyone else
          sees "A member organisation".

        ``viewer`` is a user (a page), an ``Organisation`` (an email to its members), a
        ``Viewer`` (a page of many opportunities) or None: anyone, which is what feeds,
        iCalendar, JSON-LD, digests and match alerts use, as they may be read by anyone.
        """
        viewer = Viewer.of(viewer)
        if self.is_anonymous and not (
            viewer.is_curator
            or self.organisation_id in viewer.organisation_ids
            or self.pk in viewer.accepted_opportunity_ids
        ):
            return Poster(ANONYMOUS_POSTER)
        if not self.organisation.is_public and not viewer.signed_in:
            return Poster(MEMBERS_ONLY_POSTER)
        return Poster(self.organisation.name, self.organisation, self.is_anonymous)


@dataclass(frozen=True)
class Poster:
    """What one viewer sees of who posted an opportunity (``Opportunity.poster_shown_to``).

    ``organisation`` is set only when the viewer may know which organisation it is; then
    the viewer may also open its profile (members-only profiles are shown only to
    signed-in people, as their names are)."""

    name: str
    organisation: Organisation | None = None
    # The viewer sees an anonymous opportunity's organisation, which others do not.
    anonymous_to_others: bool = False

    def __str__(self):
        return self.name

    @property
    def url(self):
        return self.organisation.get_absolute_url() if self.organisation else ""

    @property
    def link(self):
        """HTML: the name, linked to the organisation's profile when it is shown."""
        if self.organisation is None:
            return format_html("{}", self.name)
        return format_html('<a href="{}">{}</a>', self.url, self.name)


class Viewer:
    """Who is looking at posters, and what the rule asks about them, each looked up at
    most once: a page of anonymous opportunities costs two queries, not two per card.

    ``Viewer(user)`` for a page (AnonymousUser for a visitor), ``Viewer(organisation=o)``
    for an email to an organisation's members, ``Viewer()`` for anyone.
    """

    def __init__(self, user=None, *, organisation=None):
        self.user = user
        self.organisation = organisation

    @classmethod
    def of(cls, viewer):
        if isinstance(viewer, Viewer):
            return viewer
        if isinstance(viewer, Organisation):
            return cls(organisation=viewer)
        return cls(viewer)

    @property
    def _signed_in_user(self):
        return self.user is not None and self.user.is_authenticated

    @property
    def signed_in(self):
        return self.organisation is not None or self._signed_in_user

    @property
    def is_curator(self):
        return self._signed_in_user and self.user.has_staff_powers

    @cached_property
    def organisation_ids(self):
        if self.organisation is not None:
            return {self.organisation.pk}
        if not self._signed_in_user:
            return set()
        return set(Organisation.objects.of_member(self.user).values_list("pk", flat=True))

    @cached_property
    def accepted_opportunity_ids(self):
        """Opportunities that accepted an expression of interest from these organisations."""
        if not self.organisation_ids:
            return set()
        return set(
            ExpressionOfInterest.objects.filter(
                status=ExpressionOfInterest.Status.ACCEPTED,
                organisation_id__in=self.organisation_ids,
            ).values_list("opportunity_id", flat=True)
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
    who_we_are = models.TextField(
        "Who we are", max_length=3_000, validators=[MaxLengthValidator(3_000)]
    )
    what_we_bring = models.TextField(
        "What we bring", max_length=3_000, validators=[MaxLengthValidator(3_000)]
    )
    what_we_want = models.TextField(
        "What we want from this", max_length=3_000, validators=[MaxLengthValidator(3_000)]
    )
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
