"""The region's innovation assets: facilities, equipment, centres, programmes, services."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation, unique_slug
from portal.models import FocalArea, Keyword


class AccessModel(models.Model):
    """A way a business can use an asset ("open access", "free SME support"...)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    explanation = models.TextField(help_text="What this means for a business, in plain English.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AssetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Asset.Status.PUBLISHED)

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
    description = models.TextField(blank=True, help_text="Markdown.")
    eligibility = models.TextField(blank=True, help_text="Who may use it and on what terms.")
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

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "featured"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Asset, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("asset_detail", args=[self.slug])
