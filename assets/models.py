"""The region's innovation assets: facilities, equipment, centres, programmes, services."""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, unique_slug
from portal.models import FocalArea, Keyword


class AccessModel(models.Model):
    """A way a business can use an asset ("open access", "free SME support"...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    explanation = models.TextField(
        help_text="What this means for a business, in plain English.",
        max_length=2_000,
        validators=[MaxLengthValidator(2_000)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# After this long without a curator checking an asset, its page says how old the details are.
STALE_AFTER = timedelta(days=365)

# Paths under /assets/ that an asset's slug must not take.
RESERVED_SLUGS = {"map", "enquiries", "export"}


def stale_before(today=None):
    """The date before which an asset's details count as stale."""
    return (today or timezone.localdate()) - STALE_AFTER


class AssetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Asset.Status.PUBLISHED)

    def stale(self, today=None):
        """Assets not verified for over a year (or never)."""
        return self.filter(
            models.Q(last_verified__isnull=True) | models.Q(last_verified__lt=stale_before(today))
        )

    def visible_to(self, user):
        """Published assets for everyone; curators (staff) also see drafts and archived."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


class Asset(models.Model):
    """A facility, piece of equipment, centre, programme or service a business can use."""

    class Kind(models.TextChoices):
        FACILITY = "facility", "Facility"
        EQUIPMENT = "equipment", "Equipment"
        CENTRE = "centre", "Centre of excellence"
        PROGRAMME = "programme", "Programme"
        EXPERT_SERVICE = "expert_service", "Expert service"
        DATA_SERVICE = "data_service", "Data service"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assets")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="assets")
    capabilities = models.ManyToManyField(Keyword, blank=True, related_name="assets")
    access_models = models.ManyToManyField(AccessModel, blank=True, related_name="assets")
    summary = models.CharField(max_length=300)
    description = models.TextField(
        blank=True,
        help_text="Markdown.",
        max_length=20_000,
        validators=[MaxLengthValidator(20_000)],
    )
    eligibility = models.TextField(
        blank=True,
        help_text="Who may use it and on what terms.",
        max_length=4_000,
        validators=[MaxLengthValidator(4_000)],
    )
    manufacturer = models.CharField(max_length=100, blank=True)
    model_number = models.CharField("model", max_length=100, blank=True)
    training_required = models.BooleanField(default=False)
    address = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(blank=True)
    image = models.ImageField(upload_to="assets/", blank=True)
    enquiry_email = models.EmailField(blank=True, help_text="Receives enquiries; never shown.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    featured = models.BooleanField(default=False)
    last_verified = models.DateField(null=True, blank=True, default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted full-text vector (name > capabilities > summary > description), kept up to
    # date by assets.search on PostgreSQL (GIN-indexed there); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "featured"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Asset, self.name)
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(Asset, f"{self.name} asset")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("asset_detail", args=[self.slug])

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def is_visible_to(self, user):
        """Whether ``user`` may open the page: the rule of ``visible_to``, for one asset."""
        return self.is_published or bool(user and user.is_authenticated and user.is_staff)

    @property
    def published_parent(self):
        """The asset this one is part of, when that is public (else None): what public
        pages, exports and JSON-LD may name."""
        parent = self.parent
        return parent if parent is not None and parent.is_published else None

    @property
    def is_stale(self):
        """True when a curator has not checked the details for over a year."""
        return self.last_verified is None or self.last_verified < stale_before()

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def location_line(self):
        """Address, town and postcode on one line."""
        town = " ".join(part for part in [self.town, self.postcode] if part)
        return ", ".join(part for part in [self.address, town] if part)

    @property
    def enquiry_recipient(self):
        """Where enquiries go: the asset's own contact, else the portal team, who broker them."""
        return self.enquiry_email or settings.ASSET_ENQUIRY_EMAIL


class EnquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own enquiries; curators see them all in the admin."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Enquiry(models.Model):
    """A signed-in user's request to use an asset, emailed to the asset's enquiry recipient."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enquiries"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="enquiries")
    need = models.TextField(
        "what you need", max_length=5_000, validators=[MaxLengthValidator(5_000)]
    )
    timescale = models.CharField("when you need it", max_length=200)
    recipient = models.EmailField(help_text="Where the enquiry was sent.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self):
        return f"Enquiry about {self.asset} from {self.user}"
