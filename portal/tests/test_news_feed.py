import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group

from accounts.tests.factories import UserFactory, sign_in_with_two_factor
from portal.models import NewsPost
from portal.tests.factories import NewsPostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_news_feed_is_atom_with_published_posts_only(client):
    NewsPostFactory(title="Hartree Centre opens new wing")
    NewsPostFactory(title="Draft news", status=NewsPost.Status.DRAFT)

    response = client.get("/feeds/news/")

    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Hartree Centre opens new wing" in body
    assert "Draft news" not in body
    assert "/news/news-item-" in body


def test_news_page_links_its_feed_and_the_newsletter(client):
    html = client.get("/news/").content.decode()

    assert 'type="application/atom+xml"' in html and 'href="/feeds/news/"' in html
    assert 'href="/newsletter/subscribe/"' in html


def test_news_feed_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(12):
        NewsPostFactory()

    with django_assert_max_num_queries(3):
        client.get("/feeds/news/")


def test_news_summaries_are_plain_text_a_reader_cannot_render_as_markup(client):
    NewsPostFactory(title="Hartree news", summary="<script>alert(1)</script> <i>new</i> wing")

    root = ET.fromstring(client.get("/feeds/news/").content)
    summary = root.find(f"{ATOM}entry/{ATOM}summary")

    assert summary.get("type") == "html"
    assert "<" not in summary.text
    assert summary.text == "&lt;script&gt;alert(1)&lt;/script&gt; &lt;i&gt;new&lt;/i&gt; wing"


def test_a_member_of_the_curators_group_publishes_news_from_the_admin(client):
    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    sign_in_with_two_factor(client, curator)

    response = client.post(
        "/admin/portal/newspost/add/",
        {
            "title": "Glass Futures furnace opens to SMEs",
            "slug": "glass-futures-furnace",
            "summary": "Trial melts for small firms.",
            "body": "Book a **trial melt**.",
            "status": "published",
            "published_at_0": "2026-01-05",
            "published_at_1": "09:00:00",
        },
    )

    assert response.status_code == 302
    assert "Glass Futures furnace opens to SMEs" in client.get("/news/").content.decode()
