"""The LCR+ dataset itself: every record sourced, current, located and usable.

These read ``portal/lcr_dataset.py`` directly (no database), so a record added without
its source, access route or sane coordinates fails here before it reaches a page.
"""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest

from assets.geo import (
    REGION_BBOX,
    distance_km,
    in_region,
    location_problem,
    postcode_centroid,
)
from assets.models import Asset
from portal import lcr_dataset as data

RECORDS = {record["slug"]: record for record in data.ASSETS}
ASSET_IDS = list(RECORDS)

# Claims a business cannot check or use; the dataset gives specifications instead.
SUPERLATIVES = re.compile(
    r"world[- ]leading|world[- ]class|world's|in the world|largest|leading|unique|"
    r"state[- ]of[- ]the[- ]art|cutting[- ]edge|first of its kind|best",
    re.IGNORECASE,
)


@pytest.mark.parametrize("slug", ASSET_IDS)
def test_every_record_has_status_source_and_a_way_in(slug):
    record = RECORDS[slug]
    assert record.get("status", "published") in Asset.Status.values
    assert record.get("operating_status", "open") in Asset.OperatingStatus.values
    assert date.fromisoformat(record.get("last_verified", data.VERIFIED))
    assert urlsplit(record["source_url"]).scheme in {"http", "https"}, "a source URL"
    assert record["eligibility"].strip(), "who is eligible"
    assert record["price_basis"] in Asset.PriceBasis.values, "a price basis"
    assert record["first_step"].strip(), "a first step"
    if record.get("website"):
        assert urlsplit(record["website"]).scheme == "https"


@pytest.mark.parametrize("slug", ASSET_IDS)
def test_every_record_sits_where_its_postcode_says(slug):
    record = RECORDS[slug]
    latitude, longitude = float(record["latitude"]), float(record["longitude"])
    postcode = record.get("postcode", "")

    assert location_problem(latitude, longitude, postcode) is None
    if not in_region(latitude, longitude):
        # A partner beyond the region is checked against its own postcode district.
        assert postcode_centroid(postcode) is not None, f"add {postcode} to the table"
    if postcode:
        assert postcode_centroid(postcode) is not None, f"add {postcode} to the table"


@pytest.mark.parametrize("slug", ASSET_IDS)
def test_no_record_makes_claims_instead_of_giving_specifications(slug):
    record = RECORDS[slug]
    text = " ".join([record["name"], record["summary"], record.get("description", "")])

    assert not SUPERLATIVES.search(text), SUPERLATIVES.search(text)


def test_free_sme_support_is_only_offered_with_a_live_scheme_and_its_end_date():
    for record in data.ASSETS:
        public = record.get("status", "published") == "published"
        if public and "free-sme-support" in record["access_models"]:
            assert record.get("end_date"), record["slug"]
            assert date.fromisoformat(record["end_date"]) >= date.fromisoformat(data.VERIFIED)


def test_every_host_and_parent_exists_and_parents_come_first():
    seen = set()
    for record in data.ASSETS:
        assert record["host"] in data.ORGANISATIONS
        if record.get("parent"):
            assert record["parent"] in seen, f"{record['parent']} must load before {record}"
        seen.add(record["slug"])


def test_refresh_areas_are_named_only_from_the_2022_refresh():
    refresh = {slug for slug, _name, _summary in data.REFRESH_FOCAL_AREAS}
    original = {slug for slug, _name, _summary in data.FOCAL_AREAS}
    assert len(original) == 3 and not refresh & original
    for record in data.ASSETS:
        assert set(record["focal_areas"]) <= original
        assert set(record.get("refresh_focal_areas", [])) <= refresh


# --- The corrections of issue 15, one by one ------------------------------------


def test_sensor_city_is_closed_and_its_building_is_presented_as_central_tech():
    sensor_city = RECORDS["sensor-city"]
    assert sensor_city["operating_status"] == "closed"
    assert sensor_city["status"] == "archived"
    central_tech = RECORDS["central-tech"]
    assert central_tech["host"] == "sciontec"
    assert "Copperas Hill" in central_tech["address"]
    assert "3D printing" not in central_tech["capabilities"]


def test_the_hartree_free_sme_offer_is_not_presented_as_a_daresbury_offer():
    hartree = RECORDS["hartree-centre"]
    assert "free-sme-support" not in hartree["access_models"]
    assert "hubs at Cardiff, Newcastle and Ulster" in hartree["description"]
    hubs = RECORDS["hartree-sme-support"]
    assert hubs["status"] == "archived"
    assert "own regions" in hubs["summary"]


def test_iicon_points_to_its_own_website_and_names_lifearc():
    iicon = RECORDS["iicon"]
    assert urlsplit(iicon["website"]).hostname == "www.infectioninnovation.com"
    assert "LifeArc" in iicon["description"]


def test_glass_futures_is_at_james_roby_way_with_its_furnace_specification():
    furnace = RECORDS["glass-futures-furnace"]
    assert "James Roby Way" in furnace["address"]
    assert "30 tonnes" in furnace["summary"] and "June 2023" in furnace["summary"]
    # The old record sat about 1.8 km west of the site, by the rugby stadium.
    old_point = (53.440, -2.752)
    point = (float(furnace["latitude"]), float(furnace["longitude"]))
    assert distance_km(point, old_point) > 1.5


def test_unilever_amc_is_on_the_port_sunlight_rd_site_and_configured_for_partners():
    amc = RECORDS["unilever-advanced-manufacturing-centre"]
    assert amc["postcode"] == "CH63 3JW"
    point = (float(amc["latitude"]), float(amc["longitude"]))
    assert distance_km(point, (53.346, -2.998)) < 0.3
    assert "configured to allow close working" in amc["summary"]
    assert "open to" not in amc["summary"]


def test_the_tide_gauge_network_is_owned_by_the_environment_agency():
    ntslf = RECORDS["national-tidal-and-sea-level-facility"]
    assert "Environment Agency owns and operates" in ntslf["summary"]
    assert "NOC maintains" in ntslf["summary"]


def test_liverpool_science_park_is_run_by_sciontec():
    assert RECORDS["liverpool-science-park"]["host"] == "sciontec"
    assert "since 2020" in data.ORGANISATIONS["sciontec"]["description"]


def test_cpi_has_a_liverpool_base_and_its_formulation_centre_at_netpark():
    cpi = RECORDS["centre-for-process-innovation"]
    assert "Liverpool Science Park" in cpi["description"]
    assert "NETPark, Sedgefield" in cpi["description"]


def test_royce_names_liverpool_as_founding_partner_and_the_mif_as_host():
    royce = RECORDS["henry-royce-institute"]
    assert "founding partner" in royce["summary"]
    assert "Materials Innovation Factory hosts Royce equipment" in royce["summary"]


def test_ceidr_is_a_partnership_with_containment_level_3_labs():
    ceidr = RECORDS["ceidr"]
    assert "partnership" in ceidr["summary"] and "2017" in ceidr["summary"]
    assert "Containment Level 3" in ceidr["summary"]
    assert "Category III" not in ceidr["capabilities"]


def test_the_missing_assets_and_hosts_are_added():
    for slug in [
        "liverpool-life-sciences-accelerator",
        "stephenson-institute-for-renewable-energy",
        "alder-hey-innovation-hub",
        "centre-for-materials-discovery",
        "pandemic-institute",
    ]:
        assert slug in RECORDS
    assert {"liverpool-john-moores-university", "sciontec"} <= set(data.ORGANISATIONS)


def test_the_region_box_holds_the_region_and_not_manchester():
    assert in_region(53.4084, -2.9916)  # Liverpool
    assert in_region(53.3441, -2.6412)  # Daresbury
    assert not in_region(53.4685, -2.2330)  # Manchester
    assert REGION_BBOX["south"] < REGION_BBOX["north"]
