"""The nightly roll-up: the daily counters from the other apps' tables into ``Rollup``.

``rollup_range`` rolls up a run of days with one grouped query per source (per day in
SQL, by the day's local date), so a catch-up after an outage, or a backfill of years,
costs about as much as one day; ``rollup_day`` is the same code for a single day. Both are
idempotent: they replace those days' rows, so running them twice (or again after a late
correction) gives the same table. Stock metrics are computed "as at the end of each day"
from timestamps where the data allows, so past days can be backfilled.
"""

from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Count, DateField, Q, Sum, When
from django.db.models.functions import TruncDate
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


def local_day(moment):
    return timezone.localtime(moment).date()


def rollup_day(day):
    """Replace ``day``'s counters; returns how many rows it wrote."""
    return rollup_range(day, day)


def rollup_range(first, last):
    """Replace the counters of every day from ``first`` to ``last`` (both included) with
    one grouped query per source; returns how many rows it wrote."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    start, end = day_bounds(first)[0], day_bounds(last)[1]
    rows = Counter()
    labels = {}

    def add(day, metric, key, value, label=""):
        if value:
            row = (day, metric, str(key)[:100])
            rows[row] += value
            if label:
                labels[row] = str(label)[:200]

    _searches(first, last, add)
    _opportunities(start, end, add)
    _facilities(days, start, end, add)
    _partnerships(start, end, add)
    _brokerage(start, end, add)
    _people(days, start, end, add)
    _newsletter(days, start, end, add)
    with transaction.atomic():
        Rollup.objects.filter(day__gte=first, day__lte=last).delete()
        Rollup.objects.bulk_create(
            (
                Rollup(day=d, metric=m, key=k, label=labels.get((d, m, k), ""), value=v)
                for (d, m, k), v in rows.items()
            ),
            batch_size=5000,
        )
    return len(rows)


def _per_day(queryset, field, *keys):
    """``queryset`` grouped by the local date of ``field`` (as ``day``) and ``keys``."""
    return queryset.annotate(day=TruncDate(field)).values("day", *keys)


def _running(days, intervals):
    """{day: Counter(key: total)} for ``intervals`` of (key, first day, day after, n): n
    counts on each day from the first day until the day before ``day after`` (None: for
    ever; a first day of None: never)."""
    changes, running = defaultdict(Counter), Counter()
    for key, begin, stop, n in intervals:
        if begin is None or (stop is not None and stop <= begin):
            continue
        for when, step in ((begin, n), (stop, -n)):
            if when is not None:
                (running if when <= days[0] else changes[when])[key] += step
    totals = {}
    for day in days:
        running.update(changes.get(day, {}))
        totals[day] = +running  # only the keys that count that day
    return totals


def _searches(first, last, add):
    for row in (
        SearchDay.objects.filter(day__gte=first, day__lte=last, is_demo=False)
        .values("day", "area", "filters")
        .annotate(
            total=Sum("searches"),
            zero=Sum("zero_results"),
            with_term=Sum("searches", filter=~Q(term="")),
        )
    ):
        day, area = row["day"], row["area"]
        add(day, "searches", area, row["total"])
        add(day, "zero_searches", area, row["zero"])
        add(day, "term_searches", area, row["with_term"] or 0)
        for pair in filter(None, row["filters"].split("&")):
            name, _, value = pair.partition("=")
            label = f"{area.title()}: {name.replace('_', ' ')}"
            add(day, "filter", f"{area}:{name}", row["total"], label)


def _opportunities(start, end, add):
    Opportunity = sources.Opportunity()
    kinds = dict(Opportunity.Kind.choices)
    opportunities = Opportunity.objects.all()
    for field, metric in (("submitted_at", "opp_posted"), ("published_at", "opp_published")):
        for row in _per_day(
            opportunities.filter(**{f"{field}__gte": start, f"{field}__lt": end}), field, "kind"
        ).annotate(n=Count("pk")):
            add(row["day"], metric, row["kind"], row["n"], kinds.get(row["kind"]))
    event = Q(kind=Opportunity.Kind.EVENT)
    expired = opportunities.filter(status=Opportunity.Status.EXPIRED).filter(
        (event & Q(ends_at__gte=start, ends_at__lt=end))
        | (~event & Q(deadline__gte=start, deadline__lt=end))
    )
    for row in (
        expired.annotate(
            day=Case(
                When(event, then=TruncDate("ends_at")),
                default=TruncDate("deadline"),
                output_field=DateField(),
            )
        )
        .values("day", "kind")
        .annotate(n=Count("pk"))
    ):
        add(row["day"], "opp_expired", row["kind"], row["n"], kinds.get(row["kind"]))
    # Public monthly activity: only public opportunities of public organisations.
    public = opportunities.filter(
        published_at__gte=start,
        published_at__lt=end,
        visibility=Opportunity.Visibility.PUBLIC,
        organisation__visibility="public",
    )
    for row in _per_day(public, "published_at", "kind").annotate(n=Count("pk")):
        add(row["day"], "public_published", row["kind"], row["n"], kinds.get(row["kind"]))
    # Demand (partner searches, challenges) and supply (capability offers) per focal area.
    sides = {
        Opportunity.Kind.PARTNER_SEARCH: "demand_area",
        Opportunity.Kind.CHALLENGE: "demand_area",
        Opportunity.Kind.CAPABILITY_OFFER: "supply_area",
    }
    for row in _per_day(
        opportunities.filter(submitted_at__gte=start, submitted_at__lt=end, kind__in=sides),
        "submitted_at",
        "kind",
        "focal_areas__slug",
        "focal_areas__name",
    ).annotate(n=Count("pk")):
        if row["focal_areas__slug"]:
            add(
                row["day"],
                sides[row["kind"]],
                row["focal_areas__slug"],
                row["n"],
                row["focal_areas__name"],
            )


def _facilities(days, start, end, add):
    Asset, Enquiry = sources.Asset(), sources.Enquiry()
    enquiries = Enquiry.objects.filter(created_at__gte=start, created_at__lt=end)
    for row in _per_day(
        enquiries, "created_at", "asset_id", "asset__name", "asset__host_id", "asset__host__name"
    ).annotate(n=Count("pk")):
        day = row["day"]
        add(day, "enquiries", "", row["n"])
        add(day, "enquiry_asset", row["asset_id"], row["n"], row["asset__name"])
        add(day, "enquiry_host", row["asset__host_id"], row["n"], row["asset__host__name"])
    # Time to first reply, as histograms per asset and per host (medians cannot be added
    # up, histograms can): the enquiries first marked answered each day.
    answered = Enquiry.objects.filter(answered_at__gte=start, answered_at__lt=end)
    for asset_id, asset, host_id, host, created_at, answered_at in answered.values_list(
        "asset_id",
        "asset__name",
        "asset__host_id",
        "asset__host__name",
        "created_at",
        "answered_at",
    ):
        day, hours = local_day(answered_at), reply_bucket(answered_at - created_at)
        add(day, "enquiry_answered", "", 1)
        add(day, "reply_hours_asset", f"{asset_id}:{hours}", 1, asset)
        add(day, "reply_hours_host", f"{host_id}:{hours}", 1, host)
    # Stocks: published assets per focal area, and assets nobody has checked for a year.
    assets = Asset.objects.filter(created_at__lt=end)
    names, published = {}, []
    for row in _per_day(
        assets.filter(status=Asset.Status.PUBLISHED),
        "created_at",
        "focal_areas__slug",
        "focal_areas__name",
    ).annotate(n=Count("pk")):
        if row["focal_areas__slug"]:
            names[row["focal_areas__slug"]] = row["focal_areas__name"]
            published.append((row["focal_areas__slug"], row["day"], None, row["n"]))
    for day, counts in _running(days, published).items():
        for slug, n in counts.items():
            add(day, "assets_area", slug, n, names[slug])
    # Stale on the day: created by then and never checked, or last checked over a year
    # before (last_verified < day - 365 days, so from the 366th day after it).
    stale = _per_day(
        assets.exclude(status=Asset.Status.ARCHIVED), "created_at", "last_verified"
    ).annotate(n=Count("pk"))
    since = [
        (
            "",
            row["day"]
            if row["last_verified"] is None
            else max(row["day"], row["last_verified"] + STALE_AFTER + timedelta(days=1)),
            None,
            row["n"],
        )
        for row in stale
    ]
    for day, counts in _running(days, since).items():
        add(day, "stale_assets", "", counts[""])


def _partnerships(start, end, add):
    Interest = sources.ExpressionOfInterest()
    for row in _per_day(
        Interest.objects.filter(created_at__gte=start, created_at__lt=end), "created_at"
    ).annotate(n=Count("pk")):
        add(row["day"], "eoi_sent", "", row["n"])
    decided = Interest.objects.filter(
        decided_at__gte=start,
        decided_at__lt=end,
        status__in=[Interest.Status.ACCEPTED, Interest.Status.DECLINED],
    )
    for status, created_at, decided_at in decided.values_list("status", "created_at", "decided_at"):
        day = local_day(decided_at)
        add(day, f"eoi_{status}", "", 1)
        # Hours to answer, as a histogram: medians cannot be added up, histograms can.
        add(day, "eoi_answer_hours", answer_bucket(decided_at - created_at), 1)
    Match, Feedback = sources.Match(), sources.MatchFeedback()
    for row in _per_day(
        Match.objects.filter(created_at__gte=start, created_at__lt=end), "created_at", "target_type"
    ).annotate(n=Count("pk")):
        add(row["day"], "match_shown", row["target_type"], row["n"])
    for row in _per_day(
        Feedback.objects.filter(created_at__gte=start, created_at__lt=end), "created_at", "verdict"
    ).annotate(n=Count("pk")):
        add(row["day"], "match_feedback", row["verdict"], row["n"])


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

    def each(queryset, field, *extra):
        for row in _per_day(queryset, field, *event, *extra).annotate(
            n=Count("pk"), public=Count("pk", filter=public)
        ):
            yield row, event_label(row["matchmaking__event__title"], row[event[2]])

    for row, label in each(
        Participant.objects.filter(created_at__gte=start, created_at__lt=end), "created_at"
    ):
        add(row["day"], "bk_registered", row["matchmaking_id"], row["n"], label)
        add(row["day"], "public_bk_registered", "", row["public"])
    for row, label in each(
        Meeting.objects.filter(created_at__gte=start, created_at__lt=end), "created_at"
    ):
        add(row["day"], "bk_requested", row["matchmaking_id"], row["n"], label)
    for row, label in each(
        Meeting.objects.filter(
            decided_at__gte=start, decided_at__lt=end, status__in=["accepted", "declined"]
        ),
        "decided_at",
        "status",
    ):
        add(row["day"], f"bk_{row['status']}", row["matchmaking_id"], row["n"], label)
    held = Q(status="accepted", slot__starts_at__gte=start, slot__starts_at__lt=end)
    for row, label in each(Meeting.objects.filter(held), "slot__starts_at"):
        add(row["day"], "bk_held", row["matchmaking_id"], row["n"], label)
        add(row["day"], "public_bk_held", "", row["public"])
    for row in _per_day(
        sources.Matchmaking().objects.filter(
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            event__visibility="public",
            event__organisation__visibility="public",
        ),
        "event__starts_at",
    ).annotate(n=Count("pk")):
        add(row["day"], "public_bk_events", "", row["n"])
    outcomes = Outcome.objects.filter(
        meeting__status="accepted",
        meeting__slot__starts_at__gte=start,
        meeting__slot__starts_at__lt=end,
    )
    for row in _per_day(
        outcomes,
        "meeting__slot__starts_at",
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
        key = f"{row['meeting__matchmaking_id']}:{row['result']}"
        add(row["day"], "bk_outcome", key, row["n"], label)
        add(row["day"], "public_bk_outcome", row["result"], row["public"])


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


def _people(days, start, end, add):
    User, Organisation = sources.User(), sources.Organisation()
    for row in _per_day(
        User.objects.filter(date_joined__gte=start, date_joined__lt=end), "date_joined"
    ).annotate(n=Count("pk")):
        add(row["day"], "signups", "", row["n"])
    # Stocks: every organisation counts from the day it was created.
    organisations = Organisation.objects.filter(created_at__lt=end)
    kinds = dict(Organisation.Kind.choices)
    by_kind, by_state, by_town, towns = [], [], [], {}
    for row in _per_day(organisations, "created_at", "kind", "verified").annotate(n=Count("pk")):
        by_kind.append((row["kind"], row["day"], None, row["n"]))
        state = "verified" if row["verified"] else "not_verified"
        by_state.append((state, row["day"], None, row["n"]))
    for row in _per_day(organisations, "created_at", "town").annotate(n=Count("pk")):
        town = " ".join(row["town"].split()).title() or "Not given"
        towns[town.lower()] = town
        by_town.append((town.lower(), row["day"], None, row["n"]))
    for metric, intervals, label in (
        ("orgs_kind", by_kind, kinds.get),
        ("orgs_verified", by_state, lambda key: ""),
        ("orgs_town", by_town, towns.get),
    ):
        for day, counts in _running(days, intervals).items():
            for key, n in counts.items():
                add(day, metric, key, n, label(key))
    for row in _per_day(
        Organisation.objects.filter(created_at__gte=start, created_at__lt=end), "created_at"
    ).annotate(n=Count("pk")):
        add(row["day"], "orgs_created", "", row["n"])


def _newsletter(days, start, end, add):
    Subscriber, Digest, Delivery = sources.Subscriber(), sources.Digest(), sources.Delivery()
    Status = Subscriber.Status
    # Each subscriber is active from the day confirmed until the day they unsubscribed or
    # bounced, unsubscribed from then until they bounced, and bounced from then on.
    bounced_on = Case(
        When(status=Status.BOUNCED, then=TruncDate("updated_at")), output_field=DateField()
    )
    states = []
    for row in (
        Subscriber.objects.annotate(
            confirmed=TruncDate("confirmed_at"),
            left=TruncDate("unsubscribed_at"),
            bounced=bounced_on,
        )
        .values("confirmed", "left", "bounced")
        .annotate(n=Count("pk"))
    ):
        confirmed, left, bounced, n = row["confirmed"], row["left"], row["bounced"], row["n"]
        stops = [d for d in (left, bounced) if d is not None]
        states.append(("active", confirmed, min(stops, default=None), n))
        states.append(("unsubscribed", left, bounced, n))
        states.append(("bounced", bounced, None, n))
    for day, counts in _running(days, states).items():
        for status, n in counts.items():
            add(day, "subscribers", status, n, Status(status).label)
    digests = Digest.objects.filter(finished_at__gte=start, finished_at__lt=end)
    labels = {d.pk: (local_day(d.finished_at), digest_label(d)) for d in digests}
    for row in (
        Delivery.objects.filter(digest__in=list(labels))
        .values("digest_id")
        .annotate(
            sent=Count("pk", filter=Q(status="sent")),
            failed=Count("pk", filter=Q(status="failed")),
            bounced=Count("pk", filter=Q(status="failed", subscriber__status=Status.BOUNCED)),
        )
    ):
        day, label = labels[row["digest_id"]]
        for name in ("sent", "failed", "bounced"):
            add(day, f"digest_{name}", row["digest_id"], row[name], label)
    # Unsubscribes are put down to the latest digest sent before them (that day).
    sent = list(Digest.objects.filter(finished_at__lt=end).order_by("finished_at", "pk"))
    finished = [d.finished_at for d in sent]
    left = sorted(
        Subscriber.objects.filter(unsubscribed_at__gte=start, unsubscribed_at__lt=end).values_list(
            "unsubscribed_at", flat=True
        )
    )
    for day in days:
        day_start, day_end = day_bounds(day)
        latest = bisect_left(finished, day_end) - 1
        if latest < 0:
            continue
        since = max(day_start, finished[latest])
        count = bisect_left(left, day_end) - bisect_left(left, since)
        add(day, "digest_unsubscribed", sent[latest].pk, count, digest_label(sent[latest]))


def digest_label(digest):
    return f"{digest.finished_at:%d %b %Y}: {digest.subject}"
