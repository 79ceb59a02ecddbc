"""Browsing /opportunities/: filters, search on both databases, htmx, paging, queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import UserFactory
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea, Keyword
from portal.search import portable_filter, portable_rank, search_ranked

pytestmark = pytest.mark.django_db


def titles(response):
    return [o.title for o in response.context["page_obj"]]


def test_lists_published_opportunities_newest_first(client):
    now = timezone.now()
    OpportunityFactory(title="Older", published_at=now - timedelta(days=3))
    OpportunityFactory(title="Newer", published_at=now - timedelta(days=1))
    OpportunityFactory(title="Draft", status=Opportunity.Status.DRAFT)

    assert titles(client.get("/opportunities/")) == ["Newer", "Older"]


def test_filters_by_kind(client):
    OpportunityFactory(title="A challenge", kind=Opportunity.Kind.CHALLENGE)
    OpportunityFactory(title="A search")

    assert titles(client.get("/opportunities/?kind=challenge")) == ["A challenge"]


def test_filters_by_focal_area_slug(client):
    infection = FocalArea.objects.get(slug="infection")
    OpportunityFactory(title="Malaria test").focal_areas.add(infection)
    OpportunityFactory(title="Coatings").focal_areas.add(
        FocalArea.objects.get(slug="materials-chemistry")
    )

    assert titles(client.get("/opportunities/?focal_area=infection")) == ["Malaria test"]


def test_filters_by_organisation_kind(client):
    OpportunityFactory(title="From a university", organisation__kind=Organisation.Kind.UNIVERSITY)
    OpportunityFactory(title="From an SME")

    assert titles(client.get("/opportunities/?organisation_kind=university")) == [
        "From a university"
    ]


def test_the_organisation_kind_filter_never_reveals_an_anonymous_posters_kind(client):
    university = Organisation.Kind.UNIVERSITY
    OpportunityFactory(title="Named university", organisation__kind=university)
    OpportunityFactory(title="Hidden university", organisation__kind=university, is_anonymous=True)

    assert titles(client.get("/opportunities/?organisation_kind=university")) == [
        "Named university"
    ]
    assert "Hidden university" in titles(client.get("/opportunities/"))


def test_opportunities_past_their_deadline_leave_the_list_before_the_expiry_task_runs(client):
    now = timezone.now()
    OpportunityFactory(title="Still open")
    OpportunityFactory(title="Deadline passed", deadline=now - timedelta(hours=1))
    OpportunityFactory(
        title="Event ended",
        event=True,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=1),
    )

    assert titles(client.get("/opportunities/")) == ["Still open"]
    assert titles(client.get("/opportunities/?sort=closing")) == ["Still open"]


def test_the_result_count_is_the_heading_over_the_result_cards(client):
    OpportunityFactory(title="A card")

    for headers in [{}, {"HX-Request": "true"}]:
        html = client.get("/opportunities/", headers=headers).content.decode()
        assert '<h2 id="results-heading" class="result-count">1 open opportunity</h2>' in html
        assert html.index("results-heading") < html.index('<h3 class="card-title">')
        assert '<p class="result-count">' not in html


def test_filters_by_closing_window(client):
    now = timezone.now()
    OpportunityFactory(title="This week", deadline=now + timedelta(days=3))
    OpportunityFactory(title="This month", deadline=now + timedelta(days=20))
    OpportunityFactory(title="Later", deadline=now + timedelta(days=90))
    OpportunityFactory(
        title="Event soon",
        event=True,
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
    )

    assert set(titles(client.get("/opportunities/?closing=week"))) == {"This week", "Event soon"}
    assert set(titles(client.get("/opportunities/?closing=month"))) == {
        "This week",
        "This month",
        "Event soon",
    }


def test_filters_by_related_asset_slug(client):
    mif = AssetFactory(name="Materials Innovation Factory", slug="mif")
    OpportunityFactory(title="Uses MIF").related_assets.add(mif)
    OpportunityFactory(title="Uses nothing")

    assert titles(client.get("/opportunities/?asset=mif")) == ["Uses MIF"]


def test_filters_by_posted_since(client):
    now = timezone.now()
    OpportunityFactory(title="Recent", published_at=now - timedelta(days=2))
    OpportunityFactory(title="Old", published_at=now - timedelta(days=40))
    since = (timezone.localdate() - timedelta(days=7)).isoformat()

    assert titles(client.get(f"/opportunities/?posted_since={since}")) == ["Recent"]


def test_sorts_by_closing_soonest(client):
    now = timezone.now()
    OpportunityFactory(title="Closes late", deadline=now + timedelta(days=60))
    OpportunityFactory(title="Closes soon", deadline=now + timedelta(days=5))

    assert titles(client.get("/opportunities/?sort=closing")) == ["Closes soon", "Closes late"]


@pytest.mark.parametrize(
    "query",
    [
        "kind=spaceship",
        "focal_area=astrology",
        "closing=century",
        "posted_since=yesterday-ish",
        "sort=random",
        "asset=no-such-asset",
        "page=banana",
        "organisation_kind=%00",
    ],
)
def test_invalid_filter_values_show_a_message_not_an_error(client, query):
    OpportunityFactory(title="Still listed")

    response = client.get(f"/opportunities/?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Still listed" in html
    if not query.startswith("page="):
        assert "Some filters could not be used" in html


def test_htmx_requests_get_only_the_results(client):
    OpportunityFactory(title="Found by htmx", kind=Opportunity.Kind.CHALLENGE)

    response = client.get("/opportunities/?kind=challenge", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "Found by htmx" in html
    assert "<html" not in html and 'class="filters"' not in html
    assert "HX-Request" in response["Vary"]


def test_the_filter_form_pushes_its_url_so_results_can_be_shared(client):
    html = client.get("/opportunities/").content.decode()

    assert 'hx-get="/opportunities/"' in html and 'hx-push-url="true"' in html
    assert 'hx-target="#results"' in html


def test_pagination_keeps_the_filters(client):
    OpportunityFactory.create_batch(25, kind=Opportunity.Kind.CHALLENGE)

    html = client.get("/opportunities/?kind=challenge").content.decode()

    assert "Page 1 of 2" in html
    assert "?kind=challenge&amp;page=2" in html


@pytest.mark.parametrize("count", [1, 20, 50])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_browse_runs_at_most_eight_queries(client, django_assert_max_num_queries, count, signed_in):
    area = FocalArea.objects.get(slug="infection")
    asset = AssetFactory(slug="lab")
    for opportunity in OpportunityFactory.create_batch(count):
        opportunity.focal_areas.add(area)
        opportunity.related_assets.add(asset)
    if signed_in:
        client.force_login(UserFactory())

    with django_assert_max_num_queries(8):
        response = client.get(
            "/opportunities/?q=partner&kind=partner_search&focal_area=infection"
            "&organisation_kind=sme&closing=month&asset=lab&sort=closing"
        )
    assert response.context["page_obj"].paginator.count == count
    with django_assert_max_num_queries(8):
        client.get("/opportunities/")


def test_search_finds_words_in_title_summary_description_and_keywords(client):
    a = OpportunityFactory(title="Robotic coatings screening")
    b = OpportunityFactory(summary="Validate a malaria rapid test")
    c = OpportunityFactory(description="We use **lateral flow** assays")
    d = OpportunityFactory(title="Keyword only")
    d.keywords.set(Keyword.objects.from_text("spectroscopy"))
    OpportunityFactory(title="Unrelated")

    assert titles(client.get("/opportunities/?q=coatings")) == [a.title]
    assert titles(client.get("/opportunities/?q=malaria")) == [b.title]
    assert titles(client.get("/opportunities/?q=lateral flow")) == [c.title]
    assert titles(client.get("/opportunities/?q=spectroscopy")) == [d.title]


def test_search_ranks_a_title_match_above_a_description_match(client):
    OpportunityFactory(title="Old", description="Mentions sensors once.")
    OpportunityFactory(title="Sensors for water quality", summary="Sensors needed")

    result = titles(client.get("/opportunities/?q=sensors&sort=relevance"))

    assert result == ["Sensors for water quality", "Old"]


def test_search_never_matches_an_anonymous_posters_name(client):
    OpportunityFactory(title="Secretive", is_anonymous=True, organisation__name="Zebracorp")

    assert titles(client.get("/opportunities/?q=zebracorp")) == []


def test_portable_fallback_search_needs_every_word_and_ranks_titles_first():
    # The SQLite path, run on whichever database the suite uses.
    OpportunityFactory(title="Glass Furnace Trials")
    OpportunityFactory(title="Other", summary="A furnace for glass")
    OpportunityFactory(title="Glass only")

    everywhere = Opportunity.objects.all()
    found = portable_rank(portable_filter(everywhere, "FURNACE glass"), "FURNACE glass")
    found = found.order_by("-rank")
    assert [o.title for o in found] == ["Glass Furnace Trials", "Other"]


def test_postgres_search_uses_the_stored_vector_with_stemming(require_postgres):
    opportunity = OpportunityFactory(title="Screening coatings", description="Robots formulate")
    opportunity.keywords.set(Keyword.objects.from_text("spectrometers"))
    opportunity.refresh_from_db()

    assert opportunity.search_vector  # stored by the signal
    # Stemming: "formulating" finds "formulate", "spectrometer" finds "spectrometers".
    for text in ["formulating", "spectrometer", "screen coating"]:
        assert list(search_ranked(Opportunity.objects.all(), text)) == [opportunity], text
    # websearch syntax: a quoted phrase and an exclusion.
    assert list(search_ranked(Opportunity.objects.all(), '"screening coatings" -paint')) == [
        opportunity
    ]


def test_postgres_search_vector_has_a_gin_index(require_postgres):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'opportunities_opportunity'"
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert any("gin (search_vector)" in d for d in definitions), definitions


def test_postgres_search_uses_the_gin_index(require_postgres):
    from django.db import connection

    OpportunityFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = search_ranked(Opportunity.objects.all(), "zeolite").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "opportunity_search_vector_gin" in plan


def test_the_related_facility_choice_lists_only_facilities_of_listed_opportunities(client):
    """Not every published asset: at a national directory's size that is 100,000 options."""
    mif = AssetFactory(name="Materials Innovation Factory", slug="mif")
    AssetFactory(name="Unrelated lab", slug="unrelated")
    OpportunityFactory().related_assets.add(mif)
    OpportunityFactory(status=Opportunity.Status.CLOSED).related_assets.add(
        AssetFactory(name="Closed lab", slug="closed-lab")
    )
    OpportunityFactory(visibility="members").related_assets.add(
        AssetFactory(name="Members lab", slug="members-lab")
    )

    choices = dict(client.get("/opportunities/").context["filter"].form.fields["asset"].choices)
    client.force_login(UserFactory())
    signed_in = client.get("/opportunities/").context["filter"].form.fields["asset"].choices

    assert set(choices) == {"", "mif"}
    assert set(dict(signed_in)) == {"", "mif", "members-lab"}
    assert titles(client.get("/opportunities/?asset=mif")) != []


def test_asset_pages_list_the_open_opportunities_that_reference_them(client):
    mif = AssetFactory(name="Materials Innovation Factory", slug="mif")
    OpportunityFactory(title="Uses MIF openly").related_assets.add(mif)
    OpportunityFactory(title="Members only MIF", visibility="members").related_assets.add(mif)
    OpportunityFactory(title="Closed MIF", status=Opportunity.Status.CLOSED).related_assets.add(mif)

    html = client.get("/assets/mif/").content.decode()

    assert "Uses MIF openly" in html
    assert "Members only MIF" not in html and "Closed MIF" not in html
    assert 'href="/opportunities/?asset=mif"' in html
    client.force_login(UserFactory())
    assert "Members only MIF" in client.get("/assets/mif/").content.decode()


def test_the_detail_page_links_related_assets_and_shows_a_countdown(client):
    mif = AssetFactory(name="Materials Innovation Factory", slug="mif")
    opportunity = OpportunityFactory(deadline=timezone.now() + timedelta(days=10, hours=1))
    opportunity.related_assets.add(mif)

    html = client.get(opportunity.get_absolute_url()).content.decode()

    assert 'href="/assets/mif/"' in html
    assert "10\xa0days left" in html or "1\xa0week, 3\xa0days left" in html


@pytest.mark.parametrize("q", ["-", "%3F", "%2B%2B", "%EF%BF%BD", "%FF%FE", "'", "%26%7C%21"])
def test_a_query_without_letters_or_digits_finds_nothing_politely(client, q):
    OpportunityFactory(title="Nets - and more?")

    response = client.get(f"/opportunities/?q={q}")

    assert response.status_code == 200
    assert titles(response) == []


# --- The count kept in the cache (portal.pagecache.kept) ---------------------------------


@pytest.fixture
def kept_counts(settings):
    """The count cache on (it is off without Redis)."""
    settings.PAGE_CACHE_SECONDS = 60
    return settings


def shown_count(client, url):
    return client.get(url).context["page_obj"].paginator.count


def fresh_count(client, url, settings):
    """What the page counts with nothing kept."""
    seconds, settings.PAGE_CACHE_SECONDS = settings.PAGE_CACHE_SECONDS, 0
    try:
        return shown_count(client, url)
    finally:
        settings.PAGE_CACHE_SECONDS = seconds


def test_the_count_is_kept_between_requests(client, kept_counts):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OpportunityFactory.create_batch(3)
    with CaptureQueriesContext(connection) as first:
        client.get("/opportunities/?kind=partner_search")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/opportunities/?kind=partner_search&page=1")

    assert len(second) == len(first) - 1
    assert response.context["page_obj"].paginator.count == 3


def _set(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


OPPORTUNITY_WRITES = {
    "publish": lambda: _set(Opportunity.objects.get(title="Draft"), status="published"),
    "close": lambda: _set(Opportunity.objects.get(title="Open 1"), status="closed"),
    "edit": lambda: _set(Opportunity.objects.get(title="Open 2"), kind="challenge"),
    "delete": lambda: Opportunity.objects.get(title="Open 3").delete(),
    "bulk update": lambda: Opportunity.objects.filter(title="Open 1").update(
        visibility=Opportunity.Visibility.MEMBERS
    ),
    "focal area added": lambda: Opportunity.objects.get(title="Open 2").focal_areas.add(
        FocalArea.objects.get(slug="infection")
    ),
    "related asset removed": lambda: Opportunity.objects.get(title="Open 1").related_assets.clear(),
    "poster's kind changed": lambda: _set(
        Opportunity.objects.get(title="Open 1").organisation, kind="university"
    ),
}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("write", list(OPPORTUNITY_WRITES))
@pytest.mark.parametrize(
    "url",
    [
        "/opportunities/",
        "/opportunities/?kind=partner_search&focal_area=infection",
        "/opportunities/?organisation_kind=sme&asset=lab",
        "/opportunities/?q=partner",
    ],
)
def test_a_write_changes_the_kept_count_on_the_next_request(
    client, kept_counts, write, signed_in, url
):
    infection = FocalArea.objects.get(slug="infection")
    lab = AssetFactory(slug="lab")
    for n in range(1, 4):
        opportunity = OpportunityFactory(title=f"Open {n}", organisation__kind="sme")
        opportunity.related_assets.add(lab)
        if n != 2:
            opportunity.focal_areas.add(infection)
    OpportunityFactory(title="Draft", status=Opportunity.Status.DRAFT, organisation__kind="sme")
    if signed_in:
        client.force_login(UserFactory())
    assert shown_count(client, url) == fresh_count(client, url, kept_counts)

    OPPORTUNITY_WRITES[write]()

    assert shown_count(client, url) == fresh_count(client, url, kept_counts)


@pytest.mark.parametrize("event", [False, True], ids=["deadline", "event end"])
def test_the_kept_count_drops_an_opportunity_once_it_closes(
    client, kept_counts, monkeypatch, event
):
    """No write announces a deadline passing: the kept count is not served after it."""
    import time as clock

    client.force_login(UserFactory())  # signed in: the page itself is not cached

    now = timezone.now()
    soon = now + timedelta(seconds=5)
    OpportunityFactory()
    if event:
        OpportunityFactory(event=True, starts_at=now - timedelta(hours=1), ends_at=soon)
    else:
        OpportunityFactory(deadline=soon)
    assert shown_count(client, "/opportunities/") == 2

    later = now + timedelta(seconds=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    monkeypatch.setattr(clock, "time", lambda: later.timestamp())

    assert shown_count(client, "/opportunities/") == 1
