"""People and the organisations they belong to."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portal import pagecache
from portal.models import FocalArea, Keyword, Sector
from portal.search import SearchDocument


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class MatchAlerts(models.TextChoices):
    """How often a person hears about new matches for their organisation."""

    IMMEDIATE = "immediate", "As soon as there is a match"
    DAILY = "daily", "A daily summary"
    WEEKLY = "weekly", "A weekly summary"
    OFF = "off", "Off: I will look on my dashboard"


class User(AbstractUser):
    """A person who signs in with their email address (there is no username)."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField("full name", max_length=150, blank=True)
    interests = models.ManyToManyField(
        FocalArea,
        blank=True,
        related_name="interested_users",
        help_text="Focal areas the person wants to hear about.",
    )
    match_alerts = models.CharField(
        max_length=10, choices=MatchAlerts.choices, default=MatchAlerts.WEEKLY
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    # Whether the session this user object came from passed two-factor authentication.
    # Set on ``request.user`` by accounts.middleware.StaffTwoFactorMiddleware; a user
    # loaded anywhere else (a task, the shell) has no session, so it stays False.
    two_factor_session = False

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.name or self.email

    @property
    def has_staff_powers(self):
        """Staff whose session passed two-factor authentication: the only test for what
        staff may see and do beyond an ordinary user (drafts, anonymous posters, the
        admin). A staff member signed in with a password alone is an ordinary user."""
        return self.is_active and self.is_staff and self.two_factor_session

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email


class OrganisationQuerySet(pagecache.PublicContentQuerySet):
    def visible_to(self, user):
        """Public organisations for everyone; members-only ones for signed-in users."""
        if user.is_authenticated:
            return self.all()
        return self.filter(visibility=Organisation.Visibility.PUBLIC)

    def of_member(self, user):
        """The organisations the user belongs to, in any role (none for a visitor)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def managed_by(self, user):
        """Organisations where the user is an owner or admin."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__role__in=[Membership.Role.OWNER, Membership.Role.ADMIN],
        )


# Paths under /organisations/ that an organisation's slug must not take.
RESERVED_SLUGS = {"new", "invitations"}


def logo_upload_to(instance, filename):
    """A random stored name: the uploader's file name never reaches the disk or a URL."""
    suffix = PurePath(filename).suffix.lower()
    return f"logos/{uuid.uuid4().hex}{suffix}"


class Organisation(pagecache.ChangesPublicPages, models.Model):
    """A business, university, research institute or other body on the portal."""

    page_cache_area = pagecache.ORGANISATIONS

    class Kind(models.TextChoices):
        SME = "sme", "SME"
        LARGE = "large", "Large business"
        UNIVERSITY = "university", "University"
        RESEARCH = "research", "Research institute"
        PUBLIC = "public", "Public body"
        OTHER = "other", "Charity or other"

    class SizeBand(models.TextChoices):
        MICRO = "micro", "1-9 people"
        SMALL = "small", "10-49 people"
        MEDIUM = "medium", "50-249 people"
        LARGE = "large", "250 or more people"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Signed-in members only"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    size_band = models.CharField(max_length=10, choices=SizeBand.choices, blank=True)
    sector = models.ForeignKey(Sector, null=True, blank=True, on_delete=models.SET_NULL)
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="organisations")
    capabilities = models.ManyToManyField(Keyword, blank=True, related_name="organisations")
    description = models.TextField(
        blank=True,
        help_text="Markdown.",
        max_length=10_000,
        validators=[MaxLengthValidator(10_000)],
    )
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to=logo_upload_to, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Shown to signed-in members only, never to anonymous visitors."
    )
    phone = models.CharField(
        max_length=30, blank=True, help_text="Shown to signed-in members only."
    )
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    verified = models.BooleanField(default=False, help_text="Checked by a curator.")
    is_demo = models.BooleanField(default=False, help_text="Demo data, not a real organisation.")
    # Kept current by portal.search (PostgreSQL), from the search document below.
    search_vector = SearchVectorField(null=True, editable=False)
    search_document = SearchDocument(
        ("name", "A"), ("capabilities", "B"), ("town", "C"), ("description", "D")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The directory's first page, by name, without sorting every organisation
            # (anonymous visitors see public ones; signed-in members all of them).
            models.Index(fields=["visibility", "name"], name="organisation_directory"),
            models.Index(fields=["name"], name="organisation_name"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name)
            if self.slug in RESERVED_SLUGS:
                self.slug = unique_slug(Organisation, f"{self.name} organisation")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisation_detail", args=[self.slug])

    def clean(self):
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is a page of the portal; choose another."}
            )

    @property
    def is_public(self):
        """Anyone, signed in or not, may open the profile (and search engines index it)."""
        return self.visibility == self.Visibility.PUBLIC

    def is_visible_to(self, user):
        """Whether ``user`` may open the profile: the rule of ``visible_to``, for one."""
        return self.is_public or bool(user and user.is_authenticated)


class Membership(models.Model):
    """A user's place in an organisation."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_each")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) at {self.organisation}"

    @property
    def can_manage(self):
        """Owners and admins edit the profile, invite colleagues and manage the team."""
        return self.role in (self.Role.OWNER, self.Role.ADMIN)

    def is_last_owner(self):
        return (
            self.role == self.Role.OWNER
            and not self.organisation.memberships.filter(role=self.Role.OWNER)
            .exclude(pk=self.pk)
            .exists()
        )


INVITATION_SALT = "accounts.invitation"
INVITATION_DAYS = 14


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Invitations still waiting for an answer and not yet expired."""
        return self.filter(status=Invitation.Status.PENDING, expires_at__gt=timezone.now())

    def for_emails(self, emails):
        return self.filter(email__in=[e.lower() for e in emails])

    def from_token(self, token):
        """The invitation a signed link names, or None when forged or older than its expiry."""
        try:
            pk = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
        except signing.BadSignature:  # SignatureExpired is a BadSignature
            return None
        return self.select_related("organisation", "invited_by").filter(pk=pk).first()


class Invitation(models.Model):
    """An owner's or admin's invitation for a colleague to join an organisation.

    The link carries a signed, time-limited token; accepting needs a signed-in
    account with a verified address equal to ``email``.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        REVOKED = "revoked", "Revoked"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(
        max_length=10,
        choices=[(Membership.Role.ADMIN, "Admin"), (Membership.Role.MEMBER, "Member")],
        default=Membership.Role.MEMBER,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} to {self.organisation}"

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        if not self.expires_at:
            self.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("invitation_detail", args=[self.token])

    @property
    def token(self):
        return signing.dumps(self.pk, salt=INVITATION_SALT)

    @property
    def is_open(self):
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


def unique_slug(model, text, field="slug", max_length=200):
    """A slug for ``text`` not yet used by ``model``: "name", then "name-2", "name-3"..."""
    base = slugify(text)[: max_length - 4] or "item"
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
