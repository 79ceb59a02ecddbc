"""Site-wide models: the taxonomy every app shares, and the email outbox."""

import re

from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from portal import pagecache
from portal.search import search_refresh_keyword


class FocalArea(pagecache.ChangesPublicPages, models.Model):
    """One of the Science and Innovation Audit's focal areas (three are seeded)."""

    page_cache_area = pagecache.TAXONOMY

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True, max_length=1_000, validators=[MaxLengthValidator(1_000)])
    order = models.PositiveSmallIntegerField(default=0)

    objects = pagecache.PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Sector(pagecache.ChangesPublicPages, models.Model):
    """An industry sector an organisation works in."""

    page_cache_area = pagecache.TAXONOMY

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    objects = pagecache.PublicContentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def normalise_keyword(text):
    """Lower-case, trim and collapse white space: "  Mass  Spectrometry" -> "mass spectrometry"."""
    return re.sub(r"\s+", " ", text).strip().lower()[:80]


class KeywordQuerySet(models.QuerySet):
    def from_text(self, text):
        """Keywords for a comma- or newline-separated string, created where new."""
        names = []
        for part in re.split(r"[,;\n]", text or ""):
            name = normalise_keyword(part)
            if name and name not in names:
                names.append(name)
        return [self.get_or_create(name=name)[0] for name in names]


class Keyword(models.Model):
    """A normalised capability or keyword shared by organisations, assets and opportunities.

    One row per distinct keyword, so matching can weigh a keyword by how rare it is
    and filters can count it.
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    objects = KeywordQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalise_keyword(self.name)
        if not self.slug:
            self.slug = slugify(self.name)[:80] or "keyword"
        renamed = (
            self.pk is not None
            and type(self).objects.filter(pk=self.pk).exclude(name=self.name).exists()
        )
        super().save(*args, **kwargs)
        if renamed:
            # Every asset, opportunity and organisation with this keyword is found under
            # its new name, and no longer under the old.
            search_refresh_keyword(keyword_id=self.pk)


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self):
        """Emails waiting to go: pending (and past their back-off after a temporary
        refusal), or claimed by a worker whose lease ran out."""
        now = timezone.now()
        return self.filter(
            models.Q(
                models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lte=now),
                status=OutgoingEmail.Status.PENDING,
            )
            | models.Q(status=OutgoingEmail.Status.SENDING, lease_expires_at__lt=now)
        )


class OutgoingEmail(models.Model):
    """One rendered email, saved before it is sent.

    Saving first means an email is never lost when the broker is down: a periodic
    task sends whatever is still pending. A worker claims the row with a
    conditional UPDATE before sending, so running the send twice sends once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Not sent: the address bounced or complained"

    template = models.CharField(max_length=100, help_text="Which email this is.")
    from_email = models.CharField(max_length=254)
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="After a temporary refusal: not sent again before this."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    esp_message_id = models.CharField(
        "provider's message id", max_length=255, blank=True, db_index=True
    )
    security = models.BooleanField(
        default=False, help_text="Account security mail: sent even to a suppressed address."
    )

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.template} to {', '.join(self.to)}"


class EmailSuppression(models.Model):
    """An address that bounced for good or reported mail as spam.

    Nothing is sent to it any more except account security mail (password resets,
    address confirmations), which a person must be able to get to recover an account.
    """

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "Hard bounce"
        COMPLAINED = "complained", "Reported as spam"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class NewsPostQuerySet(pagecache.PublicContentQuerySet):
    def published(self):
        return self.filter(status=NewsPost.Status.PUBLISHED, published_at__lte=timezone.now())


class NewsPost(pagecache.ChangesPublicPages, models.Model):
    """A news item written by a curator."""

    page_cache_area = pagecache.NEWS

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300)
    body = models.TextField(
        help_text="Markdown.", max_length=50_000, validators=[MaxLengthValidator(50_000)]
    )
    focal_areas = models.ManyToManyField(FocalArea, blank=True, related_name="news_posts")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news_detail", args=[self.slug])


class PeriodicRun(models.Model):
    """One run of a periodic task for one period (portal.periodic.once_per_period).

    Unique per task and period, so that a second beat started by mistake, or a task
    queued twice, does the period's work once: whoever inserts the row runs it. A run
    that never finished (its worker was killed) may be taken over once its lease ends.
    """

    task = models.CharField(max_length=200)
    period = models.CharField(max_length=64, help_text="The period's start (UTC) and arguments.")
    started_at = models.DateTimeField()
    lease_expires_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "period"], name="periodic_run_once_per_period")
        ]
        indexes = [models.Index(fields=["started_at"], name="periodic_run_started")]

    def __str__(self):
        return f"{self.task} {self.period}"
