"""Workflows of the asset directory: enquiries, curation, the stale-assets report."""

import logging
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from assets import geo
from assets.models import CREATED, Asset, AssetChange, ChangeRequest, Confirmation, Enquiry
from portal.models import OutgoingEmail
from portal.outbox import email_queue
from portal.queue import enqueue_on_commit
from portal.services import ServiceError

logger = logging.getLogger(__name__)

# Each user may send this many enquiries per window (a brake on spam, not a quota).
ENQUIRY_LIMIT = 5
ENQUIRY_WINDOW = 3600
CURATORS_GROUP = "Curators"


class EnquiryRateLimited(ServiceError):
    """The user has sent too many enquiries recently."""

    def __init__(self):
        super().__init__(
            "You have sent several enquiries in the last hour. "
            "Please wait a while before sending another."
        )


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
            "answered_url": enquiry_answered_url(enquiry),
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


ENQUIRY_ANSWERED_SALT = "assets.enquiry-answered"
ENQUIRY_LINK_VALID_FOR = timedelta(days=365)


class EnquiryLinkProblem(Exception):
    """An "I have replied" link that cannot be used: ``reason`` is "invalid" or "expired"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def enquiry_answered_url(enquiry):
    """The signed link in the enquiry email by which the recipient, who replies by email
    and may have no account, tells the portal they have replied."""
    token = signing.dumps(enquiry.pk, salt=ENQUIRY_ANSWERED_SALT)
    return settings.SITE_URL + reverse("enquiry_answered_link", args=[token])


def enquiry_from_answered_token(token):
    """The enquiry an "I have replied" link points at, or EnquiryLinkProblem."""
    try:
        pk = signing.loads(
            token, salt=ENQUIRY_ANSWERED_SALT, max_age=ENQUIRY_LINK_VALID_FOR.total_seconds()
        )
    except signing.SignatureExpired:
        raise EnquiryLinkProblem("expired") from None
    except signing.BadSignature:
        raise EnquiryLinkProblem("invalid") from None
    enquiry = Enquiry.objects.select_related("asset__host").filter(pk=pk).first()
    if enquiry is None:
        raise EnquiryLinkProblem("invalid")
    return enquiry


def enquiry_mark_answered(*, enquiry, at=None):
    """Mark an enquiry answered. The first time also records ``answered_at`` (the time to
    first reply); later marks keep it. Safe to run twice. Returns True the first time."""
    now = timezone.now()
    at = max(at or now, enquiry.created_at)
    first = Enquiry.objects.filter(pk=enquiry.pk, answered_at__isnull=True).update(
        status=Enquiry.Status.ANSWERED, answered_at=at, updated_at=now
    )
    if not first:
        Enquiry.objects.filter(pk=enquiry.pk, status=Enquiry.Status.SENT).update(
            status=Enquiry.Status.ANSWERED, updated_at=now
        )
    enquiry.refresh_from_db(fields=["status", "answered_at", "updated_at"])
    return bool(first)


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
            "answered_at": enquiry.answered_at.isoformat() if enquiry.answered_at else None,
        }
        for enquiry in enquiries
    ]


# --- History ------------------------------------------------------------------


def _display(asset, name):
    """A field's value as a curator reads it: names, not ids; labels, not codes."""
    field = Asset._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(sorted(str(item) for item in getattr(asset, name).all()))
    value = getattr(asset, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.get_internal_type() in {"FileField", "ImageField"}:
        return value.name or ""
    return str(value)


def asset_history_fields():
    """The fields whose changes are recorded: everything a curator can edit."""
    concrete = [f.name for f in Asset._meta.concrete_fields if f.editable and not f.primary_key]
    return concrete + [f.name for f in Asset._meta.many_to_many]


def asset_values(asset):
    """Every recorded field of ``asset`` as display text (compare two to find changes)."""
    return {name: _display(asset, name) for name in asset_history_fields()}


def _changes(asset, before, after, *, by, actor, via):
    now = timezone.now()
    return [
        AssetChange(
            asset=asset,
            field=name,
            old_value=before.get(name, ""),
            new_value=value,
            changed_by=by,
            actor=actor,
            via=via,
            changed_at=now,
        )
        for name, value in after.items()
        if before.get(name, "") != value
    ]


def asset_history_record(*, asset, before, after, by=None, actor="", via):
    """Record each field that differs between two ``asset_values``; ``before=None`` records
    the creation. Returns the rows written."""
    if before is None:
        change = AssetChange.objects.create(
            asset=asset, field=CREATED, new_value=str(asset), changed_by=by, actor=actor, via=via
        )
        return [change]
    return AssetChange.objects.bulk_create(
        _changes(asset, before, after, by=by, actor=actor, via=via)
    )


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


def assets_rematch(*, asset_ids):
    """Have the assets re-scored against open opportunities once this transaction
    commits, and their hosts once each (an organisation fits through the facilities it
    runs). The matching app sits above this one, so its tasks are named, not imported."""
    for asset_id in asset_ids:
        enqueue_on_commit("matching.tasks.match_asset", asset_id)
    hosts = Asset.objects.filter(pk__in=asset_ids).values_list("host_id", flat=True)
    for host_id in sorted(set(hosts)):
        enqueue_on_commit("matching.tasks.match_organisation", host_id)


def _bulk_update(*, queryset, by, message, via=AssetChange.Via.BULK, actor="", **changes):
    assets = list(queryset)
    with transaction.atomic():
        count = Asset.objects.filter(pk__in=[a.pk for a in assets]).update(
            updated_at=timezone.now(), **changes
        )
        history = []
        for asset in assets:
            before = {name: _display(asset, name) for name in changes}
            for name, value in changes.items():
                setattr(asset, name, value)
            after = {name: _display(asset, name) for name in changes}
            history += _changes(asset, before, after, by=by, actor=actor, via=via)
        AssetChange.objects.bulk_create(history)
        _log(assets, by, message)
        assets_rematch(asset_ids=[a.pk for a in assets])
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
            context={
                "assets": stale,
                "report_url": report_url,
                "stale_report_url": settings.SITE_URL + reverse("admin:assets_asset_stale"),
                "curator": curator,
            },
        )
        sent += 1
    return sent


# --- Where an asset is ------------------------------------------------------


def asset_location_warnings(*, asset):
    """Reasons to doubt an asset's coordinates, as sentences for a curator.

    Never a refusal: some assets lie beyond the region (Henry Royce Institute), and a
    postcode district's centre is only approximate.
    """
    if not asset.has_location:
        return []
    point = (asset.latitude, asset.longitude)
    warnings = []
    if not geo.in_region(*point):
        warnings.append(
            f"{asset.name}: the point {asset.latitude}, {asset.longitude} lies outside the "
            "Liverpool City Region. Check the latitude and longitude (not swapped, west is "
            "negative), or ignore this if the asset really is elsewhere."
        )
    centroid = geo.postcode_centroid(asset.postcode)
    if centroid is not None:
        distance = geo.distance_km(point, centroid)
        if distance > geo.POSTCODE_TOLERANCE_KM:
            warnings.append(
                f"{asset.name}: the point is {distance:.0f} km from the centre of postcode "
                f"district {geo.postcode_district(asset.postcode)}. Check the coordinates or "
                "the postcode."
            )
    return warnings


def asset_locate_from_postcode(*, asset):
    """Fill empty coordinates with the centre of the asset's postcode district.

    Returns the district used, or None when the asset already has coordinates or its
    district is not in ``assets.geo``'s table. Does not save.
    """
    if asset.latitude is not None or asset.longitude is not None:
        return None
    centroid = geo.postcode_centroid(asset.postcode)
    if centroid is None:
        return None
    asset.latitude, asset.longitude = (Decimal(str(value)) for value in centroid)
    return geo.postcode_district(asset.postcode)


# --- Asking a facility to confirm its record ---------------------------------

CONFIRMATION_SALT = "assets.confirmation"


class ConfirmationNotPossible(ServiceError):
    """The asset has no contact to ask."""


class ConfirmationLinkProblem(ServiceError):
    """A confirmation link that cannot be used; ``reason`` says why, for the page."""

    MESSAGES = {
        "invalid": "This link is not valid.",
        "expired": "This link has expired.",
        "answered": "This link has already been used.",
    }

    def __init__(self, reason, confirmation=None):
        super().__init__(self.MESSAGES[reason])
        self.reason = reason  # "invalid", "expired" or "answered"
        self.confirmation = confirmation


def confirmation_url(confirmation):
    token = signing.dumps(confirmation.pk, salt=CONFIRMATION_SALT)
    return settings.SITE_URL + reverse("asset_confirm", args=[token])


def confirmation_from_token(token):
    """The open confirmation a link points at, or ConfirmationLinkProblem."""
    try:
        pk = signing.loads(
            token,
            salt=CONFIRMATION_SALT,
            max_age=Confirmation.LINK_VALID_FOR.total_seconds(),
        )
    except signing.SignatureExpired:
        raise ConfirmationLinkProblem("expired") from None
    except signing.BadSignature:
        raise ConfirmationLinkProblem("invalid") from None
    confirmation = Confirmation.objects.select_related("asset__host").filter(pk=pk).first()
    if confirmation is None:
        raise ConfirmationLinkProblem("invalid")
    if confirmation.status == Confirmation.Status.NO_ANSWER:
        raise ConfirmationLinkProblem("expired", confirmation)
    if confirmation.status != Confirmation.Status.ASKED:
        raise ConfirmationLinkProblem("answered", confirmation)
    return confirmation


def _confirmation_email(confirmation, name):
    email_queue(
        name=name,
        to=[confirmation.sent_to],
        context={
            "confirmation": confirmation,
            "asset": confirmation.asset,
            "confirm_url": confirmation_url(confirmation),
            "expires_on": confirmation.expires_at,
        },
    )


def asset_confirmation_ask(*, asset, by):
    """Email the asset's contact a signed link to confirm or correct its record.

    Returns (confirmation, asked): while a question is open, asking again sends nothing
    and returns the open one with ``asked=False``.
    """
    if not asset.enquiry_email:
        raise ConfirmationNotPossible(f"{asset} has no contact email: add one to ask")
    open_question = asset.confirmations.awaiting_answer().first()
    if open_question:
        return open_question, False
    try:
        with transaction.atomic():
            confirmation = Confirmation.objects.create(
                asset=asset, sent_to=asset.enquiry_email, asked_by=by
            )
            _confirmation_email(confirmation, "asset_confirm")
    except IntegrityError:  # another curator asked at the same moment
        return asset.confirmations.awaiting_answer().get(), False
    return confirmation, True


def _answer(confirmation, status):
    """Close the question with this answer; False when it was already answered."""
    return (
        Confirmation.objects.filter(pk=confirmation.pk, status=Confirmation.Status.ASKED).update(
            status=status, answered_at=timezone.now()
        )
        == 1
    )


def confirmation_answer_correct(*, confirmation):
    """The contact says the record is still correct: it counts as verified today."""
    with transaction.atomic():
        if not _answer(confirmation, Confirmation.Status.CONFIRMED):
            raise ConfirmationLinkProblem("answered", confirmation)
        _bulk_update(
            queryset=Asset.objects.filter(pk=confirmation.asset_id),
            by=None,
            message="",
            via=AssetChange.Via.OWNER,
            actor=f"{confirmation.sent_to} (facility contact)",
            last_verified=timezone.localdate(),
        )


def confirmation_answer_changed(*, confirmation, changes, note=""):
    """The contact suggests changes: they wait for a curator as a ChangeRequest."""
    with transaction.atomic():
        if not _answer(confirmation, Confirmation.Status.CHANGED):
            raise ConfirmationLinkProblem("answered", confirmation)
        return ChangeRequest.objects.create(
            asset=confirmation.asset,
            confirmation=confirmation,
            suggested_by=confirmation.sent_to,
            changes=changes,
            note=note,
        )


def confirmation_remind(*, confirmation_id, now=None):
    """Remind the contact once, when the question is over ``REMIND_AFTER`` old and open.

    The conditional UPDATE claims the reminder, so running twice sends one email.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Confirmation.objects.filter(
            pk=confirmation_id,
            status=Confirmation.Status.ASKED,
            reminded_at__isnull=True,
            asked_at__lte=now - Confirmation.REMIND_AFTER,
        ).update(reminded_at=now)
        if claimed:
            confirmation = Confirmation.objects.select_related("asset").get(pk=confirmation_id)
            _confirmation_email(confirmation, "asset_confirm_reminder")
    return bool(claimed)


def confirmation_flag(*, confirmation_id, now=None):
    """Still no answer ``FLAG_AFTER`` the reminder: flag it for the curators."""
    now = now or timezone.now()
    return (
        Confirmation.objects.filter(
            pk=confirmation_id,
            status=Confirmation.Status.ASKED,
            reminded_at__lte=now - Confirmation.FLAG_AFTER,
        ).update(status=Confirmation.Status.NO_ANSWER, flagged_at=now)
        == 1
    )


def confirmations_follow_up(*, now=None):
    """Remind the contacts who have not answered, then flag those who still have not.

    Returns (reminded, flagged). Safe to run twice: each step claims its rows.
    """
    now = now or timezone.now()
    waiting = Confirmation.objects.awaiting_answer()
    to_remind = waiting.filter(
        reminded_at__isnull=True, asked_at__lte=now - Confirmation.REMIND_AFTER
    ).values_list("pk", flat=True)
    to_flag = waiting.filter(reminded_at__lte=now - Confirmation.FLAG_AFTER).values_list(
        "pk", flat=True
    )
    flagged = sum(confirmation_flag(confirmation_id=pk, now=now) for pk in list(to_flag))
    reminded = sum(confirmation_remind(confirmation_id=pk, now=now) for pk in list(to_remind))
    return reminded, flagged


# Fields the contact may suggest new values for (ChangeRequest.changes keys).
SUGGESTIBLE_FIELDS = ["summary", "eligibility", "website", "address", "town", "postcode"]


def change_request_approve(*, change_request, by):
    """Apply the suggested values to the asset, recorded as the curator's change, and
    count the record as verified today. False when it was already decided."""
    with transaction.atomic():
        change_request = (
            ChangeRequest.objects.select_for_update()
            .select_related("asset")
            .get(pk=change_request.pk)
        )
        if change_request.status != ChangeRequest.Status.PENDING:
            return False
        asset = change_request.asset
        before = asset_values(asset)
        for name, value in change_request.changes.items():
            if name in SUGGESTIBLE_FIELDS:
                setattr(asset, name, value)
        asset.last_verified = timezone.localdate()
        asset.save()
        asset_history_record(
            asset=asset,
            before=before,
            after=asset_values(asset),
            by=by,
            actor=f"suggested by {change_request.suggested_by}",
            via=AssetChange.Via.OWNER,
        )
        assets_rematch(asset_ids=[asset.pk])
        change_request.status = ChangeRequest.Status.APPROVED
        change_request.decided_by = by
        change_request.decided_at = timezone.now()
        change_request.save(update_fields=["status", "decided_by", "decided_at"])
    return True


def change_request_dismiss(*, change_request, by):
    """Close the request without changing the asset. False when it was already decided."""
    return (
        ChangeRequest.objects.filter(
            pk=change_request.pk, status=ChangeRequest.Status.PENDING
        ).update(status=ChangeRequest.Status.DISMISSED, decided_by=by, decided_at=timezone.now())
        == 1
    )
