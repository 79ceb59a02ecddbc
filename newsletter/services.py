"""Newsletter workflows: subscribing with consent, and a digest's life from draft to sent.

Views, admin actions, tasks and commands call these; sending one batch of deliveries
lives in ``sending.py``.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from newsletter import content, tokens
from newsletter.models import (
    CONFIRMATION_DAYS,
    CONSENT_VERSION,
    ConsentRecord,
    Delivery,
    Digest,
    DigestEdition,
    Frequency,
    Outcome,
    Subscriber,
)
from portal.models import EmailSuppression, FocalArea
from portal.outbox import email_queue, email_queue_rendered
from portal.queue import enqueue_on_commit
from portal.services import ServiceError

logger = logging.getLogger(__name__)

Action = ConsentRecord.Action
Method = ConsentRecord.Method


def link(name, token):
    return f"{settings.SITE_URL}{reverse(name, args=[token])}"


def preferences_url(subscriber_id):
    return link("newsletter_preferences", tokens.make_token(subscriber_id, tokens.PREFERENCES))


def unsubscribe_url(subscriber_id):
    return link("newsletter_unsubscribe", tokens.make_token(subscriber_id, tokens.UNSUBSCRIBE))


def _record(subscriber, action, method, ip, *, wording=True, **details):
    if action in (Action.SUBSCRIBE, Action.PREFERENCES, Action.CONFIRM):
        details.setdefault("frequency", subscriber.frequency)
        details.setdefault(
            "focal_areas", sorted(subscriber.focal_areas.values_list("slug", flat=True))
        )
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        method=method,
        wording_version=CONSENT_VERSION if wording else "",
        ip_address=ip or None,
        details=details,
    )


# --- Subscribers ----------------------------------------------------------------


def subscriber_subscribe(*, email, focal_areas, frequency, method=Method.FORM, ip=None):
    """Ask for the newsletter: save the request and email a confirmation link.

    Nothing is sent to the address until its owner confirms. An address that already
    receives the newsletter is left as it is and gets a note with its preferences link
    instead, so the caller's answer is the same whether or not the address was known.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=email)
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.ACTIVE:
            email_queue(
                name="newsletter_already_subscribed",
                to=[email],
                context={"email": email, "preferences_url": preferences_url(subscriber.pk)},
            )
            return subscriber
        now = timezone.now()
        subscriber.status = Subscriber.Status.PENDING
        subscriber.frequency = frequency
        subscriber.requested_at = now
        subscriber.confirmation_sent_at = now
        subscriber.save()
        subscriber.focal_areas.set(focal_areas)
        _record(subscriber, Action.SUBSCRIBE, method, ip)
        email_queue(
            name="newsletter_confirm",
            to=[email],
            context={
                "email": email,
                "frequency": subscriber.get_frequency_display().lower(),
                "confirm_url": link(
                    "newsletter_confirm", tokens.make_token(subscriber.pk, tokens.CONFIRM)
                ),
                "days": CONFIRMATION_DAYS,
            },
        )
    return subscriber


def subscriber_confirm(*, subscriber, ip=None, method=Method.EMAIL_LINK):
    """Activate a pending subscription. True if this call activated it."""
    with transaction.atomic():
        activated = Subscriber.objects.filter(
            pk=subscriber.pk, status=Subscriber.Status.PENDING
        ).update(status=Subscriber.Status.ACTIVE, confirmed_at=timezone.now(), bounce_count=0)
        if activated:
            subscriber.refresh_from_db()
            _record(subscriber, Action.CONFIRM, method, ip)
    return activated == 1


def user_has_verified_email(user):
    """True when the user's login address is verified (allauth's EmailAddress)."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def user_interests(user):
    """The focal areas a user chose in their account settings, if accounts has them yet."""
    for name in ("interests", "focal_areas"):
        related = getattr(user, name, None)
        if related is not None and hasattr(related, "all"):
            areas = [area for area in related.all() if isinstance(area, FocalArea)]
            if areas:
                return areas
    return []


def subscriber_for_user(user):
    """The subscription for a signed-in user's address, or None."""
    if not user.is_authenticated:
        return None
    return Subscriber.objects.filter(email=user.email.lower()).first()


def subscriber_subscribe_account(*, user, focal_areas, frequency, ip=None):
    """Subscribe a signed-in user in one step: their address is already verified."""
    if not user_has_verified_email(user):
        raise ServiceError("Verify your email address before subscribing.")
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.get_or_create(email=user.email.lower())
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        was_active = subscriber.status == Subscriber.Status.ACTIVE
        now = timezone.now()
        subscriber.user = user
        subscriber.frequency = frequency
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.requested_at = now
        subscriber.bounce_count = 0
        if not was_active:
            subscriber.confirmed_at = now
        subscriber.save()
        subscriber.focal_areas.set(focal_areas)
        # Asking again from the account lifts a suppression after a bounce or complaint.
        EmailSuppression.objects.filter(email=subscriber.email).delete()
        if was_active:
            _record(subscriber, Action.PREFERENCES, Method.ACCOUNT, ip)
        else:
            _record(subscriber, Action.SUBSCRIBE, Method.ACCOUNT, ip)
            _record(subscriber, Action.CONFIRM, Method.ACCOUNT, ip, verified_email=True)
    return subscriber


def subscriber_update_preferences(
    *, subscriber, focal_areas, frequency, ip=None, method=Method.EMAIL_LINK
):
    """Change what a subscriber receives and how often."""
    with transaction.atomic():
        subscriber.frequency = frequency
        subscriber.save(update_fields=["frequency", "updated_at"])
        subscriber.focal_areas.set(focal_areas)
        _record(subscriber, Action.PREFERENCES, method, ip)
    return subscriber


def subscriber_unsubscribe(*, subscriber, ip=None, method=Method.EMAIL_LINK):
    """Stop every email to this subscriber, including digests being sent right now.

    Safe to call twice; returns True if this call unsubscribed them.
    """
    with transaction.atomic():
        changed = (
            Subscriber.objects.filter(pk=subscriber.pk)
            .exclude(status=Subscriber.Status.UNSUBSCRIBED)
            .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        )
        # A worker checks its delivery is still "sending" just before each message.
        Delivery.objects.filter(
            subscriber_id=subscriber.pk,
            status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING],
        ).update(status=Delivery.Status.SKIPPED, claim="", last_error="Unsubscribed")
        if changed:
            _record(subscriber, Action.UNSUBSCRIBE, method, ip, wording=False)
    return changed == 1


def subscribers_expire_unconfirmed(*, now=None):
    """Forget requests nobody confirmed within the window. Returns how many expired.

    A never-confirmed address is deleted with its records (we hold no consent for it);
    one that had confirmed before and asked again goes back to unsubscribed.
    """
    returned = (
        Subscriber.objects.unconfirmed_expired(now)
        .filter(confirmed_at__isnull=False)
        .update(status=Subscriber.Status.UNSUBSCRIBED)
    )
    never_confirmed = Subscriber.objects.unconfirmed_expired(now).filter(confirmed_at__isnull=True)
    forgotten = never_confirmed.count()
    never_confirmed.delete()
    return returned + forgotten


def subscribers_import(*, emails, focal_areas, frequency, ip=None):
    """Invite a list of addresses (a curator's import): each gets a confirmation email
    and receives nothing until its owner confirms. Returns how many were invited."""
    count = 0
    for email in emails:
        subscriber_subscribe(
            email=email,
            focal_areas=focal_areas,
            frequency=frequency,
            method=Method.ADMIN_IMPORT,
            ip=ip,
        )
        count += 1
    return count


# --- Digests --------------------------------------------------------------------


def _months_before(moment, months):
    month = moment.month - months
    year = moment.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def default_period(frequency, end):
    """The period a digest ending at ``end`` covers: from where the last one of the same
    frequency ended (so nothing falls between two issues), else one week or month."""
    if frequency == Frequency.WEEKLY:
        start = end - timedelta(days=7)
    else:
        start = _months_before(end, 1)
    previous = (
        Digest.objects.filter(
            frequency=frequency,
            status__in=[Digest.Status.SENDING, Digest.Status.SENT],
            period_end__lt=end,
            period_end__gte=start - (end - start),
        )
        .order_by("-period_end")
        .first()
    )
    return (previous.period_end if previous else start), end


def default_subject(frequency, end):
    local = timezone.localtime(end)
    if frequency == Frequency.WEEKLY:
        return f"LCR+ newsletter: week of {local:%-d %B %Y}"
    return f"LCR+ newsletter: {local:%B %Y}"


def digest_create(
    *, frequency, period_end=None, period_start=None, subject="", intro="", created_by=None
):
    """A new draft digest with a sensible period and subject."""
    period_end = period_end or timezone.now()
    start, end = default_period(frequency, period_end)
    return Digest.objects.create(
        frequency=frequency,
        period_start=period_start or start,
        period_end=end,
        subject=subject or default_subject(frequency, end),
        intro=intro,
        created_by=created_by,
    )


def digest_create_periodic(*, frequency, now=None):
    """Beat's Monday run: create this period's digest and send it.

    A digest a curator prepared and scheduled for around now (to add an introduction,
    say) is sent instead; one already sent in the last two days is not repeated.
    """
    now = now or timezone.now()
    window = Q(scheduled_at__gte=now - timedelta(days=2), scheduled_at__lte=now + timedelta(days=2))
    prepared = Digest.objects.filter(frequency=frequency).filter(
        (Q(status=Digest.Status.SCHEDULED) & window)
        | Q(
            status__in=[Digest.Status.SENDING, Digest.Status.SENT],
            started_at__gte=now - timedelta(days=2),
        )
    )
    if prepared.exists():
        digests_send_due(now=now)
        return None
    digest = digest_create(frequency=frequency, period_end=now)
    digest.status = Digest.Status.SCHEDULED
    digest.scheduled_at = now
    digest.save(update_fields=["status", "scheduled_at"])
    digest_send(digest=digest)
    return digest


def digest_schedule(*, digest, when):
    """Send the digest at ``when`` (the every-minute beat task starts it)."""
    updated = Digest.objects.filter(
        pk=digest.pk, status__in=[Digest.Status.DRAFT, Digest.Status.SCHEDULED]
    ).update(status=Digest.Status.SCHEDULED, scheduled_at=when)
    digest.refresh_from_db()
    return updated == 1


def digest_cancel(*, digest, note="Cancelled by a curator."):
    """Stop a digest; anything not yet handed to the mail server is not sent."""
    with transaction.atomic():
        updated = Digest.objects.filter(
            pk=digest.pk,
            status__in=[Digest.Status.DRAFT, Digest.Status.SCHEDULED, Digest.Status.SENDING],
        ).update(status=Digest.Status.CANCELLED, finished_at=timezone.now(), note=note)
        Delivery.objects.filter(
            digest_id=digest.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
        ).update(status=Delivery.Status.SKIPPED, claim="", last_error="Digest cancelled")
    if updated:
        _store_counts(digest.pk)
    digest.refresh_from_db()
    return updated == 1


def subscriber_area_sets(frequency):
    """{subscriber id: frozenset of focal area ids} for every active subscriber."""
    subscribers = Subscriber.objects.active().filter(frequency=frequency)
    sets = {pk: set() for pk in subscribers.values_list("pk", flat=True)}
    through = Subscriber.focal_areas.through.objects.filter(subscriber__in=subscribers)
    for subscriber_id, area_id in through.values_list("subscriber_id", "focalarea_id"):
        if subscriber_id in sets:
            sets[subscriber_id].add(area_id)
    return {pk: frozenset(areas) for pk, areas in sets.items()}


def digest_render_editions(*, digest, area_sets, digest_content=None):
    """Render the digest once per distinct set of focal areas; {areas_key: edition}."""
    digest_content = digest_content or content.digest_content(digest)
    names = dict(FocalArea.objects.values_list("pk", "name"))
    editions = {e.areas_key: e for e in digest.editions.all()}
    for areas in set(area_sets):
        key = content.areas_key(areas)
        if key in editions:
            continue
        area_names = [
            names[pk] for pk in sorted(areas, key=lambda pk: names.get(pk, "")) if pk in names
        ]
        subject, text, html = content.render_edition(digest, digest_content, areas, area_names)
        editions[key], _ = DigestEdition.objects.get_or_create(
            digest=digest,
            areas_key=key,
            defaults={"subject": subject, "body_text": text, "body_html": html},
        )
    return editions


def digest_send(*, digest):
    """Start sending: one Delivery per active subscriber of the digest's frequency, then
    batch tasks over their ids. Returns how many deliveries were queued.

    Only a draft or scheduled digest starts, so calling this twice sends once; the
    unique (digest, subscriber) rows and the claims in sending.py make the rest of the
    path safe to repeat as well.
    """
    now = timezone.now()
    with transaction.atomic():
        started = Digest.objects.filter(
            pk=digest.pk, status__in=[Digest.Status.DRAFT, Digest.Status.SCHEDULED]
        ).update(status=Digest.Status.SENDING, started_at=now)
        if not started:
            digest.refresh_from_db()
            return 0
        digest.refresh_from_db()
        digest_content = content.digest_content(digest, now=now)
        if digest_content.is_empty and not digest.intro.strip():
            Digest.objects.filter(pk=digest.pk).update(
                status=Digest.Status.CANCELLED,
                finished_at=now,
                note="Nothing new in this period, so it was not sent.",
            )
            digest.refresh_from_db()
            return 0
        area_sets = subscriber_area_sets(digest.frequency)
        editions = digest_render_editions(
            digest=digest, area_sets=area_sets.values(), digest_content=digest_content
        )
        deliveries_create(digest=digest, area_sets=area_sets, editions=editions, now=now)
        ids = list(
            digest.deliveries.filter(status=Delivery.Status.PENDING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Digest.objects.filter(pk=digest.pk).update(total_count=digest.deliveries.count())
        deliveries_enqueue(digest_id=digest.pk, delivery_ids=ids)
        if not ids:
            transaction.on_commit(lambda: digest_finish_if_done(digest_id=digest.pk))
    digest.refresh_from_db()
    return len(ids)


def deliveries_create(*, digest, area_sets, editions, now=None):
    """One pending Delivery per subscriber; existing ones are left alone."""
    now = now or timezone.now()
    rows = [
        Delivery(
            digest=digest,
            subscriber_id=subscriber_id,
            edition=editions[content.areas_key(areas)],
            queued_at=now,
        )
        for subscriber_id, areas in area_sets.items()
    ]
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def deliveries_enqueue(*, digest_id, delivery_ids):
    """Queue batch tasks over the ids after the transaction commits."""
    size = settings.NEWSLETTER_BATCH_SIZE
    for start in range(0, len(delivery_ids), size):
        # By name: newsletter.tasks imports this module.
        enqueue_on_commit(
            "newsletter.send_digest_batch", digest_id, delivery_ids[start : start + size]
        )


def digests_send_due(*, now=None):
    """Start every scheduled digest whose time has come. Returns how many started."""
    now = now or timezone.now()
    started = 0
    due = Digest.objects.filter(status=Digest.Status.SCHEDULED, scheduled_at__lte=now)
    for digest in due.order_by("scheduled_at"):
        if digest_send(digest=digest) or digest.status != Digest.Status.SCHEDULED:
            started += 1
    return started


def deliveries_sweep(*, now=None):
    """Queue again what nobody is sending: deliveries whose worker died (lease over) and
    pending ones whose task was lost. Finishes digests with nothing left. Returns how
    many deliveries were queued."""
    now = now or timezone.now()
    requeue_before = now - timedelta(seconds=settings.NEWSLETTER_REQUEUE_SECONDS)
    sending = Delivery.objects.filter(digest__status=Digest.Status.SENDING)
    stale = sending.filter(
        Q(status=Delivery.Status.SENDING, lease_expires_at__lt=now)
        | Q(status=Delivery.Status.PENDING, queued_at__lt=requeue_before)
    )
    by_digest = defaultdict(list)
    with transaction.atomic():
        for pk, digest_id in stale.order_by("pk").values_list("pk", "digest_id")[:50_000]:
            by_digest[digest_id].append(pk)
        for digest_id, ids in by_digest.items():
            # Back to pending only if still stale, so a row claimed meanwhile is left be.
            Delivery.objects.filter(pk__in=ids).filter(
                Q(status=Delivery.Status.SENDING, lease_expires_at__lt=now)
                | Q(status=Delivery.Status.PENDING)
            ).update(status=Delivery.Status.PENDING, claim="", lease_expires_at=None, queued_at=now)
            deliveries_enqueue(digest_id=digest_id, delivery_ids=ids)
    for digest_id in Digest.objects.filter(status=Digest.Status.SENDING).values_list(
        "pk", flat=True
    ):
        digest_finish_if_done(digest_id=digest_id)
    return sum(len(ids) for ids in by_digest.values())


def digest_progress(digest_id):
    """Counts of a digest's deliveries by status."""
    counts = Delivery.objects.filter(digest_id=digest_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        skipped=Count("pk", filter=Q(status=Delivery.Status.SKIPPED)),
    )
    counts["remaining"] = counts["total"] - counts["sent"] - counts["failed"] - counts["skipped"]
    return counts


def _store_counts(digest_id):
    counts = digest_progress(digest_id)
    Digest.objects.filter(pk=digest_id).update(
        total_count=counts["total"], sent_count=counts["sent"], failed_count=counts["failed"]
    )
    return counts


def digest_finish_if_done(*, digest_id):
    """Mark a sending digest sent once no delivery is left to send. True if it did."""
    left = Delivery.objects.filter(
        digest_id=digest_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if left.exists():
        return False
    counts = digest_progress(digest_id)
    finished = Digest.objects.filter(pk=digest_id, status=Digest.Status.SENDING).update(
        status=Digest.Status.SENT,
        finished_at=timezone.now(),
        total_count=counts["total"],
        sent_count=counts["sent"],
        failed_count=counts["failed"],
    )
    return finished == 1


def digest_preview(*, digest, subscriber=None, area_ids=None):
    """(subject, text, html) of the digest as one subscriber (or one set of focal areas)
    would get it, with their real links. Nothing is saved."""
    if subscriber is not None:
        area_ids = list(subscriber.focal_areas.values_list("pk", flat=True))
    area_ids = area_ids or []
    key = content.areas_key(area_ids)
    edition = digest.editions.filter(areas_key=key).first()
    if edition:
        subject, text, html = edition.subject, edition.body_text, edition.body_html
    else:
        names = dict(FocalArea.objects.filter(pk__in=area_ids).values_list("pk", "name"))
        subject, text, html = content.render_edition(
            digest, content.digest_content(digest), area_ids, [names[pk] for pk in sorted(names)]
        )
    if subscriber is not None:
        prefs, unsub, recipient = (
            preferences_url(subscriber.pk),
            unsubscribe_url(subscriber.pk),
            subscriber.email,
        )
    else:
        prefs = unsub = f"{settings.SITE_URL}{reverse('newsletter_subscribe')}"
        recipient = "(preview)"
    text, html = content.personalise(
        text, html, preferences_url=prefs, unsubscribe_url=unsub, recipient=recipient
    )
    return subject, text, html


def digest_send_test(*, digest, to, subscriber=None):
    """Email the digest, as ``subscriber`` would get it, to a curator's own address."""
    subject, text, html = digest_preview(digest=digest, subscriber=subscriber)
    return email_queue_rendered(
        name="newsletter_digest_test",
        to=[to],
        subject=f"[Test] {subject}",
        body_text=text,
        body_html=html,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
    )


def digest_archive_context(*, digest):
    """The template context of a digest's general edition (every focal area), for the
    public archive: no subscriber's address or links."""
    return content.edition_context(digest, content.digest_content(digest), [], [])


def digest_figures(*, digest):
    """What happened to a digest: sent, failed, bounced, complained, and how many of
    its recipients unsubscribed after it (before the next digest of its frequency)."""
    deliveries = Delivery.objects.filter(digest=digest).aggregate(
        sent=Count("pk", filter=Q(status=Delivery.Status.SENT)),
        failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        bounced=Count("pk", filter=Q(outcome__in=[Outcome.BOUNCED, Outcome.SOFT_BOUNCE])),
        complained=Count("pk", filter=Q(outcome=Outcome.COMPLAINED)),
    )
    next_digest = (
        Digest.objects.filter(
            frequency=digest.frequency,
            started_at__gt=digest.started_at or timezone.now(),
        )
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    unsubscribes = ConsentRecord.objects.filter(
        action=ConsentRecord.Action.UNSUBSCRIBE,
        subscriber__deliveries__digest=digest,
        subscriber__deliveries__status=Delivery.Status.SENT,
        created_at__gte=F("subscriber__deliveries__sent_at"),
    )
    if next_digest:
        unsubscribes = unsubscribes.filter(created_at__lt=next_digest)
    deliveries["unsubscribed"] = unsubscribes.values("subscriber").distinct().count()
    return deliveries
