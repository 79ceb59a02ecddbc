"""The region's innovation assets: facilities, equipment, centres, programmes, services."""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from accounts.models import Organisation, unique_slug
from portal import pagecache
from portal.models import FocalArea, Keyword
from portal.search import SearchDocument


class AccessModel(pagecache.ChangesPublicPages, models.Model):
    """A way a business can use an asset ("open access", "free SME support"...)."""

    page_cache_area = pagecache.ASSETS

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    explanation = models.TextField(
        help_text="What this means for a business, in plain English.",
        max_length=2_000,
        validators=[MaxLengthValidator(2_000)],
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = pagecache.PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# After this long without a curator checking an asset, its page says how old the details are.
STALE_AFTER = timedelta(days=365)

# Paths under /assets/ that an asset's slug must not take.
RESERVED_SLUGS = {"map", "enquiries", "export", "confirm"}


def stale_before(today=None):
    """The date before which an asset's details count as stale."""
    return (today or timezone.localdate()) - STALE_AFTER


def validate_latitude(value):
    if not -90 <= value <= 90:
        raise ValidationError(
            "Latitude must be between -90 and 90 degrees. %(value)s is not a latitude; "
            "the city region lies at about 53.4 (north of the equator is positive).",
            code="latitude_range",
            params={"value": value},
        )


def validate_longitude(value):
    if not -180 <= value <= 180:
        raise ValidationError(
            "Longitude must be between -180 and 180 degrees. %(value)s is not a longitude; "
            "the city region lies at about -2.9 (west of Greenwich is negative).",
            code="longitude_range",
            params={"value": value},
        )


class AssetQuerySet(pagecache.PublicContentQuerySet):
    def published(self):
        return self.filter(status=Asset.Status.PUBLISHED)

    def for_lists(self):
        """What a list's cards need: the host, without the long text fields (a ranked
        search sorts every match, and narrow rows sort several times faster)."""
        return self.select_related("host").defer(
            "description", "eligibility", "seeded_values", "search_vector"
        )

    def stale(self, today=None):
        """Assets due a curator's check: not verified for over a year (or never), or a
        time-limited programme past its end date."""
        today = today or timezone.localdate()
        return self.filter(
            models.Q(last_verified__isnull=True)
            | models.Q(last_verified__lt=stale_before(today))
            | models.Q(end_date__lt=today)
        )

    def similar_to(self, asset):
        """Other assets sharing capabilities, focal areas or the host with ``asset``, the
        closest first (a shared capability counts most, then the host, then a focal area)."""
        capabilities = models.Count(
            "capabilities",
            filter=models.Q(capabilities__in=asset.capabilities.all()),
            distinct=True,
        )
        focal_areas = models.Count(
            "focal_areas",
            filter=models.Q(focal_areas__in=asset.focal_areas.all()),
            distinct=True,
        )
        same_host = models.Case(
            models.When(host_id=asset.host_id, then=2),
            default=0,
            output_field=models.IntegerField(),
        )
        return (
            self.exclude(pk=asset.pk)
            .annotate(similarity=capabilities * 3 + focal_areas + same_host)
            .filter(similarity__gt=0)
            .order_by("-similarity", "name")
        )

    def ended(self, today=None):
        """Time-limited programmes whose end date has passed."""
        return self.filter(end_date__lt=today or timezone.localdate())

    def visible_to(self, user):
        """Published assets for everyone; curators (staff) also see drafts and archived."""
        if user.is_authenticated and user.has_staff_powers:
            return self.all()
        return self.published()


class Asset(pagecache.ChangesPublicPages, models.Model):
    """A facility, piece of equipment, centre, programme or service a business can use."""

    page_cache_area = pagecache.ASSETS

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

    class OperatingStatus(models.TextChoices):
        """Whether the asset itself is running: separate from whether the portal
        publishes its record (``status``)."""

        OPEN = "open", "Open"
        CHANGED = "changed", "Changed (check before relying on it)"
        CLOSED = "closed", "Closed"

    class PriceBasis(models.TextChoices):
        FREE = "free", "Free"
        SUBSIDISED = "subsidised", "Subsidised"
        DAY_RATE = "day_rate", "Day or hourly rate"
        QUOTED = "quoted", "Quoted per project"
        MEMBERSHIP = "membership", "Membership"
        RENT = "rent", "Rent or licence fee"

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
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, validators=[validate_longitude]
    )
    website = models.URLField(blank=True)
    image = models.ImageField(upload_to="assets/", blank=True)
    enquiry_email = models.EmailField(blank=True, help_text="Receives enquiries; never shown.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    operating_status = models.CharField(
        max_length=10,
        choices=OperatingStatus.choices,
        default=OperatingStatus.OPEN,
        help_text="Is the asset itself running? (The publication status says whether the "
        "portal shows it.)",
    )
    price_basis = models.CharField(
        max_length=12, choices=PriceBasis.choices, blank=True, help_text="How a business pays."
    )
    first_step = models.CharField(
        max_length=300,
        blank=True,
        help_text="What a business does first: a form, a mailbox, a named programme.",
    )
    lead_time = models.CharField(
        max_length=200,
        blank=True,
        help_text="Typical time from first contact to access, where a source gives it.",
    )
    contact_route = models.CharField(
        max_length=300,
        blank=True,
        help_text="The public way to get in touch (a contact page or a public mailbox).",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="For time-limited programmes: when the offer ends."
    )
    source_url = models.URLField(
        "source", max_length=500, blank=True, help_text="Where the key facts were checked."
    )
    # What seed_lcr last wrote for each field it manages, so a later run can tell a
    # curator's edit (current value differs from this) from an untouched value.
    seeded_values = models.JSONField(default=dict, blank=True, editable=False)
    featured = models.BooleanField(default=False)
    # Empty until a curator (or the facility) confirms the details: never a guess.
    last_verified = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted full-text vector of the search document below, kept current by portal.search
    # on PostgreSQL (GIN-indexed there); unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    search_document = SearchDocument(
        ("name", "A"), ("capabilities", "B"), ("summary", "C"), ("description", "D")
    )

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "featured"]),
            # The browse page's facet counts read only these columns of the published
            # assets: an index-only scan instead of the wide rows (PostgreSQL; SQLite
            # indexes the key columns).
            models.Index(
                fields=["status", "id"],
                include=["kind", "town", "host", "featured"],
                name="asset_browse_facets",
            ),
            # The first page in name order without sorting every published asset.
            models.Index(fields=["status", "name"], name="asset_browse_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__range=(-90, 90)),
                name="asset_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__range=(-180, 180)),
                name="asset_longitude_in_range",
            ),
        ]

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
        return self.is_published or bool(user and user.is_authenticated and user.has_staff_powers)

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
    def has_ended(self):
        """True when a time-limited programme is past its end date."""
        return self.end_date is not None and self.end_date < timezone.localdate()

    @property
    def source_name(self):
        """The source's site name ("lbndaily.co.uk"), for "checked ... from <source>"."""
        host = urlsplit(self.source_url).hostname or ""
        return host.removeprefix("www.")

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

    def received_by(self, user):
        """Enquiries about assets hosted by organisations the user belongs to: what a
        facility's people see and mark answered (any member, as any may reply)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(asset__host__memberships__user=user)


class Enquiry(models.Model):
    """A signed-in user's request to use an asset, emailed to the asset's enquiry recipient.

    Replies go by email straight to the enquirer, so the portal never sees them: the host
    marks the enquiry answered (from the link in the email, or their received enquiries
    page), and ``answered_at`` keeps when that first happened, for the time to first reply.
    """

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
    answered_at = models.DateTimeField(
        null=True, blank=True, help_text="When the host first marked it answered."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["user", "created_at"]),
            # The nightly roll-up reads the enquiries first answered on one day.
            models.Index(
                fields=["answered_at"],
                condition=models.Q(answered_at__isnull=False),
                name="assets_enquiry_answered",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True)
                | models.Q(answered_at__gte=models.F("created_at")),
                name="enquiry_answered_after_sent",
            ),
        ]

    def __str__(self):
        return f"Enquiry about {self.asset} from {self.user}"


class AssetChange(models.Model):
    """One field of one asset changed: who, when, how, from what to what.

    Our own small audit table rather than django-simple-history: the curators' bulk actions
    are single UPDATE statements (which simple-history does not see), and curators want a
    field-by-field list filterable by person, not whole-record snapshots to compare.
    """

    class Via(models.TextChoices):
        ADMIN = "admin", "Admin form"
        BULK = "bulk", "Bulk action"
        OWNER = "owner", "Facility's answer"
        IMPORT = "import", "Spreadsheet import"
        SERVICE = "service", "Portal"

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50, help_text="The field's name in the asset form.")
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="asset_changes",
    )
    # Someone without an account (the facility's contact answering a confirmation link).
    actor = models.CharField(max_length=254, blank=True)
    via = models.CharField(max_length=10, choices=Via.choices)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["asset", "-changed_at"])]

    def __str__(self):
        return f"{self.asset}: {self.field_label}"

    @property
    def field_label(self):
        if self.field == CREATED:
            return "Created"
        try:
            return capfirst(Asset._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field

    @property
    def who(self):
        return str(self.changed_by) if self.changed_by else self.actor


CREATED = "__created__"


class ConfirmationQuerySet(models.QuerySet):
    def awaiting_answer(self):
        return self.filter(status=Confirmation.Status.ASKED)


class Confirmation(models.Model):
    """A curator asked an asset's contact to confirm its details through a signed link.

    The link works once: the first answer closes it. Unanswered after ``REMIND_AFTER`` the
    contact is reminded once; still unanswered ``FLAG_AFTER`` that, it is flagged for the
    curators, and the link expires.
    """

    class Status(models.TextChoices):
        ASKED = "asked", "Waiting for an answer"
        CONFIRMED = "confirmed", "Confirmed: still correct"
        CHANGED = "changed", "Answered: something has changed"
        NO_ANSWER = "no_answer", "No answer: follow up"

    REMIND_AFTER = timedelta(days=30)
    FLAG_AFTER = timedelta(days=14)  # after the reminder
    LINK_VALID_FOR = timedelta(days=60)

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="confirmations")
    sent_to = models.EmailField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ASKED)
    asked_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)

    objects = ConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        constraints = [
            # At most one open question per asset: a second click does not email twice.
            models.UniqueConstraint(
                fields=["asset"],
                condition=models.Q(status="asked"),
                name="one_open_confirmation_per_asset",
            )
        ]

    def __str__(self):
        return f"{self.asset}: asked {self.sent_to}"

    @property
    def expires_at(self):
        return self.asked_at + self.LINK_VALID_FOR


class ChangeRequest(models.Model):
    """Changes the facility's contact suggested, waiting for a curator to approve or dismiss."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        APPROVED = "approved", "Approved"
        DISMISSED = "dismissed", "Dismissed"

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="change_requests")
    confirmation = models.OneToOneField(
        Confirmation, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    suggested_by = models.EmailField()
    # {field name: suggested value}, only the fields that differ from the record.
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(
        "anything else", blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Changes to {self.asset} suggested by {self.suggested_by}"
