"""Relevance of matching on the LCR+ dataset, against labels written before tuning."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory
from matching.services import opportunity_suggestions
from matching.tests.relevance_labels import PROBES
from opportunities.models import Opportunity
from portal.models import FocalArea, Keyword

pytestmark = pytest.mark.django_db

TOP = 5


@pytest.fixture
def suggestions():
    """Suggested asset and organisation slugs for every probe, best first."""
    call_command("seed_lcr", "--demo")
    poster = OrganisationFactory(name="Probe Ltd", town="Chester")
    found = []
    for probe in PROBES:
        opportunity = Opportunity.objects.create(
            title=probe["title"],
            kind=probe["kind"],
            organisation=poster,
            summary=probe["summary"],
            status=Opportunity.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        opportunity.focal_areas.set(FocalArea.objects.filter(slug__in=probe["focal_areas"]))
        opportunity.keywords.set(Keyword.objects.from_text(probe["keywords"]))
        results = opportunity_suggestions(opportunity)
        found.append(
            (
                probe,
                [s.candidate.name for s in results["asset"]],
                [s.candidate.name for s in results["organisation"]],
                results,
            )
        )
    return found


def slugs(model, names):
    return [model.objects.get(name=name).slug for name in names]


def precision_at(suggested, relevant, k=TOP):
    top = suggested[:k]
    return sum(1 for slug in top if slug in relevant) / len(top) if top else 0.0


def test_asset_suggestions_have_precision_at_5_of_at_least_0_8(suggestions):
    from assets.models import Asset

    scores = []
    for probe, assets, _, _ in suggestions:
        if probe["assets"] is None:
            assert assets == []
            continue
        suggested = slugs(Asset, assets)
        scores.append(precision_at(suggested, set(probe["assets"])))
        assert not set(suggested) & set(probe["not_assets"]), probe["title"]
    mean = sum(scores) / len(scores)
    print(f"asset precision@{TOP}: {mean:.2f} over {len(scores)} probes")
    assert mean >= 0.8


def test_organisation_suggestions_have_precision_at_5_of_at_least_0_8(suggestions):
    from accounts.models import Organisation

    scores = []
    for probe, _, organisations, _ in suggestions:
        suggested = slugs(Organisation, organisations)
        scores.append(precision_at(suggested, set(probe["organisations"])))
        assert not set(suggested) & set(probe["not_organisations"]), probe["title"]
    mean = sum(scores) / len(scores)
    print(f"organisation precision@{TOP}: {mean:.2f} over {len(scores)} probes")
    assert mean >= 0.8


def test_every_suggestion_explains_itself(suggestions):
    for _, _, _, results in suggestions:
        for scored in results["asset"] + results["organisation"] + results["opportunity"]:
            assert scored.reasons
            assert any(
                r.startswith(
                    (
                        "they offer",
                        "they need",
                        "shared capabilities",
                        "similar wording",
                        "you asked for",  # the thesaurus (issue 14)
                        "you offer",
                    )
                )
                for r in scored.reasons
            )
