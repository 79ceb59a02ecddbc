"""The asset page: everything public, relations, freshness, JSON-LD, who may see it."""

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory, sign_in_with_two_factor
from assets.models import AccessModel, Asset
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def page(client, asset):
    response = client.get(asset.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_detail_shows_everything_public_but_never_the_enquiry_address(client):
    asset = AssetFactory(
        name="Mass spectrometer",
        kind=Asset.Kind.EQUIPMENT,
        summary="High-resolution mass spectrometry.",
        description="Run by **expert** technicians.",
        eligibility="Fee-based; SMEs welcome.",
        manufacturer="Thermo Fisher",
        model_number="Orbitrap Exploris",
        training_required=True,
        address="Crown Street",
        postcode="L7 3NY",
        website="https://example.org/ms",
        enquiry_email="secret-desk@example.org",
        capabilities="mass spectrometry, proteomics",
    )
    asset.access_models.add(AccessModel.objects.get(slug="open-access"))

    html = page(client, asset)

    for text in [
        "Mass spectrometer",
        "High-resolution mass spectrometry.",
        "<strong>expert</strong>",
        "Fee-based; SMEs welcome.",
        "Thermo Fisher",
        "Orbitrap Exploris",
        "Training is needed",
        "Crown Street, Liverpool L7 3NY",
        "https://example.org/ms",
        "proteomics",
        asset.host.name,
    ]:
        assert text in html
    assert "secret-desk@example.org" not in html


def test_access_models_are_explained_in_plain_english(client):
    asset = AssetFactory()
    asset.access_models.add(AccessModel.objects.get(slug="free-sme-support"))

    html = page(client, asset)

    assert "Free SME support" in html
    assert "Funded help for small and medium-sized businesses, at no cost to you." in html


def test_detail_links_parent_children_and_the_hosts_other_assets(client):
    parent = AssetFactory(name="Sci-Tech campus")
    asset = AssetFactory(name="Hartree Centre", parent=parent, host=parent.host)
    AssetFactory(name="Hartree SME support", parent=asset, host=parent.host)
    AssetFactory(name="Draft child", parent=asset, status=Asset.Status.DRAFT)

    html = page(client, asset)

    assert "Part of" in html and parent.get_absolute_url() in html
    assert "Inside Hartree Centre" in html and "Hartree SME support" in html
    assert "Draft child" not in html
    assert f"More from {parent.host.name}" in html and "Sci-Tech campus" in html


def test_detail_lists_open_published_opportunities_that_name_it(client):
    asset = AssetFactory()
    for title, fields in [
        ("Open call", {}),
        ("Draft call", {"status": Opportunity.Status.DRAFT}),
        ("Closed call", {"status": Opportunity.Status.CLOSED}),
        ("Past deadline", {"deadline": timezone.now() - timedelta(days=1)}),
    ]:
        OpportunityFactory(title=title, **fields).related_assets.add(asset)
    OpportunityFactory(title="Elsewhere")

    html = page(client, asset)

    assert "Open opportunities that use" in html
    assert "Open call" in html
    for title in ["Draft call", "Closed call", "Past deadline", "Elsewhere"]:
        assert title not in html


def test_drafts_are_404_to_the_public_and_members(client):
    asset = AssetFactory(status=Asset.Status.DRAFT)

    assert client.get(asset.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(asset.get_absolute_url()).status_code == 404


def test_an_archived_asset_is_gone_and_points_to_its_host_and_similar_assets(client):
    host = OrganisationFactory(name="University of Liverpool")
    asset = AssetFactory(
        name="Old NMR suite",
        host=host,
        status=Asset.Status.ARCHIVED,
        capabilities="nmr spectroscopy, mass spectrometry",
    )
    AssetFactory(name="New NMR centre", capabilities="nmr spectroscopy")
    AssetFactory(name="Sister lab", host=host)
    AssetFactory(
        name="Hidden NMR draft", status=Asset.Status.DRAFT, capabilities="nmr spectroscopy"
    )
    AssetFactory(name="Furnace", capabilities="glass melting")

    for user in [None, UserFactory()]:
        if user:
            client.force_login(user)
        response = client.get(asset.get_absolute_url())

        assert response.status_code == 410
        html = response.content.decode()
        assert "Old NMR suite is no longer listed" in html
        assert f'href="{host.get_absolute_url()}"' in html
        assert html.index("New NMR centre") < html.index("Sister lab")
        assert "Hidden NMR draft" not in html and "Furnace" not in html


def test_curators_can_preview_a_draft(client):
    asset = AssetFactory(status=Asset.Status.DRAFT)
    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    html = page(client, asset)

    assert "This asset is draft and not visible to the public." in html


def test_stale_assets_say_when_their_details_were_last_checked(client):
    stale = AssetFactory(last_verified=date(2020, 3, 5))
    fresh = AssetFactory(last_verified=timezone.localdate() - timedelta(days=30))

    assert "Details last checked 5 March 2020." in page(client, stale)
    assert "Details last checked" not in page(client, fresh)


def test_detail_carries_schema_org_json_ld(client):
    asset = AssetFactory(
        name="Insectary <test>", latitude="53.400000", longitude="-2.960000", postcode="L3 5QA"
    )
    service = AssetFactory(name="SME support", kind=Asset.Kind.PROGRAMME)

    html = page(client, asset)

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Place"
    assert data["name"] == "Insectary <test>"
    assert "<test>" not in block.group(1)  # escaped, so it cannot close the tag
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 53.4, "longitude": -2.96}
    assert data["address"]["postalCode"] == "L3 5QA"
    assert data["url"].endswith(asset.get_absolute_url())

    service_data = json.loads(
        re.search(r'type="application/ld\+json">(.*?)</script>', page(client, service)).group(1)
    )
    assert service_data["@type"] == "Service"
    assert service_data["provider"]["name"] == service.host.name


def test_pages_with_a_map_pass_marker_data_without_inline_script(client):
    asset = AssetFactory(latitude="53.4", longitude="-2.96")

    html = page(client, asset)

    assert '<script id="asset-map-data" type="application/json">' in html
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
    assert re.search(r"/static/vendor/leaflet/leaflet\.[0-9a-f]{12}\.js", html)
    assert re.search(r"/static/js/asset-map\.[0-9a-f]{12}\.js", html)


def test_the_map_lists_every_marker_for_when_tiles_or_javascript_fail(client):
    AssetFactory(name="On the map", latitude="53.4", longitude="-2.96", town="Liverpool")
    AssetFactory(name="Nowhere", latitude=None, longitude=None)

    response = client.get("/assets/map/")

    html = response.content.decode()
    assert "1 asset on the map" in html
    assert re.search(r'<ol class="marker-list">.*On the map.*</ol>', html, re.S)
    markers = json.loads(
        re.search(r'id="asset-map-data" type="application/json">(.*?)</script>', html).group(1)
    )
    assert markers[0]["name"] == "On the map" and markers[0]["lat"] == 53.4
    assert "Nowhere" not in html


def json_ld(html):
    return json.loads(re.search(r'type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize("status", [Asset.Status.DRAFT, Asset.Status.ARCHIVED])
def test_a_parent_that_is_not_published_is_not_named_to_the_public(client, status):
    parent = AssetFactory(name="Unannounced building", status=status)
    asset = AssetFactory(name="Cleanroom", parent=parent)

    for viewer in [None, UserFactory()]:
        if viewer:
            client.force_login(viewer)
        html = page(client, asset)
        assert "Cleanroom" in html
        assert "Unannounced building" not in html and parent.get_absolute_url() not in html
        assert "Part of" not in html and "containedInPlace" not in json_ld(html)


def test_curators_see_an_unpublished_parent_on_the_page_but_not_in_its_json_ld(client):
    parent = AssetFactory(name="Unannounced building", status=Asset.Status.DRAFT)
    asset = AssetFactory(name="Cleanroom", parent=parent)
    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    html = page(client, asset)

    assert f'<a href="{parent.get_absolute_url()}">Unannounced building</a>' in html
    assert "(draft, not visible to the public)" in html
    assert "containedInPlace" not in json_ld(html)


def test_a_published_parent_is_named_in_the_json_ld(client):
    parent = AssetFactory(name="Materials Innovation Factory")
    html = page(client, AssetFactory(parent=parent))

    assert json_ld(html)["containedInPlace"]["name"] == "Materials Innovation Factory"


def test_a_members_only_host_is_named_but_linked_only_for_those_who_can_open_it(client):
    host = OrganisationFactory(name="Quiet Labs", visibility=Organisation.Visibility.MEMBERS)
    asset = AssetFactory(host=host, kind=Asset.Kind.PROGRAMME, latitude="53.4", longitude="-2.96")
    profile_url = host.get_absolute_url()

    html = page(client, asset)
    assert "hosted by Quiet Labs" in html
    assert profile_url not in html
    assert json_ld(html)["provider"] == {"@type": "Organization", "name": "Quiet Labs"}
    assert client.get(profile_url).status_code == 404  # why it must not be linked

    client.force_login(UserFactory())
    html = page(client, asset)
    assert f'hosted by <a href="{profile_url}">Quiet Labs</a>' in html
    assert "@id" not in json_ld(html)["provider"]  # JSON-LD is for the public, whoever asks


def test_a_public_host_is_linked_and_identified_in_the_json_ld(client):
    host = OrganisationFactory(name="Open Labs", website="https://open.example.org")
    asset = AssetFactory(host=host, kind=Asset.Kind.PROGRAMME)

    html = page(client, asset)

    assert f'hosted by <a href="{host.get_absolute_url()}">Open Labs</a>' in html
    provider = json_ld(html)["provider"]
    assert provider["@id"].endswith(host.get_absolute_url())
    assert provider["url"] == "https://open.example.org"


def test_map_markers_link_only_hosts_the_viewer_can_open(client):
    quiet = OrganisationFactory(name="Quiet Labs", visibility=Organisation.Visibility.MEMBERS)
    open_ = OrganisationFactory(name="Open Labs")
    AssetFactory(name="Quiet kit", host=quiet, latitude="53.4", longitude="-2.96")
    AssetFactory(name="Open kit", host=open_, latitude="53.41", longitude="-2.97")

    def markers():
        html = client.get("/assets/map/").content.decode()
        data = re.search(r'id="asset-map-data" type="application/json">(.*?)</script>', html)
        return html, {m["host"]: m["host_url"] for m in json.loads(data.group(1))}

    html, host_urls = markers()
    assert host_urls == {"Quiet Labs": None, "Open Labs": open_.get_absolute_url()}
    assert quiet.get_absolute_url() not in html
    assert f'<a href="{open_.get_absolute_url()}">Open Labs</a>' in html

    client.force_login(UserFactory())
    assert markers()[1]["Quiet Labs"] == quiet.get_absolute_url()


def test_asset_cards_link_only_hosts_the_viewer_can_open(client):
    quiet = OrganisationFactory(name="Quiet Labs", visibility=Organisation.Visibility.MEMBERS)
    open_ = OrganisationFactory(name="Open Labs")
    AssetFactory(name="Quiet kit", host=quiet, featured=True)
    AssetFactory(name="Open kit", host=open_, featured=True)

    for url in ["/", "/assets/"]:
        html = client.get(url).content.decode()
        assert "Quiet Labs" in html and quiet.get_absolute_url() not in html
        assert f'<a href="{open_.get_absolute_url()}">Open Labs</a>' in html


def test_the_page_says_when_and_where_the_details_were_checked(client):
    asset = AssetFactory(
        last_verified=timezone.localdate(),
        source_url="https://www.example.org/news/facility-opens",
    )

    html = page(client, asset)

    checked = timezone.localdate().strftime("%B %Y")
    assert f"Details checked {checked} from" in html
    assert (
        '<a href="https://www.example.org/news/facility-opens" rel="noopener">example.org</a>'
        in html
    )


def test_the_page_says_how_a_business_gets_started(client):
    asset = AssetFactory(
        eligibility="SMEs in the city region.",
        price_basis=Asset.PriceBasis.DAY_RATE,
        first_step="Fill in the access request form.",
        lead_time="About two weeks.",
        contact_route="access@example.org",
        end_date=timezone.localdate() + timedelta(days=90),
    )

    html = page(client, asset)

    assert "How to get started" in html
    for text in [
        "Day or hourly rate",
        "Fill in the access request form.",
        "About two weeks.",
        "access@example.org",
        "Offer ends",
    ]:
        assert text in html
    assert "This programme ended" not in html


def test_closed_changed_and_ended_assets_say_so(client):
    closed = AssetFactory(name="Old hub", operating_status=Asset.OperatingStatus.CLOSED)
    changed = AssetFactory(name="New hub", operating_status=Asset.OperatingStatus.CHANGED)
    ended = AssetFactory(name="Pilot scheme", end_date=date(2025, 3, 31))

    assert "Old hub has closed." in page(client, closed)
    assert "New hub has changed recently" in page(client, changed)
    assert "This programme ended on 31 March 2025." in page(client, ended)
    assert "has closed" not in page(client, AssetFactory())
