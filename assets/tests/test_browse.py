"""Browsing /assets/: one small test per filter, facet counts, sorting, htmx, queries."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from assets.models import AccessModel, Asset
from assets.tests.factories import AssetFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db


def names(response):
    return [asset.name for asset in response.context["page_obj"]]


def facet(response, name):
    return {
        choice.value: choice
        for facet in response.context["facets"]
        if facet.name == name
        for choice in facet.choices
    }


@pytest.fixture
def infection():
    return FocalArea.objects.get(slug="infection")


@pytest.fixture
def materials():
    return FocalArea.objects.get(slug="materials-chemistry")


@pytest.fixture
def open_access():
    return AccessModel.objects.get(slug="open-access")


def test_browse_lists_published_assets_only(client):
    AssetFactory(name="Published lab")
    AssetFactory(name="Draft lab", status=Asset.Status.DRAFT)
    AssetFactory(name="Archived lab", status=Asset.Status.ARCHIVED)

    response = client.get("/assets/")

    assert response.status_code == 200
    assert names(response) == ["Published lab"]


def test_filter_by_focal_area(client, infection):
    AssetFactory(name="Insectary").focal_areas.add(infection)
    AssetFactory(name="Supercomputer")

    assert names(client.get("/assets/?focal_area=infection")) == ["Insectary"]


def test_filter_by_kind(client):
    AssetFactory(name="Robot", kind=Asset.Kind.EQUIPMENT)
    AssetFactory(name="Campus", kind=Asset.Kind.FACILITY)

    assert names(client.get("/assets/?kind=equipment")) == ["Robot"]


def test_filter_by_access_model(client, open_access):
    AssetFactory(name="Open lab").access_models.add(open_access)
    AssetFactory(name="Closed lab")

    assert names(client.get("/assets/?access=open-access")) == ["Open lab"]


def test_filter_by_town(client):
    AssetFactory(name="Furnace", town="St Helens")
    AssetFactory(name="Science park", town="Liverpool")

    assert names(client.get("/assets/?town=St+Helens")) == ["Furnace"]


def test_filter_by_host_organisation(client):
    lstm = OrganisationFactory(name="LSTM", slug="lstm")
    AssetFactory(name="Insectary", host=lstm)
    AssetFactory(name="Supercomputer")

    assert names(client.get("/assets/?host=lstm")) == ["Insectary"]


def test_filter_featured_only(client):
    AssetFactory(name="Star facility", featured=True)
    AssetFactory(name="Quiet facility")

    assert names(client.get("/assets/?featured=true")) == ["Star facility"]


def test_filter_by_search_text(client):
    AssetFactory(name="Insectary", summary="Tests mosquito nets.")
    AssetFactory(name="Supercomputer", summary="Runs simulations.")

    assert names(client.get("/assets/?q=mosquito")) == ["Insectary"]


def test_choices_within_a_facet_are_combined_with_or(client, infection, materials):
    AssetFactory(name="Insectary").focal_areas.add(infection)
    AssetFactory(name="Formulation lab").focal_areas.add(materials)
    AssetFactory(name="Supercomputer")

    response = client.get("/assets/?focal_area=infection&focal_area=materials-chemistry")

    assert names(response) == ["Formulation lab", "Insectary"]


def test_different_facets_are_combined_with_and(client, infection, open_access):
    both = AssetFactory(name="Open insectary")
    both.focal_areas.add(infection)
    both.access_models.add(open_access)
    AssetFactory(name="Closed insectary").focal_areas.add(infection)

    response = client.get("/assets/?focal_area=infection&access=open-access")

    assert names(response) == ["Open insectary"]


def test_facet_counts_count_each_choice_with_the_other_filters(client, infection, materials):
    for name in ["Insectary", "Vaccine lab"]:
        AssetFactory(name=name, kind=Asset.Kind.FACILITY).focal_areas.add(infection)
    AssetFactory(name="Robot", kind=Asset.Kind.EQUIPMENT).focal_areas.add(materials)

    response = client.get("/assets/?focal_area=infection")

    areas = facet(response, "focal_area")
    # Picking a focal area keeps showing how many the others would give.
    assert areas["infection"].count == 2 and areas["infection"].selected
    assert areas["materials-chemistry"].count == 1 and not areas["materials-chemistry"].selected
    kinds = facet(response, "kind")
    assert kinds["facility"].count == 2
    assert kinds["equipment"].count == 0  # no equipment within infection
    html = response.content.decode()
    assert 'value="infection" id="facet-focal_area-infection" checked' in html
    assert 'Materials chemistry <span class="facet-count">(1' in html


def test_every_facet_offers_its_choices(client, infection, open_access):
    asset = AssetFactory(
        name="Insectary", town="Liverpool", kind=Asset.Kind.FACILITY, featured=True
    )
    asset.focal_areas.add(infection)
    asset.access_models.add(open_access)

    response = client.get("/assets/")

    assert facet(response, "focal_area")["infection"].count == 1
    assert facet(response, "kind")["facility"].label == "Facility"
    assert facet(response, "access")["open-access"].label == "Open access"
    assert facet(response, "town")["Liverpool"].count == 1
    assert facet(response, "host")[asset.host.slug].label == asset.host.name
    assert facet(response, "featured")["true"].count == 1


@pytest.mark.parametrize(
    "query, message",
    [
        ("kind=spaceship", "“spaceship” is not a valid kind."),
        ("focal_area=astrology", "There is no focal area “astrology”."),
        ("access=free-lunch", "There is no access model “free-lunch”."),
        ("host=no-such-org", "There is no host organisation “no-such-org”."),
        ("town=Atlantis", "There is no town “Atlantis”."),
        ("focal_area=%3Cscript%3E", "“&lt;script&gt;” is not a valid focal area."),
        ("sort=random", "Select a valid choice. random is not one of the available choices."),
    ],
)
def test_invalid_filter_values_give_an_empty_result_with_a_message(client, query, message):
    AssetFactory(name="Insectary")

    response = client.get(f"/assets/?{query}")

    assert response.status_code == 200
    assert names(response) == []
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert message in html


def test_search_results_are_sorted_by_relevance_by_default(client):
    AssetFactory(name="Coatings lab", description="Has a robot arm.")
    AssetFactory(name="Robot scientist")

    response = client.get("/assets/?q=robot")

    assert names(response) == ["Robot scientist", "Coatings lab"]
    assert response.context["sort_key"] == "relevance"


def test_sort_by_name(client):
    AssetFactory(name="Zeta lab", summary="robot")
    AssetFactory(name="Alpha robot")

    assert names(client.get("/assets/?q=robot&sort=name")) == ["Alpha robot", "Zeta lab"]


def test_sort_by_recently_verified(client):
    AssetFactory(name="Old check", last_verified=date(2020, 1, 1))
    AssetFactory(name="New check", last_verified=timezone.localdate())
    AssetFactory(name="Never checked", last_verified=None)

    response = client.get("/assets/?sort=verified")

    assert names(response) == ["New check", "Old check", "Never checked"]


def test_pagination_keeps_the_filters(client, infection):
    for _ in range(25):
        AssetFactory().focal_areas.add(infection)

    html = client.get("/assets/?focal_area=infection").content.decode()

    assert "Page 1 of 2" in html
    assert "?focal_area=infection&amp;page=2" in html


def test_htmx_requests_get_only_the_results_part_and_the_url_is_pushed(client):
    AssetFactory(name="Insectary")

    full = client.get("/assets/?q=insect")
    partial = client.get("/assets/?q=insect", headers={"HX-Request": "true"})

    assert "<html" in full.content.decode()
    html = partial.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="asset-browse"')
    assert "Insectary" in html
    assert 'hx-push-url="true"' in html
    assert 'hx-swap-oob="innerHTML"' in html and "1 asset found" in html
    assert "HX-Request" in partial["Vary"]


def test_history_restore_gets_the_whole_page(client):
    response = client.get(
        "/assets/?q=x", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


def test_the_filter_form_works_without_javascript(client):
    html = client.get("/assets/").content.decode()

    assert 'method="get" action="/assets/"' in html
    assert "Apply filters" in html


@pytest.mark.parametrize("count", [1, 20, 50])
def test_browse_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count, infection, open_access
):
    for _ in range(count):
        asset = AssetFactory(featured=True, host=OrganisationFactory())
        asset.focal_areas.add(infection)
        asset.access_models.add(open_access)

    with django_assert_max_num_queries(8):
        response = client.get("/assets/?focal_area=infection&access=open-access&q=facility")

    assert response.context["page_obj"].paginator.count == count


@pytest.mark.parametrize("count", [1, 20, 50])
def test_map_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, count, infection
):
    for _ in range(count):
        AssetFactory(latitude="53.4", longitude="-2.9").focal_areas.add(infection)

    with django_assert_max_num_queries(8):
        response = client.get("/assets/map/?focal_area=infection")

    assert len(response.context["markers"]) == count


def passes(asset, name, values):
    """Would ``asset`` be listed under this one filter?"""
    if name == "focal_area":
        return bool({a.slug for a in asset.focal_areas.all()} & set(values))
    if name == "access":
        return bool({a.slug for a in asset.access_models.all()} & set(values))
    if name == "host":
        return asset.host.slug in values
    if name == "featured":
        return asset.featured
    if name == "q":
        return values[0] in f"{asset.name} {asset.summary}".lower()
    return getattr(asset, name) in values  # kind, town


def brute_force_count(assets, query):
    """The assets the browse would list for ``query``, counted the slow, obvious way."""
    wanted = {}
    for part in query.split("&"):
        if part:
            name, value = part.split("=")
            wanted.setdefault(name, []).append(value)
    return sum(
        all(passes(asset, name, values) for name, values in wanted.items()) for asset in assets
    )


def without(query, name):
    return "&".join(p for p in query.split("&") if p and not p.startswith(f"{name}="))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "focal_area=infection",
        "focal_area=infection&focal_area=materials-chemistry&kind=equipment",
        "access=open-access&town=Wirral",
        "q=insect&town=Liverpool&featured=true",
        "q=lab&host=acme&access=open-access",
    ],
)
def test_every_facet_count_and_the_result_count_are_exact(client, query, infection, materials):
    """Each choice's count is what picking it (with the other filters) would list."""
    open_access = AccessModel.objects.get(slug="open-access")
    acme = OrganisationFactory(name="Acme", slug="acme")
    for i in range(24):
        asset = AssetFactory(
            name=["Insectary", "Robot lab", "Furnace", "Data lab"][i % 4] + f" {i}",
            kind=[Asset.Kind.FACILITY, Asset.Kind.EQUIPMENT, Asset.Kind.PROGRAMME][i % 3],
            town=["Liverpool", "Wirral", "Halton", ""][i % 4],
            host=acme if i % 5 == 0 else OrganisationFactory(),
            featured=i % 7 == 0,
            status=Asset.Status.ARCHIVED if i % 11 == 0 else Asset.Status.PUBLISHED,
        )
        if i % 2:
            asset.focal_areas.add(infection)
        if i % 3:
            asset.focal_areas.add(materials)
        if i % 4 in (1, 2):
            asset.access_models.add(open_access)

    response = client.get(f"/assets/?{query}")

    assert_counts_exact(response, query)
    assert response.context["page_obj"].paginator.count == len(
        response.context["filterset"].results()
    )


# --- Counts kept in the cache (portal.pagecache.kept) -------------------------------------


def assert_counts_exact(response, query):
    """The result count and every facet choice's count equal a brute-force count."""
    assets = list(
        Asset.objects.published()
        .select_related("host")
        .prefetch_related("focal_areas", "access_models")
    )
    assert response.context["page_obj"].paginator.count == brute_force_count(assets, query)
    for shown in response.context["facets"]:
        for choice in shown.choices:
            pick = f"{shown.name}={choice.value}"
            assert choice.count == brute_force_count(
                assets, "&".join(p for p in [without(query, shown.name), pick] if p)
            ), (shown.name, choice.value)


@pytest.fixture
def kept_counts(settings, infection, open_access):
    """The count cache on (it is off without Redis), and a small directory."""
    settings.PAGE_CACHE_SECONDS = 60
    acme = OrganisationFactory(name="Acme", slug="acme")
    for i in range(6):
        asset = AssetFactory(
            name=f"Lab {i}", slug=f"lab-{i}", host=acme if i % 2 else OrganisationFactory()
        )
        if i % 2:
            asset.focal_areas.add(infection)
        if i % 3:
            asset.access_models.add(open_access)
    AssetFactory(name="Draft lab", slug="draft-lab", status=Asset.Status.DRAFT)


def test_facet_counts_are_kept_between_requests(client, kept_counts):
    """The second request for the same filters skips both count queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get("/assets/?focal_area=infection&page=1")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/assets/?focal_area=infection&sort=name")

    assert len(second) == len(first) - 2
    assert_counts_exact(response, "focal_area=infection")


WRITES = {
    "publish": lambda: _with(Asset.objects.get(slug="draft-lab"), status="published").save(),
    "unpublish": lambda: _with(
        Asset.objects.get(slug="lab-1"), status=Asset.Status.ARCHIVED
    ).save(),
    "edit": lambda: _with(Asset.objects.get(slug="lab-2"), kind=Asset.Kind.EQUIPMENT).save(),
    "delete": lambda: Asset.objects.get(slug="lab-3").delete(),
    "bulk update": lambda: Asset.objects.filter(slug="lab-4").update(town="Halton"),
    "focal area added": lambda: Asset.objects.get(slug="lab-0").focal_areas.add(
        FocalArea.objects.get(slug="infection")
    ),
    "asset added to a focal area": lambda: FocalArea.objects.get(slug="infection").assets.add(
        Asset.objects.get(slug="lab-2")
    ),
    "access model removed": lambda: Asset.objects.get(slug="lab-1").access_models.clear(),
}


def _with(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return obj


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize(
    "query", ["", "focal_area=infection&access=open-access", "q=lab&town=Liverpool"]
)
def test_a_write_changes_the_kept_counts_on_the_next_request(
    client, kept_counts, member, write, signed_in, query
):
    if signed_in:
        client.force_login(member)
    before = client.get(f"/assets/?{query}")
    assert_counts_exact(before, query)

    WRITES[write]()
    after = client.get(f"/assets/?{query}")

    assert_counts_exact(after, query)


def test_a_renamed_host_is_named_on_the_next_request(client, kept_counts):
    client.get("/assets/")
    acme = Organisation.objects.get(slug="acme")
    acme.name = "Acme Research"
    acme.save()

    assert facet(client.get("/assets/"), "host")["acme"].label == "Acme Research"
