"""What curators and visitors read on the two pages."""

import csv
import io
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory
from assets.tests.factories import AssetFactory
from insights.demo import seed_demo_activity
from insights.models import Rollup, RollupMonth, SearchDay
from insights.reports import Period, curator_report, full_months, median_from_histogram

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def rollups(days=60):
    rows = []
    for back in range(1, days + 1):
        day = TODAY - timedelta(days=back)
        rows += [
            Rollup(day=day, metric="searches", key="assets", value=10),
            Rollup(day=day, metric="zero_searches", key="assets", value=2),
            Rollup(day=day, metric="enquiries", key="", value=3),
            Rollup(day=day, metric="enquiry_host", key="7", label="Hartree Centre", value=3),
            Rollup(day=day, metric="enquiry_asset", key="9", label="Hartree HPC", value=3),
            Rollup(day=day, metric="eoi_sent", key="", value=2),
            Rollup(day=day, metric="eoi_answer_hours", key="5", value=1),
            Rollup(day=day, metric="subscribers", key="active", label="Active", value=100 + back),
            Rollup(day=day, metric="orgs_kind", key="sme", label="SME", value=4),
            Rollup(day=day, metric="public_published", key="challenge", value=1),
        ]
    Rollup.objects.bulk_create(rows)


def test_insights_runs_at_most_ten_queries(curator_client, django_assert_max_num_queries):
    rollups()
    SearchDay.objects.create(day=TODAY, area="assets", term="cryo-em", searches=3, zero_results=3)
    with django_assert_max_num_queries(10):
        response = curator_client.get("/insights/", {"period": "12m"})
    assert response.status_code == 200
    assert "Hartree Centre" in response.text
    assert "No facility or asset matches “cryo-em”" in response.text


def test_charts_are_svg_with_a_title_a_description_and_a_table(curator_client):
    rollups()
    html = curator_client.get("/insights/").text
    assert '<svg class="chart-svg"' in html and 'role="img"' in html
    assert '<title id="searches-title">' in html and '<desc id="searches-desc">' in html
    assert "<summary>Searches and searches that found nothing: the figures as a table" in html


def test_changing_the_period_with_htmx_returns_only_the_report(curator_client):
    rollups()
    response = curator_client.get("/insights/", {"period": "30d"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert "Week starting" in response.text


def test_custom_dates_in_the_wrong_order_get_a_clear_message(curator_client):
    response = curator_client.get(
        "/insights/", {"period": "custom", "start": "2026-06-01", "end": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The last day must be the same as or after the first day" in response.text


def test_a_chart_downloads_as_csv(curator_client):
    rollups()
    response = curator_client.get("/insights/enquiries_assets.csv", {"period": "12m"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows == [["Asset", "Enquiries"], ["Hartree HPC", "180"]]


def test_unknown_chart_is_404(curator_client):
    assert curator_client.get("/insights/nothing.csv").status_code == 404


def test_median_of_a_histogram():
    assert median_from_histogram({1: 1, 5: 1, 72: 1}) == 5
    assert median_from_histogram({}) is None


def test_ecosystem_suppresses_counts_under_three_and_members_only_organisations(client):
    OrganisationFactory.create_batch(3, kind="sme")
    OrganisationFactory(kind="university")
    OrganisationFactory.create_batch(5, kind="public", visibility="members")
    response = client.get("/ecosystem/")
    rows = {
        row[0]: row[1]
        for row in csv.reader(
            io.StringIO(
                b"".join(
                    client.get("/ecosystem/organisations_by_kind.csv").streaming_content
                ).decode()
            )
        )
    }
    assert rows["SME"] == "3"
    assert rows["University"] == "<3"
    assert rows["Public body"] == "0"
    assert "fewer than 3" in response.text


def test_chart_labels_are_escaped_in_the_svg_and_the_table(curator_client):
    Rollup.objects.create(
        day=TODAY - timedelta(days=1),
        metric="enquiry_asset",
        key="1",
        label="<script>alert(1)</script>",
        value=4,
    )
    html = curator_client.get("/insights/").text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_a_search_term_typed_as_a_formula_downloads_as_text(curator_client):
    """Anyone can type a search; the curators' CSV must not turn it into a formula."""
    SearchDay.objects.create(
        day=TODAY,
        area="assets",
        term='=hyperlink("https://evil.example")',
        searches=1,
        zero_results=1,
    )

    response = curator_client.get("/insights/zero_terms.csv", {"period": "30d"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    cells = [cell for row in rows for cell in row]
    assert any("hyperlink" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def replies_and_brokerage(day=TODAY - timedelta(days=5)):
    """Two hosts' replies (Hartree: 2, 5 and 72 hours; MIF: 30 hours) and one event."""
    Rollup.objects.bulk_create(
        [
            Rollup(day=day, metric="enquiry_host", key="7", label="Hartree Centre", value=4),
            Rollup(day=day, metric="enquiry_asset", key="9", label="Hartree HPC", value=4),
            Rollup(day=day, metric="reply_hours_host", key="7:2", label="Hartree Centre", value=1),
            Rollup(day=day, metric="reply_hours_host", key="7:5", label="Hartree Centre", value=1),
            Rollup(day=day, metric="reply_hours_host", key="7:72", label="Hartree Centre", value=1),
            Rollup(day=day, metric="reply_hours_host", key="8:30", label="MIF", value=1),
            Rollup(day=day, metric="reply_hours_asset", key="9:2", label="Hartree HPC", value=1),
            Rollup(day=day, metric="reply_hours_asset", key="9:5", label="Hartree HPC", value=1),
            Rollup(day=day, metric="reply_hours_asset", key="9:72", label="Hartree HPC", value=1),
            Rollup(day=day, metric="bk_registered", key="3", label="Open day", value=40),
            Rollup(day=day, metric="bk_requested", key="3", label="Open day", value=25),
            Rollup(day=day, metric="bk_accepted", key="3", label="Open day", value=15),
            Rollup(day=day, metric="bk_declined", key="3", label="Open day", value=5),
            Rollup(day=day, metric="bk_held", key="3", label="Open day", value=14),
            Rollup(day=day, metric="bk_outcome", key="3:follow_up", label="Open day", value=6),
            Rollup(day=day, metric="bk_outcome", key="3:collaboration", label="Open day", value=2),
            Rollup(day=day, metric="bk_outcome", key="3:none", label="Open day", value=8),
        ]
    )


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_insights_with_replies_and_brokerage_still_runs_at_most_ten_queries(
    curator_client, django_assert_max_num_queries
):
    rollups()
    replies_and_brokerage(TODAY - timedelta(days=70))  # before rollups()' days
    with django_assert_max_num_queries(10):
        response = curator_client.get("/insights/", {"period": "12m"})
    html = response.text
    assert "Median time to first reply per host" in html
    assert "What came of brokerage meetings" in html
    assert "Open day" in html


def test_median_time_to_first_reply_per_host_and_asset(curator_client):
    replies_and_brokerage()
    html = curator_client.get("/insights/", {"period": "30d"}).text
    # Every facility: 2, 5, 30, 72 hours -> the median bucket is 5 hours.
    assert "<dt>Median time to first reply, every facility</dt><dd>5 hours</dd>" in html
    hosts = csv_rows(curator_client.get("/insights/reply_hosts.csv", {"period": "30d"}))
    assert hosts == [
        [
            "Host",
            "Median hours to first reply",
            "Answers recorded",
            "Enquiries received in the period",
        ],
        ["Hartree Centre", "5", "3", "4"],
        ["MIF", "30", "1", "0"],
    ]
    assets = csv_rows(curator_client.get("/insights/reply_assets.csv", {"period": "30d"}))
    assert assets[1] == ["Hartree HPC", "5", "3", "4"]


def test_brokerage_per_event_with_outcomes_as_table_and_csv(curator_client):
    replies_and_brokerage()
    html = curator_client.get("/insights/", {"period": "30d"}).text
    assert "<dt>Requests answered that were accepted</dt><dd>75%</dd>" in html
    assert "<dt>Outcomes recorded that were a follow-up or a collaboration</dt><dd>50%</dd>" in html
    rows = csv_rows(curator_client.get("/insights/brokerage.csv", {"period": "30d"}))
    assert rows == [
        [
            "Event",
            "Registrations",
            "Meeting requests sent",
            "Accepted",
            "Declined",
            "Meetings held",
        ],
        ["Open day", "40", "25", "15", "5", "14"],
    ]
    outcomes = csv_rows(curator_client.get("/insights/brokerage_outcomes.csv", {"period": "30d"}))
    assert outcomes == [
        ["Event", "No follow-up", "Follow-up agreed", "Collaboration started"],
        ["Open day", "8", "6", "2"],
    ]


def test_ecosystem_shows_brokerage_only_as_totals_with_small_counts_suppressed(client):
    day = TODAY - timedelta(days=40)
    Rollup.objects.bulk_create(
        [
            Rollup(day=day, metric="public_bk_events", key="", value=2),
            Rollup(day=day, metric="public_bk_registered", key="", value=35),
            Rollup(day=day, metric="public_bk_held", key="", value=12),
            Rollup(day=day, metric="public_bk_outcome", key="follow_up", value=1),
            Rollup(day=day, metric="public_bk_outcome", key="collaboration", value=1),
            Rollup(day=day, metric="public_bk_outcome", key="none", value=9),
            # Per-event figures exist for curators, never for the public page.
            Rollup(day=day, metric="bk_registered", key="3", label="Secret open day", value=35),
        ]
    )
    html = client.get("/ecosystem/").text
    assert "Brokerage events" in html and "Secret open day" not in html
    rows = {row[0]: row[1] for row in csv_rows(client.get("/ecosystem/brokerage.csv"))}
    assert rows == {
        "Brokerage": "Last twelve months",
        "Events held": "<3",
        "Registrations": "35",
        "Meetings held": "12",
        "Meetings that led to a follow-up or collaboration": "<3",
    }


def test_demo_activity_fills_the_reply_and_brokerage_charts(curator_client, client):
    AssetFactory.create_batch(3)
    seed_demo_activity(days=365)
    report = curator_report(TODAY - timedelta(days=365), TODAY)
    assert report["has_demo"]
    charts = report["charts"]
    assert not charts["reply_hosts"].empty and not charts["reply_assets"].empty
    assert "Demo: Materials chemistry brokerage" in charts["brokerage"].categories[1]
    assert not charts["brokerage_outcomes"].empty
    html = curator_client.get("/insights/", {"period": "12m"}).text
    assert "Demo data." in html and "Demo: HPC and AI for SMEs" in html
    public = {row[0]: row[1] for row in csv_rows(client.get("/ecosystem/brokerage.csv"))}
    assert public["Events held"] == "3" and int(public["Registrations"]) > 100


def months_added_up():
    return sorted(
        (m.month, m.metric, m.key, m.label, m.value, m.last_day, m.demo_rows)
        for m in RollupMonth.objects.all()
    )


def months_from_days():
    months = defaultdict(lambda: [0, "", None, 0])
    for r in Rollup.objects.all():
        row = months[(r.day.replace(day=1), r.metric, r.key)]
        row[0] += r.value
        row[1] = max(row[1], r.label)
        row[2] = max(row[2] or r.day, r.day)
        row[3] += r.is_demo
    return sorted(
        (m, metric, key, label, v, last, demo)
        for (m, metric, key), (v, label, last, demo) in months.items()
    )


def test_every_write_to_the_rollups_keeps_the_months_in_step():
    jan, feb = date(2026, 1, 31), date(2026, 2, 1)
    Rollup.objects.bulk_create(
        [
            Rollup(day=jan, metric="enquiry_asset", key="9", label="HPC", value=3),
            Rollup(day=feb, metric="enquiry_asset", key="9", label="HPC", value=4),
            Rollup(day=feb + timedelta(days=3), metric="enquiry_asset", key="9", value=1),
        ]
    )
    assert months_added_up() == months_from_days() and len(months_added_up()) == 2
    moved = Rollup.objects.create(day=jan, metric="eoi_sent", value=2, is_demo=True)
    assert months_added_up() == months_from_days()
    moved.day = feb
    moved.save()  # out of January, into February
    assert months_added_up() == months_from_days()
    assert not RollupMonth.objects.filter(month=jan.replace(day=1), metric="eoi_sent").exists()
    Rollup.objects.filter(day=feb).update(value=10, label="Hartree HPC")
    assert months_added_up() == months_from_days()
    Rollup.objects.filter(day=feb, metric="eoi_sent").update(day=jan)  # and back
    assert months_added_up() == months_from_days()
    Rollup.objects.filter(day=jan, metric="eoi_sent").update(day=feb)
    assert months_added_up() == months_from_days()
    Rollup.objects.filter(day=jan).delete()
    assert months_added_up() == months_from_days()
    moved.delete()
    assert months_added_up() == months_from_days()
    assert [(m.month, m.metric, m.value) for m in RollupMonth.objects.all()] == [
        (feb, "enquiry_asset", 11)
    ]


def test_a_long_period_adds_up_whole_months_and_the_days_around_them(curator_client):
    """Whole months are read from the monthly table, the days at either end from the
    daily one: each day counts once, and days outside the period not at all."""
    counted = [date(2025, 3, 20), date(2025, 4, 1), date(2025, 6, 30), date(2025, 9, 10)]
    outside = [date(2025, 3, 19), date(2025, 9, 11)]
    Rollup.objects.bulk_create(
        Rollup(day=day, metric=metric, key="9", label="Hartree HPC", value=n)
        for n, day in enumerate(counted + outside, start=1)
        for metric in ("enquiry_asset", "enquiry_host")
    )
    period = {"period": "custom", "start": "2025-03-20", "end": "2025-09-10"}
    assets = csv_rows(curator_client.get("/insights/enquiries_assets.csv", period))
    assert assets == [["Asset", "Enquiries"], ["Hartree HPC", str(1 + 2 + 3 + 4)]]
    hosts = csv_rows(curator_client.get("/insights/enquiries_hosts.csv", period))
    per_month = {row[0]: row[1] for row in hosts[1:]}
    assert per_month == {
        "Mar 2025": "1",
        "Apr 2025": "2",
        "May 2025": "0",
        "Jun 2025": "3",
        "Jul 2025": "0",
        "Aug 2025": "0",
        "Sep 2025": "4",
    }


def test_the_whole_months_of_a_period_are_those_between_its_ends():
    def months(start, end):
        return full_months(Period(start, end))

    assert months(date(2024, 11, 30), date(2026, 11, 30)) == (date(2024, 12, 1), date(2026, 12, 1))
    assert months(date(2025, 1, 31), date(2025, 6, 29)) == (date(2025, 2, 1), date(2025, 6, 1))
    assert months(date(2025, 1, 1), date(2025, 12, 31)) == (date(2025, 1, 1), date(2026, 1, 1))
    assert months(date(2025, 1, 15), date(2025, 2, 20)) is None  # counted by week
