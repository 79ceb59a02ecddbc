"""The newsletter: subscribers and their consent, digests, and one delivery per recipient."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.models import FocalArea

# The exact wording a subscriber agrees to. Change the wording by adding a new version,
# never by editing an old one: ConsentRecord keeps the version each person agreed to.
CONSENT_WORDING = {
    "2026-1": (
        "Yes, email me the LCR+ newsletter with news, events and opportunities. "
        "I can change what I get or unsubscribe at any time from a link in every email."
    ),
}
CONSENT_VERSION = "2026-1"

# How long a subscriber has to confirm before the request expires.
CONFIRMATION_DAYS = 7


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscriber.Status.ACTIVE)

    def unconfirmed_expired(self, now=None):
        """Pending requests older than the confirmation window."""
        cutoff = (now or timezone.now()) - timedelta(days=CONFIRMATION_DAYS)
        return self.filter(status=Subscriber.Status.PENDING, requested_at__lt=cutoff)


class Subscriber(models.Model):
    """A person who asked for the newsletter, with what they want and how often.

    Only an ``active`` subscriber (who confirmed by email, or subscribed from an account
    with a verified address) is ever sent a digest.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Reported as spam"

    email = models.EmailField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_subscriptions",
    )
    focal_areas = models.ManyToManyField(
        FocalArea,
        blank=True,
        related_name="newsletter_subscribers",
        help_text="None chosen means every focal area.",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    bounce_count = models.PositiveSmallIntegerField(
        default=0, help_text="Delivery failures (refusals and soft bounces) in a row."
    )
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="The latest request to subscribe."
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """Evidence of what a subscriber agreed to (or withdrew), when, how and from where."""

    class Action(models.TextChoices):
        SUBSCRIBE = "subscribe", "Subscribed"
        CONFIRM = "confirm", "Confirmed"
        PREFERENCES = "preferences", "Changed preferences"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed"

    class Method(models.TextChoices):
        FORM = "form", "Subscribe form"
        ACCOUNT = "account", "Account settings"
        ADMIN_IMPORT = "admin_import", "Admin import"
        EMAIL_LINK = "email_link", "Link in an email"
        ONE_CLICK = "one_click", "One-click unsubscribe (RFC 8058)"
        ADMIN = "admin", "Curator in the admin"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(max_length=12, choices=Action.choices)
    method = models.CharField(max_length=12, choices=Method.choices)
    wording_version = models.CharField(max_length=20, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True, help_text="Frequency and focal areas.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.get_method_display()})"

    @property
    def wording(self):
        return CONSENT_WORDING.get(self.wording_version, "")


class DigestQuerySet(models.QuerySet):
    def archived(self):
        """Digests that went out, newest first: the public archive."""
        return self.filter(status=Digest.Status.SENT, finished_at__isnull=False).order_by(
            "-finished_at", "-pk"
        )


class Digest(models.Model):
    """One issue of the newsletter for one frequency and period."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    period_start = models.DateTimeField(help_text="Content published from this time ...")
    period_end = models.DateTimeField(help_text="... up to this time.")
    subject = models.CharField(max_length=200)
    intro = models.TextField(
        "editor's introduction",
        blank=True,
        help_text="Markdown. Optional.",
        max_length=10_000,
        validators=[MaxLengthValidator(10_000)],
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True, help_text="When to send it.")
    note = models.CharField(max_length=255, blank=True, help_text="Why it ended as it did.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)

    objects = DigestQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter_archive_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class DigestEdition(models.Model):
    """A digest rendered once for one set of focal areas.

    Every subscriber with the same focal areas gets the same text; only the
    per-subscriber links (preferences, unsubscribe) are filled in per email.
    """

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="editions")
    areas_key = models.CharField(
        max_length=255, blank=True, help_text="Sorted focal area ids; empty for all areas."
    )
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["digest", "areas_key"], name="unique_digest_edition")
        ]

    def __str__(self):
        return f"{self.digest} [{self.areas_key or 'all areas'}]"


class Outcome(models.TextChoices):
    """What the receiving side reported after a message was accepted."""

    DEFERRED = "deferred", "Deferred"
    SOFT_BOUNCE = "soft_bounce", "Soft bounce"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Reported as spam"


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now=None):
        """Deliveries nobody is sending: never claimed, or claimed by a worker whose
        lease ran out (it died)."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status=Delivery.Status.PENDING)
            | models.Q(status=Delivery.Status.SENDING, lease_expires_at__lt=now)
        )


class Delivery(models.Model):
    """One digest to one subscriber: unique, so creating them twice adds nothing.

    A worker claims a delivery (status ``sending``, a claim id and a lease) before
    sending it and marks it ``sent`` as soon as the SMTP server accepts the message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    digest = models.ForeignKey(Digest, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    edition = models.ForeignKey(DigestEdition, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    esp_message_id = models.CharField(
        "provider's message id", max_length=255, blank=True, db_index=True
    )
    outcome = models.CharField(
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        help_text="What happened after the message was accepted (from a webhook or a DSN).",
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscriber"], name="unique_delivery_per_subscriber"
            )
        ]
        indexes = [
            models.Index(fields=["digest", "status"]),
            models.Index(fields=["claim"]),
            models.Index(fields=["status", "lease_expires_at"]),
        ]

    def __str__(self):
        return f"{self.digest} to {self.subscriber}"


class DeliveryEvent(models.Model):
    """One tracking event (a provider webhook or a bounce message), kept once.

    ``event_id`` is unique, so a provider posting the same event twice (a retry, a
    replay) changes nothing the second time.
    """

    event_id = models.CharField(max_length=255, unique=True)
    source = models.CharField(max_length=40, help_text="The provider, or 'mailbox' for DSNs.")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    recipient = models.EmailField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    description = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.recipient}"
