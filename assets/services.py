"""Workflows of the asset directory: enquiries, curation, the stale-assets report."""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from assets.models import Asset, Enquiry
from assets.signals import assets_changed
from portal.emails import email_queue
from portal.models import OutgoingEmail

logger = logging.getLogger(__name__)

# Each user may send this many enquiries per window (a brake on spam, not a quota).
ENQUIRY_LIMIT = 5
ENQUIRY_WINDOW = 3600
CURATORS_GROUP = "Curators"


class EnquiryRateLimited(Exception):
    """The user has sent too many enquiries recently."""


def enquiry_rate_limited(*, user):
    """Count one enquiry for ``user``; True when over the limit.

    Uses the Django cache (Redis in production). If the cache is down the enquiry is
    allowed: losing a real enquiry is worse than letting a few extra through.
    """
    key = f"assets:enquiries:{user.pk}"
    try:
        cache.add(key, 0, timeout=ENQUIRY_WINDOW)
        return cache.incr(key) > ENQUIRY_LIMIT
    except Exception:  # noqa: BLE001 - any cache failure: allow, and say so in the log
        logger.warning("Enquiry rate limit unavailable (cache down); allowing", exc_info=True)
        return False


def enquiry_send(*, user, asset, need, timescale, organisation=None):
    """Save an enquiry and queue its two emails in one transaction.

    The recipient gets the enquiry with reply-to set to the enquirer; the enquirer gets a
    copy. Both are OutgoingEmail rows sent after commit; if the broker is down they stay
    pending and the periodic sweep sends them.
    """
    if enquiry_rate_limited(user=user):
        raise EnquiryRateLimited
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            user=user,
            organisation=organisation,
            asset=asset,
            need=need,
            timescale=timescale,
            recipient=asset.enquiry_recipient,
        )
        context = {
            "enquiry": enquiry,
            "asset": asset,
            "user": user,
            "organisation": organisation,
            "asset_url": settings.SITE_URL + asset.get_absolute_url(),
            "dashboard_url": settings.SITE_URL + reverse("dashboard"),
            "brokered": not asset.enquiry_email,
        }
        email_queue(
            name="asset_enquiry",
            to=[enquiry.recipient],
            reply_to=[user.email],
            context=context,
        )
        email_queue(name="asset_enquiry_copy", to=[user.email], context=context)
    return enquiry


def enquiries_for_export(user):
    """The person's enquiries for "Download my data" (registered in ``AssetsConfig``).

    The recipient address is left out: it is the facility's, never shown, not theirs.
    """
    enquiries = Enquiry.objects.filter(user=user).select_related("asset", "organisation")
    return [
        {
            "asset": enquiry.asset.name,
            "asset_url": enquiry.asset.get_absolute_url(),
            "on_behalf_of": enquiry.organisation.name if enquiry.organisation else None,
            "need": enquiry.need,
            "timescale": enquiry.timescale,
            "status": enquiry.status,
            "created_at": enquiry.created_at.isoformat(),
        }
        for enquiry in enquiries
    ]


# --- Curation ---------------------------------------------------------------


def _log(queryset, by, message):
    if by is None:
        return
    content_type = ContentType.objects.get_for_model(Asset)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                user=by,
                content_type=content_type,
                object_id=str(asset.pk),
                object_repr=str(asset)[:200],
                action_flag=CHANGE,
                change_message=message,
            )
            for asset in queryset
        ]
    )


def _bulk_update(*, queryset, by, message, **changes):
    assets = list(queryset)
    count = Asset.objects.filter(pk__in=[a.pk for a in assets]).update(
        updated_at=timezone.now(), **changes
    )
    _log(assets, by, message)
    assets_changed.send(sender=Asset, asset_ids=[a.pk for a in assets])
    return count


def assets_publish(*, queryset, by=None):
    """Publish assets; they appear in the directory, exports and the sitemap."""
    return _bulk_update(
        queryset=queryset, by=by, message="Published.", status=Asset.Status.PUBLISHED
    )


def assets_archive(*, queryset, by=None):
    """Archive assets: kept for the record, hidden from the public."""
    return _bulk_update(queryset=queryset, by=by, message="Archived.", status=Asset.Status.ARCHIVED)


def assets_feature(*, queryset, by=None, featured=True):
    """Feature assets on the home page (or stop featuring them)."""
    message = "Featured." if featured else "No longer featured."
    return _bulk_update(queryset=queryset, by=by, message=message, featured=featured)


def assets_mark_verified(*, queryset, by=None, on=None):
    """Record that a curator checked the assets' details (today by default)."""
    on = on or timezone.localdate()
    return _bulk_update(
        queryset=queryset, by=by, message=f"Details verified on {on:%d %B %Y}.", last_verified=on
    )


# --- Curators ----------------------------------------------------------------


@transaction.atomic
def curator_create(*, email, password, name=""):
    """A staff account in the Curators group with a verified address, ready to sign in.

    For an existing account with that address it sets the password and adds the staff
    flag and the group. On the first visit the admin asks for an authenticator app.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.name = name or user.name
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    EmailAddress.objects.filter(user=user).exclude(email__iexact=email).update(primary=False)
    address, _ = EmailAddress.objects.get_or_create(user=user, email=email)
    address.verified = address.primary = True
    address.save(update_fields=["verified", "primary"])
    return user


# --- The stale-assets report ----------------------------------------------


def curators():
    """Active staff who curate: superusers and members of the Curators group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=CURATORS_GROUP))
        .distinct()
        .order_by("email")
    )


def stale_assets_report_send(*, today=None):
    """Email each curator the assets not verified for a year. Returns emails queued.

    Safe to run twice in a week: a curator who got the report in the last six days is
    skipped.
    """
    stale = list(
        Asset.objects.exclude(status=Asset.Status.ARCHIVED)
        .stale(today)
        .select_related("host")
        .order_by(F("last_verified").asc(nulls_first=True), "name")
    )
    if not stale:
        return 0
    recent = OutgoingEmail.objects.filter(
        template="assets_stale_report", created_at__gte=timezone.now() - timedelta(days=6)
    ).values_list("to", flat=True)
    already = {address for to in recent for address in to}
    report_url = settings.SITE_URL + reverse("admin:assets_asset_changelist") + "?freshness=stale"
    sent = 0
    for curator in curators():
        if curator.email in already:
            continue
        email_queue(
            name="assets_stale_report",
            to=[curator.email],
            context={"assets": stale, "report_url": report_url, "curator": curator},
        )
        sent += 1
    return sent
