import copy
import json
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from accounts.models import Organisation
from accounts.tests.factories import UserFactory
from assets.models import Asset
from opportunities.models import Opportunity
from portal import lcr_dataset
from portal.models import FocalArea, Keyword

pytestmark = pytest.mark.django_db


def snapshot():
    """Every seeded row with its last change time, to prove a re-run changes nothing."""
    return {
        "organisations": sorted(Organisation.objects.values_list("slug", "updated_at")),
        "assets": sorted(Asset.objects.values_list("slug", "updated_at")),
        "opportunities": sorted(Opportunity.objects.values_list("slug", "updated_at")),
        "keywords": Keyword.objects.count(),
        "asset_links": sorted(
            Asset.objects.values_list("slug", "focal_areas", "access_models", "capabilities")
        ),
    }


def test_loads_at_least_fifteen_complete_published_assets():
    call_command("seed_lcr")

    assets = Asset.objects.prefetch_related("focal_areas", "access_models")
    assert assets.published().count() >= 15
    for asset in assets:
        # Records no current source confirms are archived or left as drafts.
        assert asset.status in Asset.Status.values
        assert asset.kind and asset.host_id and asset.summary and asset.town, asset.slug
        assert asset.source_url and asset.last_verified and asset.price_basis, asset.slug
        assert asset.eligibility and asset.first_step and asset.operating_status, asset.slug
        assert asset.latitude is not None and asset.longitude is not None, asset.slug
        assert asset.focal_areas.exists(), asset.slug
        assert asset.access_models.exists(), asset.slug


def test_loads_the_named_facilities_with_their_hosts():
    call_command("seed_lcr")

    mif = Asset.objects.get(slug="materials-innovation-factory")
    assert mif.host.name == "University of Liverpool"
    assert set(mif.focal_areas.values_list("slug", flat=True)) == {"materials-chemistry"}
    hartree = Asset.objects.get(slug="hartree-centre")
    assert hartree.parent.slug == "sci-tech-daresbury"
    # Its free SME support is run by hubs elsewhere for their own regions (issue 15).
    assert "free-sme-support" not in hartree.access_models.values_list("slug", flat=True)
    assert Asset.objects.get(slug="lite").parent.host.slug == "lstm"
    assert Asset.objects.filter(featured=True).count() >= 3


def test_running_twice_changes_nothing():
    call_command("seed_lcr", "--demo")
    before = snapshot()

    call_command("seed_lcr", "--demo")

    assert snapshot() == before


def test_demo_data_is_only_added_with_the_flag_and_is_marked():
    call_command("seed_lcr")
    assert not Organisation.objects.filter(is_demo=True).exists()
    assert not Opportunity.objects.exists()

    call_command("seed_lcr", "--demo")

    assert Organisation.objects.filter(is_demo=True).count() >= 3
    assert Opportunity.objects.count() >= 5
    assert not Opportunity.objects.filter(is_demo=False).exists()
    assert all("(demo)" in org.name for org in Organisation.objects.filter(is_demo=True))


def seed(*args):
    out = StringIO()
    call_command("seed_lcr", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def dataset(monkeypatch):
    """A private copy of the dataset's assets that a test may change, as a new release
    of portal/lcr_dataset.py would."""
    records = copy.deepcopy(lcr_dataset.ASSETS)
    monkeypatch.setattr(lcr_dataset, "ASSETS", records)
    return {record["slug"]: record for record in records}


def test_running_twice_with_the_refresh_areas_changes_nothing():
    seed("--refresh-areas")
    before = snapshot()

    assert "0 record(s) created or changed" in seed("--refresh-areas")
    assert snapshot() == before


def test_a_new_release_updates_records_in_place(dataset):
    seed()
    mif = Asset.objects.get(slug="materials-innovation-factory")
    dataset["materials-innovation-factory"]["summary"] = "A corrected summary."
    dataset["materials-innovation-factory"]["access_models"] = ["open-access"]

    output = seed()

    mif.refresh_from_db()
    assert mif.summary == "A corrected summary."
    assert list(mif.access_models.values_list("slug", flat=True)) == ["open-access"]
    assert "1 record(s) created or changed" in output
    assert Asset.objects.filter(slug="materials-innovation-factory").count() == 1


def test_a_curators_edits_survive_a_new_release_and_are_reported(dataset):
    seed()
    lite = Asset.objects.get(slug="lite")
    lite.summary = "Curator's own wording, agreed with LITE."
    lite.status = Asset.Status.ARCHIVED
    lite.save()
    lite.capabilities.set(Keyword.objects.from_text("mosquito testing"))
    dataset["lite"]["summary"] = "The dataset's new wording."
    dataset["lite"]["eligibility"] = "New eligibility from the dataset."

    output = seed()

    lite.refresh_from_db()
    assert lite.summary == "Curator's own wording, agreed with LITE."
    assert lite.status == Asset.Status.ARCHIVED
    assert list(lite.capabilities.values_list("name", flat=True)) == ["mosquito testing"]
    assert lite.eligibility == "New eligibility from the dataset."  # not edited: updated
    assert "Kept a curator's edits to lite: summary, status, capabilities." in output

    # And the next run keeps them still, changing nothing.
    before = snapshot()
    assert "0 record(s) created or changed" in seed()
    assert snapshot() == before


def test_a_record_seeded_before_values_were_kept_is_updated_unless_a_curator_edited_it():
    seed()
    # Two records as an older seed_lcr left them: no seeded values, old wording.
    Asset.objects.filter(slug__in=["bodc", "psmsl"]).update(
        seeded_values={}, summary="Old wording."
    )
    curator = UserFactory(is_staff=True)
    LogEntry.objects.create(
        user=curator,
        content_type=ContentType.objects.get_for_model(Asset),
        object_id=str(Asset.objects.get(slug="psmsl").pk),
        object_repr="Permanent Service for Mean Sea Level",
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Summary"]}}]),
    )

    output = seed()

    assert Asset.objects.get(slug="bodc").summary != "Old wording."
    assert Asset.objects.get(slug="bodc").seeded_values["summary"]
    assert Asset.objects.get(slug="psmsl").summary == "Old wording."
    assert "Left psmsl alone" in output


def test_refresh_areas_are_added_only_when_switched_on_and_then_kept():
    seed()
    refresh = [slug for slug, _name, _summary in lcr_dataset.REFRESH_FOCAL_AREAS]
    assert set(FocalArea.objects.values_list("slug", flat=True)) == {
        "materials-chemistry",
        "infection",
        "hpc-cognitive-computing",
    }

    seed("--refresh-areas")

    assert FocalArea.objects.filter(slug__in=refresh).count() == 3
    lite = Asset.objects.get(slug="lite")
    assert "infection-prevention-control" in lite.focal_areas.values_list("slug", flat=True)

    before = snapshot()
    seed()  # a later run without the flag keeps what a curator switched on
    assert snapshot() == before
