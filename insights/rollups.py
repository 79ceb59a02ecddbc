"""The nightly roll-up: one day's counters from the other apps' tables into ``Rollup``.

``rollup_day`` is idempotent: it replaces that day's rows, so running it twice (or again
after a late correction) gives the same table. Stock metrics are computed "as at the end
of the day" from timestamps where the data allows, so past days can be backfilled.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from insights import sources
from insights.models import Rollup, SearchDay

# Metrics holding the state at the end of a day rather than what happened during it.
STOCKS = {
    "assets_area",
    "stale_assets",
    "orgs_kind",
    "orgs_town",
    "orgs_verified",
    "subscribers",
}
STALE_AFTER = timedelta(days=365)


def day_bounds(day):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, start + timedelta(days=1)


def rollup_day(day):
    """Replace ``day``'s counters; returns how many rows it wrote."""
    start, end = day_bounds(day)
    rows = Counter()
    labels = {}

    def add(metric, key, value, label=""):
        if value:
            rows[(metric, str(key)[:100])] += value
            if label:
                labels[(metric, str(key)[:100])] = str(label)[:200]

    _searches(day, add)
    _opportunities(start, end, add)
    _facilities(day, start, end, add)
    _partnerships(start, end, add)
    _brokerage(start, end, add)
    _people(start, end, add)
    _newsletter(start, end, add)
    with transaction.atomic():
        Rollup.objects.filter(day=day).delete()
        Rollup.objects.bulk_create(
            Rollup(day=day, metric=m, key=k, label=labels.get((m, k), ""), value=v)
            for (m, k), v in rows.items()
        )
    return len(rows)


def _searches(day, add):
    for area, term, filters, searches, zero in SearchDay.objects.filter(
        day=day, is_demo=False
    ).values_list("area", "term", "filters", "searches", "zero_results"):
        add("searches", area, searches)
        add("zero_searches", area, zero)
        if term:
            add("term_searches", area, searches)
        for pair in filter(None, filters.split("&")):
            name, _, value = pair.partition("=")
            add("filter", f"{area}:{name}", searches, f"{area.title()}: {name.replace('_', ' ')}")


def _opportunities(start, end, add):
    Opportunity = sources.Opportunity()
    kinds = dict(Opportunity.Kind.choices)
    opportunities = Opportunity.objects.all()
    for field, metric in (("submitted_at", "opp_posted"), ("published_at", "opp_published")):
        for row in (
            opportunities.filter(**{f"{field}__gte": start, f"{field}__lt": end})
            .values("kind")
            .annotate(n=Count("pk"))
        ):
            add(metric, row["kind"], row["n"], kinds.get(row["kind"]))
    expired = opportunities.filter(status=Opportunity.Status.EXPIRED).filter(
        Q(kind=Opportunity.Kind.EVENT, ends_at__gte=start, ends_at__lt=end)
        | (~Q(kind=Opportunity.Kind.EVENT) & Q(deadline__gte=start, deadline__lt=end))
    )
    for row in expired.values("kind").annotate(n=Count("pk")):
        add("opp_expired", row["kind"], row["n"], kinds.get(row["kind"]))
    # Public monthly activity: only public opportunities of public organisations.
    public = opportunities.filter(
        published_at__gte=start,
        published_at__lt=end,
        visibility=Opportunity.Visibility.PUBLIC,
        organisation__visibility="public",
    )
    for row in public.values("kind").annotate(n=Count("pk")):
        add("public_published", row["kind"], row["n"], kinds.get(row["kind"]))
    # Demand (partner searches, challenges) and supply (capability offers) per focal area.
    sides = {
        Opportunity.Kind.PARTNER_SEARCH: "demand_area",
        Opportunity.Kind.CHALLENGE: "demand_area",
        Opportunity.Kind.CAPABILITY_OFFER: "supply_area",
    }
    for row in (
        opportunities.filter(submitted_at__gte=start, submitted_at__lt=end, kind__in=sides)
        .values("kind", "focal_areas__slug", "focal_areas__name")
        .annotate(n=Count("pk"))
    ):
        if row["focal_areas__slug"]:
            add(sides[row["kind"]], row["focal_areas__slug"], row["n"], row["focal_areas__name"])


def _facilities(day, start, end, add):
    Asset, Enquiry = sources.Asset(), sources.Enquiry()
    enquiries = Enquiry.objects.filter(created_at__gte=start, created_at__lt=end)
    for row in enquiries.values(
        "asset_id", "asset__name", "asset__host_id", "asset__host__name"
    ).annotate(n=Count("pk")):
        add("enquiries", "", row["n"])
        add("enquiry_asset", row["asset_id"], row["n"], row["asset__name"])
        add("enquiry_host", row["asset__host_id"], row["n"], row["asset__host__name"])
    # Time to first reply, as histograms per asset and per host (medians cannot be added
    # up, histograms can): the enquiries first marked answered this day.
    answered = Enquiry.objects.filter(answered_at__gte=start, answered_at__lt=end)
    for asset_id, asset, host_id, host, created_at, answered_at in answered.values_list(
        "asset_id",
        "asset__name",
        "asset__host_id",
        "asset__host__name",
        "created_at",
        "answered_at",
    ):
        hours = reply_bucket(answered_at - created_at)
        add("enquiry_answered", "", 1)
        add("reply_hours_asset", f"{asset_id}:{hours}", 1, asset)
        add("reply_hours_host", f"{host_id}:{hours}", 1, host)
    assets = Asset.objects.filter(created_at__lt=end)
    for row in (
        assets.filter(status=Asset.Status.PUBLISHED)
        .values("focal_areas__slug", "focal_areas__name")
        .annotate(n=Count("pk"))
    ):
        if row["focal_areas__slug"]:
            add("assets_area", row["focal_areas__slug"], row["n"], row["focal_areas__name"])
    stale = assets.exclude(status=Asset.Status.ARCHIVED).filter(
        Q(last_verified__isnull=True) | Q(last_verified__lt=day - STALE_AFTER)
    )
    add("stale_assets", "", stale.count())


def _partnerships(start, end, add):
    Interest = sources.ExpressionOfInterest()
    add("eoi_sent", "", Interest.objects.filter(created_at__gte=start, created_at__lt=end).count())
    decided = Interest.objects.filter(
        decided_at__gte=start,
        decided_at__lt=end,
        status__in=[Interest.Status.ACCEPTED, Interest.Status.DECLINED],
    )
    for status, created_at, decided_at in decided.values_list("status", "created_at", "decided_at"):
        add(f"eoi_{status}", "", 1)
        # Hours to answer, as a histogram: medians cannot be added up, histograms can.
        add("eoi_answer_hours", answer_bucket(decided_at - created_at), 1)
    Match, Feedback = sources.Match(), sources.MatchFeedback()
    for row in (
        Match.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("target_type")
        .annotate(n=Count("pk"))
    ):
        add("match_shown", row["target_type"], row["n"])
    for row in (
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end)
        .values("verdict")
        .annotate(n=Count("pk"))
    ):
        add("match_feedback", row["verdict"], row["n"])


def _brokerage(start, end, add):
    """Per brokerage event (keyed by its matchmaking): registrations and requests on the day
    they were made, answers on the day given, meetings and their outcomes on the day the
    meeting was held (a late outcome re-rolls that day: see ``tasks.rollup_recent``).
    Public figures count only public events of public organisations."""
    Participant, Meeting, Outcome = sources.Participant(), sources.Meeting(), sources.Outcome()
    public = Q(
        matchmaking__event__visibility="public",
        matchmaking__event__organisation__visibility="public",
    )
    event = ("matchmaking_id", "matchmaking__event__title", "matchmaking__event__starts_at")

    def each(queryset, *extra):
        for row in queryset.values(*event, *extra).annotate(
            n=Count("pk"), public=Count("pk", filter=public)
        ):
            yield row, event_label(row["matchmaking__event__title"], row[event[2]])

    held = Q(status="accepted", slot__starts_at__gte=start, slot__starts_at__lt=end)
    for row, label in each(Participant.objects.filter(created_at__gte=start, created_at__lt=end)):
        add("bk_registered", row["matchmaking_id"], row["n"], label)
        add("public_bk_registered", "", row["public"])
    for row, label in each(Meeting.objects.filter(created_at__gte=start, created_at__lt=end)):
        add("bk_requested", row["matchmaking_id"], row["n"], label)
    for row, label in each(
        Meeting.objects.filter(
            decided_at__gte=start, decided_at__lt=end, status__in=["accepted", "declined"]
        ),
        "status",
    ):
        add(f"bk_{row['status']}", row["matchmaking_id"], row["n"], label)
    for row, label in each(Meeting.objects.filter(held)):
        add("bk_held", row["matchmaking_id"], row["n"], label)
        add("public_bk_held", "", row["public"])
    add(
        "public_bk_events",
        "",
        sources.Matchmaking()
        .objects.filter(
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            event__visibility="public",
            event__organisation__visibility="public",
        )
        .count(),
    )
    outcomes = Outcome.objects.filter(
        meeting__status="accepted",
        meeting__slot__starts_at__gte=start,
        meeting__slot__starts_at__lt=end,
    )
    for row in outcomes.values(
        "result",
        "meeting__matchmaking_id",
        "meeting__matchmaking__event__title",
        "meeting__matchmaking__event__starts_at",
    ).annotate(
        n=Count("pk"),
        public=Count(
            "pk",
            filter=Q(
                meeting__matchmaking__event__visibility="public",
                meeting__matchmaking__event__organisation__visibility="public",
            ),
        ),
    ):
        label = event_label(
            row["meeting__matchmaking__event__title"],
            row["meeting__matchmaking__event__starts_at"],
        )
        add("bk_outcome", f"{row['meeting__matchmaking_id']}:{row['result']}", row["n"], label)
        add("public_bk_outcome", row["result"], row["public"])


def late_outcome_days(since, until):
    """The days of the meetings whose outcomes were recorded (or changed) in [since, until)."""
    return {
        timezone.localtime(starts_at).date()
        for starts_at in sources.Outcome()
        .objects.filter(created_at__gte=since, created_at__lt=until, meeting__slot__isnull=False)
        .values_list("meeting__slot__starts_at", flat=True)
        .distinct()
    }


def event_label(title, starts_at):
    if starts_at is None:
        return title
    return f"{title} ({timezone.localtime(starts_at):%-d %b %Y})"


# Steps for the time to first reply: kept few, as every asset and host has its own
# histogram and the curators' page adds them all up over the period.
REPLY_STEPS = [0, 1, 2, 3, 4, 6, 8, 12, 18, 24, 36, 48, 72, 96, 120, 168, 240, 336, 504, 720]


def reply_bucket(delta):
    """The step at or below the hours taken (a month or more counts as 720 hours)."""
    hours = max(delta.total_seconds() / 3600, 0)
    return max(step for step in REPLY_STEPS if step <= hours)


def answer_bucket(delta):
    """Whole hours up to two days, then whole days (in hours): a short histogram."""
    hours = max(int(delta.total_seconds() // 3600), 0)
    return hours if hours < 48 else min(hours // 24, 365) * 24


def _people(start, end, add):
    User, Organisation = sources.User(), sources.Organisation()
    add("signups", "", User.objects.filter(date_joined__gte=start, date_joined__lt=end).count())
    organisations = Organisation.objects.filter(created_at__lt=end)
    kinds = dict(Organisation.Kind.choices)
    for row in organisations.values("kind", "visibility", "verified").annotate(n=Count("pk")):
        add("orgs_kind", row["kind"], row["n"], kinds.get(row["kind"]))
        add("orgs_verified", "verified" if row["verified"] else "not_verified", row["n"])
    for row in organisations.values("town").annotate(n=Count("pk")):
        town = " ".join(row["town"].split()).title() or "Not given"
        add("orgs_town", town.lower(), row["n"], town)
    created = Organisation.objects.filter(created_at__gte=start, created_at__lt=end)
    add("orgs_created", "", created.count())


def _newsletter(start, end, add):
    Subscriber, Digest, Delivery = sources.Subscriber(), sources.Digest(), sources.Delivery()
    Status = Subscriber.Status
    bounced = Q(status=Status.BOUNCED, updated_at__lt=end)
    unsubscribed = Q(unsubscribed_at__lt=end)
    counts = Subscriber.objects.aggregate(
        active=Count(
            "pk",
            filter=Q(confirmed_at__lt=end) & ~unsubscribed & ~bounced,
        ),
        unsubscribed=Count("pk", filter=unsubscribed & ~bounced),
        bounced=Count("pk", filter=bounced),
    )
    for status, value in counts.items():
        add("subscribers", status, value, Status(status).label)
    for digest in Digest.objects.filter(finished_at__gte=start, finished_at__lt=end):
        label = f"{digest.finished_at:%d %b %Y}: {digest.subject}"
        deliveries = Delivery.objects.filter(digest=digest).aggregate(
            sent=Count("pk", filter=Q(status="sent")),
            failed=Count("pk", filter=Q(status="failed")),
            bounced=Count("pk", filter=Q(status="failed", subscriber__status=Status.BOUNCED)),
        )
        for name, value in deliveries.items():
            add(f"digest_{name}", digest.pk, value, label)
    # Unsubscribes are put down to the latest digest sent before them.
    latest = Digest.objects.filter(finished_at__lt=end).order_by("-finished_at").first()
    if latest is not None:
        left = Subscriber.objects.filter(
            unsubscribed_at__gte=max(start, latest.finished_at), unsubscribed_at__lt=end
        ).count()
        add(
            "digest_unsubscribed",
            latest.pk,
            left,
            f"{latest.finished_at:%d %b %Y}: {latest.subject}",
        )
