"""What curators and visitors read on the two pages."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory
from insights.models import Rollup, SearchDay
from insights.reports import median_from_histogram

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
