import pytest
from django.core.management import call_command

from accounts.models import Organisation
from assets.models import Asset
from opportunities.models import Opportunity
from portal.models import Keyword

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
    assert assets.count() >= 15
    for asset in assets:
        assert asset.status == Asset.Status.PUBLISHED
        assert asset.kind and asset.host_id and asset.summary and asset.town, asset.slug
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
    assert "free-sme-support" in hartree.access_models.values_list("slug", flat=True)
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
