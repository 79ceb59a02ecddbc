"""Relevance on a blind set (issue 14): 50 organisations and 26 needs written by someone
who had not seen the engine, its thesaurus or the other labels (``blind_labels``).

Seeded with the LCR+ dataset only (no demo data). The set's first run, before any change
it prompted, gave organisations P@5 0.43, R@5 0.52, 2 of 26 with no suggestion and 2
with a distractor; facilities P@5 0.39, R@5 0.67, 4 of 20 with none. The engine was
then changed in general ways (everyday words weigh less, the thesaurus rewritten for
business language, offers suggested facilities, stricter thresholds, hosts
fitting through their facilities, texts looked up by words some record has), never for
one of its probes; the thesaurus was written without seeing it. Facility recall (0.65)
is under the 0.7 target here: the floors below are where it stands (a little under, for
SQLite's text look-up), so a change that loses ground fails. See docs/performance.md,
"Matching relevance".
"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from assets.models import Asset
from matching.services import opportunity_suggestions, term_weights_refresh
from matching.tests.blind_labels import BLIND_ORGANISATIONS, BLIND_PROBES
from matching.tests.test_relevance_reworded import TOP, measure
from opportunities.models import Opportunity
from portal.models import FocalArea, Keyword

pytestmark = pytest.mark.django_db


def run_blind_probes():
    call_command("seed_lcr")
    for d in BLIND_ORGANISATIONS:
        organisation = OrganisationFactory(
            name=d["name"], slug=d["slug"], description=d["description"], town="Liverpool"
        )
        organisation.capabilities.set(Keyword.objects.from_text(d["capabilities"]))
        organisation.focal_areas.set(FocalArea.objects.filter(slug__in=d["focal_areas"]))
    poster = OrganisationFactory(name="Probe Ltd", town="Chester")
    term_weights_refresh()
    organisation_slugs = dict(Organisation.objects.values_list("pk", "slug"))
    asset_slugs = dict(Asset.objects.values_list("pk", "slug"))
    distractors = {d["slug"] for d in BLIND_ORGANISATIONS if d.get("distractor")}
    organisations, assets = [], []
    for probe in BLIND_PROBES:
        opportunity = Opportunity.objects.create(
            title=probe["title"],
            kind=probe["kind"],
            organisation=poster,
            summary=probe["summary"],
            description=probe["description"],
            status=Opportunity.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        opportunity.focal_areas.set(FocalArea.objects.filter(slug__in=probe["focal_areas"]))
        opportunity.keywords.set(Keyword.objects.from_text(probe["keywords"]))
        results = opportunity_suggestions(opportunity)
        found = [organisation_slugs[s.candidate.key[1]] for s in results["organisation"]]
        organisations.append((found, set(probe["organisations"]), distractors))
        if probe["assets"]:
            found = [asset_slugs[s.candidate.key[1]] for s in results["asset"]]
            assets.append((found, set(probe["assets"]), set()))
        print(probe["title"])
        for kind in ("organisation", "asset"):
            for s in results[kind][:TOP]:
                print(f"  {kind} {s.candidate.name} {s.score}: {'; '.join(s.reasons)}")
    return measure(organisations), measure(assets)


def test_relevance_on_a_blind_set_does_not_lose_ground():
    organisations, assets = run_blind_probes()
    for name, m in [("organisations", organisations), ("facilities", assets)]:
        print(
            f"{name}: P@5 {m['p']:.2f} R@5 {m['r']:.2f} empty {m['empty']:.2f} "
            f"distractor in top 5 {m['distractor']:.2f} over {m['n']} probes"
        )
    assert organisations["p"] >= 0.72 and organisations["r"] >= 0.7
    assert organisations["empty"] <= 1 / 25 and organisations["distractor"] <= 1 / 25
    assert assets["p"] >= 0.6 and assets["r"] >= 0.6
    assert assets["empty"] <= 3 / 20
