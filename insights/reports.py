"""What the insights pages show, read from the small roll-up tables.

``curator_report`` runs a fixed handful of queries whatever the period or traffic;
``ecosystem_report`` is the public page: no personal data, nothing about members-only
organisations, and every count from 1 to 2 suppressed.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, DateField, Max, Q, Subquery, Sum
from django.db.models.functions import Trunc
from django.utils import timezone

from insights import sources
from insights.charts import Chart
from insights.models import Rollup, RollupMonth, SearchDay, first_of_month, next_month
from insights.rollups import STALE_AFTER, STOCKS

SERIES = [
    "searches",
    "zero_searches",
    "enquiries",
    "enquiry_host",
    "opp_posted",
    "opp_published",
    "opp_expired",
    "eoi_sent",
    "eoi_accepted",
    "eoi_declined",
    "match_shown",
    "match_feedback",
    "signups",
    "orgs_created",
]
TOTALS = [
    "filter",
    "enquiry_asset",
    "demand_area",
    "supply_area",
    "eoi_answer_hours",
    "digest_sent",
    "digest_failed",
    "digest_bounced",
    "digest_unsubscribed",
    "opp_posted",
    "opp_published",
    "opp_expired",
    "enquiry_answered",
    "reply_hours_asset",
    "reply_hours_host",
    "bk_registered",
    "bk_requested",
    "bk_accepted",
    "bk_declined",
    "bk_held",
    "bk_outcome",
]
BROKERAGE_FLOWS = [
    ("Registrations", "bk_registered"),
    ("Meeting requests sent", "bk_requested"),
    ("Accepted", "bk_accepted"),
    ("Declined", "bk_declined"),
    ("Meetings held", "bk_held"),
]
PUBLIC_BROKERAGE = [
    "public_bk_events",
    "public_bk_registered",
    "public_bk_held",
    "public_bk_outcome",
]
SERIES_AND_TOTALS = sorted(set(SERIES) | set(TOTALS))
SUPPRESS_BELOW = 3


def buckets(start, end):
    """Weeks for a period up to about three months, months beyond; all of them, in order."""
    if (end - start).days <= 92:
        first = start - timedelta(days=start.weekday())
        days = range(0, (end - first).days + 1, 7)
        return "week", [
            (first + timedelta(days=d), f"{first + timedelta(days=d):%-d %b}") for d in days
        ]
    result, month = [], start.replace(day=1)
    while month <= end:
        result.append((month, f"{month:%b %Y}"))
        month = (month + timedelta(days=32)).replace(day=1)
    return "month", result


def _bucketed(queryset, kind):
    return queryset.annotate(bucket=Trunc("day", kind, output_field=DateField()))


def _as_date(value):
    return value.date() if hasattr(value, "date") and not isinstance(value, date) else value


class Period:
    def __init__(self, start, end):
        self.start, self.end = start, end
        self.kind, self.buckets = buckets(start, end)
        self.labels = [label for _, label in self.buckets]
        self.index = {first: i for i, (first, _) in enumerate(self.buckets)}

    def series(self, values):
        """{bucket date: value} -> [value per bucket]."""
        out = [0] * len(self.buckets)
        for bucket, value in values.items():
            if bucket in self.index:
                out[self.index[bucket]] += value
        return out


def median_from_histogram(histogram):
    """The median of {value: count}, or None when empty."""
    total = sum(histogram.values())
    if not total:
        return None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen * 2 >= total:
            return value
    return None


def hours_text(hours):
    if hours is None:
        return "no answers yet"
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days"


def full_months(period):
    """(first, after last) of the calendar months wholly inside a period counted by month,
    which can be read from ``RollupMonth``; None when there are none."""
    if period.kind != "month":
        return None
    first = period.start if period.start.day == 1 else next_month(period.start)
    after = first_of_month(period.end + timedelta(days=1))
    return (first, after) if first < after else None


def curator_report(start, end):
    """Every chart and figure of /insights/ for the days ``start`` to ``end``."""
    period = Period(start, end)
    months = full_months(period)
    # 1. Time series: (metric, key) -> {bucket: value}, with the key's label (the greatest
    # in the period, as for the totals), and whether any of it was made up by seed_lcr
    # --demo; 2. totals over the whole period, by key. Whole months are read from
    # RollupMonth, the days around them from Rollup.
    series = defaultdict(lambda: defaultdict(int))
    has_demo = False
    labels = {}
    totals = defaultdict(dict)

    def add_total(metric, key, value, label, last_day):
        row = totals[metric].get(key)
        if row is None:
            totals[metric][key] = {
                "metric": metric,
                "key": key,
                "value": value,
                "label": label,
                "last_day": last_day,
            }
        else:
            row["value"] += value
            row["label"] = max(row["label"], label)
            row["last_day"] = max(row["last_day"], last_day)

    days = Rollup.objects.filter(day__gte=start, day__lte=end)
    if months:
        in_months = RollupMonth.objects.filter(month__gte=months[0], month__lt=months[1])
        for metric, key, month, value, label, demo in in_months.filter(
            metric__in=SERIES
        ).values_list("metric", "key", "month", "value", "label", "demo_rows"):
            series[(metric, key)][month] += value
            has_demo = has_demo or bool(demo)
            labels[(metric, key)] = max(labels.get((metric, key), ""), label)
        for row in (
            in_months.filter(metric__in=TOTALS)
            .values("metric", "key")
            .annotate(value=Sum("value"), label=Max("label"), last_day=Max("last_day"))
        ):
            totals[row["metric"]][row["key"]] = row
        days = days.exclude(day__gte=months[0], day__lt=months[1])
    for row in (
        _bucketed(days.filter(metric__in=SERIES_AND_TOTALS), period.kind)
        .values("metric", "key", "bucket")
        .annotate(
            value=Sum("value"),
            label=Max("label"),
            last_day=Max("day"),
            demo=Count("pk", filter=Q(is_demo=True)),
        )
    ):
        metric, key = row["metric"], row["key"]
        if metric in SERIES:
            series[(metric, key)][_as_date(row["bucket"])] += row["value"]
            has_demo = has_demo or bool(row["demo"])
            labels[(metric, key)] = max(labels.get((metric, key), ""), row["label"])
        if metric in TOTALS:
            add_total(metric, key, row["value"], row["label"], row["last_day"])
    # 3. Stocks at the last rolled-up day of the period, and 4. subscribers at the end of
    # each bucket, in one query.
    latest = (
        Rollup.objects.filter(day__lte=end, metric="orgs_kind").order_by("-day").values("day")[:1]
    )
    stocks = defaultdict(dict)
    subscribers = defaultdict(dict)
    for day, metric, key, label, value in (
        Rollup.objects.filter(
            Q(metric__in=STOCKS - {"subscribers"}, day=Subquery(latest))
            | Q(metric="subscribers", day__gte=start, day__lte=end)
        )
        .order_by("day")
        .values_list("day", "metric", "key", "label", "value")
    ):
        if metric == "subscribers":
            subscribers[key][_bucket_of(day, period)] = value  # the last day of it wins
        else:
            stocks[metric][key] = {"metric": metric, "key": key, "label": label, "value": value}
    # 5. Searches that found nothing, most frequent first.
    zero_terms = list(
        SearchDay.objects.filter(day__gte=start, day__lte=end, zero_results__gt=0)
        .exclude(term="")
        .values("area", "term")
        .annotate(zero=Sum("zero_results"), searches=Sum("searches"))
        .order_by("-zero", "term")[:15]
    )
    # 6. Assets nobody has checked for a year, oldest first.
    Asset = sources.Asset()
    stale = list(
        Asset.objects.exclude(status=Asset.Status.ARCHIVED)
        .filter(
            Q(last_verified__isnull=True) | Q(last_verified__lt=timezone.localdate() - STALE_AFTER)
        )
        .select_related("host")
        .order_by(F_nulls_first("last_verified"), "name")[:10]
    )
    report = _curator_sections(
        period, series, labels, totals, stocks, subscribers, zero_terms, stale
    )
    report["has_demo"] = has_demo
    return report


def F_nulls_first(name):  # noqa: N802
    from django.db.models import F

    return F(name).asc(nulls_first=True)


def _bucket_of(day, period):
    if period.kind == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _keys(series, metric):
    return sorted(key for m, key in series if m == metric)


def _choice_labels(model, field):
    return dict(model._meta.get_field(field).choices)


def _curator_sections(period, series, labels, totals, stocks, subscribers, zero_terms, stale):
    Opportunity, Organisation = sources.Opportunity(), sources.Organisation()
    kinds = dict(Opportunity.Kind.choices)

    def s(metric, key=""):
        return period.series(series.get((metric, key), {}))

    def summed(metric):
        """Every key of ``metric`` added up, per bucket."""
        total = [0] * len(period.buckets)
        for (m, _), values in series.items():
            if m == metric:
                total = [a + b for a, b in zip(total, period.series(values), strict=True)]
        return total

    first_col = "Week starting" if period.kind == "week" else "Month"
    charts = {}

    charts["searches"] = Chart(
        "searches",
        "Searches and searches that found nothing",
        "Searches on the asset and opportunity pages per period, and how many found nothing.",
        first_col,
        period.labels,
        [
            ("Asset searches", s("searches", "assets")),
            ("Asset searches, nothing found", s("zero_searches", "assets")),
            ("Opportunity searches", s("searches", "opportunities")),
            ("Opportunity searches, nothing found", s("zero_searches", "opportunities")),
        ],
    )
    filters = sorted(totals["filter"].values(), key=lambda r: -r["value"])[:12]
    charts["filters"] = Chart(
        "filters",
        "Filters used",
        "How many searches used each filter, most used first.",
        "Filter",
        [r["label"] or r["key"] for r in filters],
        [("Searches", [r["value"] for r in filters])],
        kind="bars",
    )
    area_words = {"assets": "facility or asset", "opportunities": "opportunity"}
    charts["zero_terms"] = Chart(
        "zero_terms",
        "Searches that found nothing",
        "The search terms that most often found nothing, with how often they were searched.",
        "Search",
        [f"{r['term']} ({r['area']})" for r in zero_terms],
        [
            ("Found nothing", [r["zero"] for r in zero_terms]),
            ("Searched", [r["searches"] for r in zero_terms]),
        ],
        kind="bars",
        extra={
            "actions": [
                {"text": f"No {area_words[r['area']]} matches “{r['term']}”", **r}
                for r in zero_terms
            ]
        },
    )
    areas = sorted(
        {**totals["demand_area"], **totals["supply_area"], **stocks["assets_area"]}.items(),
        key=lambda kv: kv[0],
    )
    charts["demand_supply"] = Chart(
        "demand_supply",
        "Demand and supply by focal area",
        "Partner searches and challenges posted (demand) against capability offers posted "
        "and published assets (supply), per focal area.",
        "Focal area",
        [row["label"] or key for key, row in areas],
        [
            (
                "Partner searches and challenges",
                [totals["demand_area"].get(k, {}).get("value", 0) for k, _ in areas],
            ),
            (
                "Capability offers",
                [totals["supply_area"].get(k, {}).get("value", 0) for k, _ in areas],
            ),
            (
                "Published assets",
                [stocks["assets_area"].get(k, {}).get("value", 0) for k, _ in areas],
            ),
        ],
        kind="bars",
    )

    hosts = sorted(_keys(series, "enquiry_host"), key=lambda k: -sum(s("enquiry_host", k)))
    top_hosts = hosts[:4]
    others = (
        [sum(col) for col in zip(*(s("enquiry_host", k) for k in hosts[4:]), strict=True)]
        if hosts[4:]
        else None
    )
    charts["enquiries_hosts"] = Chart(
        "enquiries_hosts",
        "Enquiries per host over time",
        "Enquiries to each host's assets per period: the four hosts with most, then the rest.",
        first_col,
        period.labels,
        [(labels[("enquiry_host", k)] or k, s("enquiry_host", k)) for k in top_hosts]
        + ([("Other hosts", others)] if others else []),
    )
    assets = sorted(totals["enquiry_asset"].values(), key=lambda r: -r["value"])[:10]
    charts["enquiries_assets"] = Chart(
        "enquiries_assets",
        "Enquiries per asset",
        "The ten assets that received most access enquiries in the period.",
        "Asset",
        [r["label"] for r in assets],
        [("Enquiries", [r["value"] for r in assets])],
        kind="bars",
    )
    enquiries_per_host = {k: sum(s("enquiry_host", k)) for k in hosts}
    enquiries_per_asset = {k: r["value"] for k, r in totals["enquiry_asset"].items()}
    charts["reply_hosts"] = _reply_chart(
        "reply_hosts",
        "Median time to first reply per host",
        "For the enquiries each host marked answered in the period, the median hours from "
        "the enquiry to the first answer (rounded down to a step: 1, 2, 3, 4, 6, 8, 12, 18, "
        "24, 36, 48, 72 hours and so on): the ten hosts with most answers recorded.",
        "Host",
        totals["reply_hours_host"],
        enquiries_per_host,
    )
    charts["reply_assets"] = _reply_chart(
        "reply_assets",
        "Median time to first reply per asset",
        "For the enquiries about each asset marked answered in the period, the median hours "
        "from the enquiry to the first answer (rounded down to a step, as above): the ten "
        "assets with most answers recorded.",
        "Asset",
        totals["reply_hours_asset"],
        enquiries_per_asset,
    )
    every_reply = defaultdict(int)
    for key, row in totals["reply_hours_host"].items():
        every_reply[int(key.rpartition(":")[2])] += row["value"]
    charts["reply_hosts"].extra = {
        "median_reply": hours_text(median_from_histogram(every_reply)),
        "answered": sum(every_reply.values()),
        "received": sum(enquiries_per_host.values()),
    }

    charts["opportunities"] = Chart(
        "opportunities",
        "Opportunities posted, published and expired",
        "Opportunities of every kind submitted, published and expired per period.",
        first_col,
        period.labels,
        [
            ("Posted", summed("opp_posted")),
            ("Published", summed("opp_published")),
            ("Expired", summed("opp_expired")),
        ],
    )
    charts["opportunity_kinds"] = Chart(
        "opportunity_kinds",
        "Opportunities by kind",
        "Opportunities submitted, published and expired in the period, by kind.",
        "Kind",
        list(kinds.values()),
        [
            (name, [totals[metric].get(k, {}).get("value", 0) for k in kinds])
            for name, metric in (
                ("Posted", "opp_posted"),
                ("Published", "opp_published"),
                ("Expired", "opp_expired"),
            )
        ],
        kind="bars",
    )
    answer_hours = {int(k): r["value"] for k, r in totals["eoi_answer_hours"].items()}
    sent, accepted, declined = s("eoi_sent"), s("eoi_accepted"), s("eoi_declined")
    answered = sum(accepted) + sum(declined)
    charts["interests"] = Chart(
        "interests",
        "Expressions of interest",
        "Expressions of interest sent, accepted and declined per period.",
        first_col,
        period.labels,
        [("Sent", sent), ("Accepted", accepted), ("Declined", declined)],
        extra={
            "median_answer": hours_text(median_from_histogram(answer_hours)),
            "accepted_share": _share(sum(accepted), answered),
        },
    )
    useful, not_relevant = s("match_feedback", "useful"), s("match_feedback", "not_relevant")
    charts["matches"] = Chart(
        "matches",
        "Matches shown and what people said",
        "Matches found per period, and how many were marked useful or not relevant.",
        first_col,
        period.labels,
        [
            ("Matches shown", summed("match_shown")),
            ("Marked useful", useful),
            ("Marked not relevant", not_relevant),
        ],
        extra={"useful_rate": _share(sum(useful), sum(useful) + sum(not_relevant))},
    )

    charts.update(_brokerage_charts(totals))

    charts["signups"] = Chart(
        "signups",
        "Sign-ups and new organisations",
        "People who signed up and organisations created per period.",
        first_col,
        period.labels,
        [("Sign-ups", s("signups")), ("New organisations", s("orgs_created"))],
    )
    org_kinds = dict(Organisation.Kind.choices)
    charts["org_kinds"] = Chart(
        "org_kinds",
        "Organisations by kind",
        "All organisations on the portal at the end of the period, by kind.",
        "Kind",
        list(org_kinds.values()),
        [("Organisations", [stocks["orgs_kind"].get(k, {}).get("value", 0) for k in org_kinds])],
        kind="bars",
    )
    towns = sorted(stocks["orgs_town"].values(), key=lambda r: (-r["value"], r["label"]))[:10]
    verified = stocks["orgs_verified"]
    charts["org_towns"] = Chart(
        "org_towns",
        "Organisations by town",
        "The ten towns with most organisations at the end of the period.",
        "Town",
        [r["label"] for r in towns],
        [("Organisations", [r["value"] for r in towns])],
        kind="bars",
        extra={
            "verified_share": _share(
                verified.get("verified", {}).get("value", 0),
                sum(r["value"] for r in verified.values()),
            )
        },
    )

    statuses = [("active", "Active"), ("unsubscribed", "Unsubscribed"), ("bounced", "Bounced")]
    charts["subscribers"] = Chart(
        "subscribers",
        "Newsletter subscribers",
        "Subscribers at the end of each period: active, unsubscribed and bounced.",
        first_col,
        period.labels,
        [(name, period.series(subscribers.get(key, {}))) for key, name in statuses],
    )
    digests = sorted(totals["digest_sent"].values(), key=lambda r: r["last_day"], reverse=True)[
        :12
    ][::-1]
    charts["digests"] = Chart(
        "digests",
        "Newsletter digests",
        "Each digest sent in the period: messages sent, failed and bounced, and unsubscribes "
        "until the next digest.",
        "Digest",
        [r["label"] for r in digests],
        [
            (name, [totals[metric].get(r["key"], {}).get("value", 0) for r in digests])
            for name, metric in (
                ("Sent", "digest_sent"),
                ("Failed", "digest_failed"),
                ("Bounced", "digest_bounced"),
                ("Unsubscribed after it", "digest_unsubscribed"),
            )
        ],
        kind="bars",
    )
    return {
        "charts": charts,
        "stale_assets": stale,
        "has_data": bool(series or totals or stocks),
    }


def _reply_chart(slug, title, desc, heading, histograms, enquiries):
    """Median hours to first reply per asset or host, from "<id>:<hours>" histogram rows,
    with the answers recorded and the enquiries received beside it in the table."""
    by_id, names = defaultdict(lambda: defaultdict(int)), {}
    for key, row in histograms.items():
        ident, _, hours = key.rpartition(":")
        by_id[ident][int(hours)] += row["value"]
        names[ident] = row["label"] or ident
    ranked = sorted(by_id, key=lambda i: (-sum(by_id[i].values()), names[i]))[:10]
    return Chart(
        slug,
        title,
        desc,
        heading,
        [names[i] for i in ranked],
        [("Median hours to first reply", [median_from_histogram(by_id[i]) for i in ranked])],
        kind="bars",
        unit="hours",
        table_only=[
            ("Answers recorded", [sum(by_id[i].values()) for i in ranked]),
            ("Enquiries received in the period", [enquiries.get(i, 0) for i in ranked]),
        ],
    )


def _brokerage_charts(totals):
    """Per brokerage event with activity in the period: what happened, and what came of the
    meetings held (each side records its own outcome)."""
    results = dict(sources.Outcome().Result.choices)
    labels, last_day, outcomes = {}, {}, defaultdict(dict)
    rows = [(key, row) for _, metric in BROKERAGE_FLOWS for key, row in totals[metric].items()]
    for key, row in totals["bk_outcome"].items():
        event, _, result = key.rpartition(":")
        outcomes[event][result] = row["value"]
        rows.append((event, row))
    for event, row in rows:
        labels[event] = row["label"] or event
        last_day[event] = max(row["last_day"], last_day.get(event, row["last_day"]))
    # The twelve events active latest in the period, in the order they happened.
    shown = sorted(last_day, key=last_day.get, reverse=True)[:12][::-1]
    labels = [labels[k] for k in shown]

    def value(metric, key):
        return totals[metric].get(key, {}).get("value", 0)

    activity = Chart(
        "brokerage",
        "Brokerage events",
        "For each brokerage event active in the period: registrations, 1:1 meeting requests "
        "sent, accepted and declined, and meetings held.",
        "Event",
        labels,
        [(name, [value(metric, k) for k in shown]) for name, metric in BROKERAGE_FLOWS],
        kind="bars",
    )
    held = sum(value("bk_held", k) for k in shown)
    good = sum(outcomes[k].get(r, 0) for k in shown for r in ("follow_up", "collaboration"))
    recorded = sum(sum(outcomes[k].values()) for k in shown)
    activity.extra = {
        "requests": sum(value("bk_requested", k) for k in shown),
        "held": held,
        "accepted_share": _share(
            sum(value("bk_accepted", k) for k in shown),
            sum(value("bk_accepted", k) + value("bk_declined", k) for k in shown),
        ),
        "good_share": _share(good, recorded),
    }
    results_chart = Chart(
        "brokerage_outcomes",
        "What came of brokerage meetings",
        "For the meetings held in the period, the outcomes participants recorded afterwards "
        "(each side of a meeting records its own).",
        "Event",
        labels,
        [(label, [outcomes[k].get(r, 0) for k in shown]) for r, label in results.items()],
        kind="bars",
    )
    return {"brokerage": activity, "brokerage_outcomes": results_chart}


def _share(part, whole):
    return f"{round(100 * part / whole)}%" if whole else "not enough answers yet"


def suppress(value):
    """Counts from 1 to 2 could point at one business: shown as "fewer than 3"."""
    return None if 0 < value < SUPPRESS_BELOW else value


def ecosystem_report(today=None):
    """The public page: published assets, open public opportunities, public organisations."""
    today = today or timezone.localdate()
    Asset, AccessModel = sources.Asset(), sources.AccessModel()
    FocalArea, Opportunity, Organisation = (
        sources.FocalArea(),
        sources.Opportunity(),
        sources.Organisation(),
    )
    published = Q(assets__status=Asset.Status.PUBLISHED)
    areas = FocalArea.objects.annotate(n=Count("assets", filter=published, distinct=True)).order_by(
        "name"
    )
    access = AccessModel.objects.annotate(
        n=Count("assets", filter=published, distinct=True)
    ).order_by("order", "name")
    kinds = dict(Opportunity.Kind.choices)
    open_by_kind = dict(
        Opportunity.objects.visible_to(AnonymousUser())
        .still_open()
        .filter(
            visibility=Opportunity.Visibility.PUBLIC,
            organisation__visibility=Organisation.Visibility.PUBLIC,
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    org_kinds = dict(Organisation.Kind.choices)
    orgs = dict(
        Organisation.objects.filter(visibility=Organisation.Visibility.PUBLIC)
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    start = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    period = Period(start, today)
    activity = defaultdict(lambda: defaultdict(int))
    for row in (
        _bucketed(
            Rollup.objects.filter(
                day__gte=start,
                day__lte=today,
                metric__in=["public_published", "enquiries", "searches", *PUBLIC_BROKERAGE],
            ),
            "month",
        )
        .values("metric", "key", "bucket")
        .annotate(value=Sum("value"))
    ):
        metric = row["metric"]
        if metric == "public_bk_outcome":
            metric = "public_bk_none" if row["key"] == "none" else "public_bk_good"
        activity[metric][_as_date(row["bucket"])] += row["value"]

    def sup(values):
        return [suppress(v) for v in values]

    charts = [
        Chart(
            "assets_by_area",
            "Assets per focal area",
            "Published facilities and other assets in each focal area.",
            "Focal area",
            [a.name for a in areas],
            [("Assets", sup([a.n for a in areas]))],
            kind="bars",
        ),
        Chart(
            "assets_by_access",
            "Assets per access model",
            "Published assets by how a business can get in.",
            "Access model",
            [a.name for a in access],
            [("Assets", sup([a.n for a in access]))],
            kind="bars",
        ),
        Chart(
            "opportunities_by_kind",
            "Open opportunities by kind",
            "Opportunities open now that everyone can see, by kind.",
            "Kind",
            list(kinds.values()),
            [("Open opportunities", sup([open_by_kind.get(k, 0) for k in kinds]))],
            kind="bars",
        ),
        Chart(
            "organisations_by_kind",
            "Organisations by kind",
            "Organisations with a public profile, by kind.",
            "Kind",
            list(org_kinds.values()),
            [("Organisations", sup([orgs.get(k, 0) for k in org_kinds]))],
            kind="bars",
        ),
        Chart(
            "monthly_activity",
            "Monthly activity",
            "Each month: public opportunities published, access enquiries sent to facilities, "
            "and searches of the portal.",
            "Month",
            period.labels,
            [
                ("Opportunities published", sup(period.series(activity["public_published"]))),
                ("Enquiries to facilities", sup(period.series(activity["enquiries"]))),
                ("Searches", sup(period.series(activity["searches"]))),
            ],
        ),
        Chart(
            "brokerage",
            "Brokerage events",
            "Over the same twelve months, brokerage events where businesses meet one to one: "
            "events held, people registered, meetings held, and meetings a participant said "
            "led to a follow-up or a collaboration. Public events only.",
            "Brokerage",
            [
                "Events held",
                "Registrations",
                "Meetings held",
                "Meetings that led to a follow-up or collaboration",
            ],
            [
                (
                    "Last twelve months",
                    sup(
                        [
                            sum(activity[metric].values())
                            for metric in (
                                "public_bk_events",
                                "public_bk_registered",
                                "public_bk_held",
                                "public_bk_good",
                            )
                        ]
                    ),
                )
            ],
            kind="bars",
        ),
    ]
    return {"charts": charts}
