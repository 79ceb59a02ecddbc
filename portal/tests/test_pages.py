import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea, NewsPost

pytestmark = pytest.mark.django_db


def test_home_shows_focal_areas_with_counts_and_featured_assets(client):
    infection = FocalArea.objects.get(slug="infection")
    featured = AssetFactory(name="Insect testing lab", featured=True)
    featured.focal_areas.add(infection)
    AssetFactory(name="Unfeatured lab").focal_areas.add(infection)
    AssetFactory(name="Draft lab", featured=True, status="draft").focal_areas.add(infection)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    for area in FocalArea.objects.all():
        assert area.name.replace("&", "&amp;") in html
    home_infection = next(a for a in response.context["focal_areas"] if a.pk == infection.pk)
    assert home_infection.asset_count == 2  # published only
    assert "Insect testing lab" in html
    assert "Draft lab" not in html


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_home_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, signed_in):
    for _ in range(8):
        asset = AssetFactory(featured=True)
        asset.focal_areas.set(FocalArea.objects.all())
        OpportunityFactory().focal_areas.set(FocalArea.objects.all())
        OpportunityFactory(visibility=Opportunity.Visibility.MEMBERS)
        OpportunityFactory(kind=Opportunity.Kind.EVENT)
    if signed_in:
        client.force_login(UserFactory())

    with django_assert_max_num_queries(8):
        client.get("/")


@pytest.mark.parametrize(
    "url_name",
    ["asset_list", "opportunity_list", "event_list", "news_list", "organisation_list"],
)
def test_navigation_pages_answer(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_header_shows_sign_in_to_visitors_and_dashboard_to_members(client):
    assert "Sign in" in client.get("/").content.decode()

    client.force_login(UserFactory())
    html = client.get("/").content.decode()

    assert "Dashboard" in html and "Sign out" in html and "Sign in" not in html


def test_dashboard_needs_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_draft_assets_are_404_to_the_public(client):
    draft = AssetFactory(status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_published_news_is_listed_and_drafts_are_not(client):
    NewsPost.objects.create(
        title="Hartree opens",
        slug="hartree-opens",
        summary="s",
        body="b",
        status=NewsPost.Status.PUBLISHED,
    )
    NewsPost.objects.create(title="Secret", slug="secret", summary="s", body="b")

    html = client.get("/news/").content.decode()

    assert "Hartree opens" in html and "Secret" not in html
    assert client.get("/news/secret/").status_code == 404


def test_markdown_is_sanitised(client):
    NewsPost.objects.create(
        title="Unsafe",
        slug="unsafe",
        summary="s",
        status=NewsPost.Status.PUBLISHED,
        body="**bold** <script>alert(1)</script> [x](javascript:alert(1))",
    )

    html = client.get("/news/unsafe/").content.decode()

    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)" not in html
    assert "javascript:" not in html


def test_lists_paginate_and_keep_the_query_string(client):
    AssetFactory.create_batch(25)

    html = client.get("/assets/?sort=name").content.decode()

    assert "Page 1 of 2" in html
    assert "?sort=name&amp;page=2" in html


def test_404_page_uses_the_portal_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and 'class="site-header"' in html


def test_security_headers_and_csp_are_sent(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert "onclick" not in html
