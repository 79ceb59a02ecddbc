"""Matching that understands what businesses write (issue 14): stems, the thesaurus,
text candidates, term weights, both sides fresh and feedback that teaches."""

import dataclasses
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory
from assets.models import Asset
from assets.tests.factories import AssetFactory
from matching import engine as matching
from matching import services as match_services
from matching import tasks, text
from matching.models import Match, MatchFeedback, TermWeight, ThesaurusSet
from matching.tests.relevance_labels import PROBES, REWORDED_PROBES
from matching.thesaurus import Set, Thesaurus, seed_sets
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.models import FocalArea, Keyword

pytestmark = pytest.mark.django_db


def keywords(names):
    return Keyword.objects.from_text(names)


def request(title, summary="", keyword_names="", **fields):
    opportunity = OpportunityFactory(
        title=title, summary=summary, kind=Opportunity.Kind.PARTNER_SEARCH, **fields
    )
    opportunity.keywords.set(keywords(keyword_names))
    return opportunity


def organisation(name, description="", capabilities=""):
    found = OrganisationFactory(name=name, description=description, town="Wigan")
    found.capabilities.set(keywords(capabilities))
    return found


def suggested(opportunity, kind="organisation"):
    return {s.candidate.name: s for s in match_services.opportunity_suggestions(opportunity)[kind]}


# --- Pure parts ----------------------------------------------------------------------


def test_words_drop_stop_words_and_generic_business_verbs():
    assert text.words("We need help to run and take toxicology studies, looking for 3D") == [
        "toxicology",
        "studies",
        "3d",
    ]


def test_stems_meet_and_reasons_get_the_real_word_back():
    assert text.stem("infections") == text.stem("infection")
    surface = text.surface_words("Infection studies: infections in hospital infection wards")
    assert surface[text.stem("infection")] == "infection"
    assert "infect" not in surface.values()


def test_negated_sentences_are_not_read_as_offers():
    assert "prototyping" not in text.affirmed(
        "A tech hub. The former prototyping equipment is not confirmed as available."
    )


def test_term_weights_make_rare_words_weigh_more():
    documents = [["glass", "furnace"], ["glass"], ["glass", "vaccines"]]
    weights = text.term_weights(documents)
    assert weights[text.stem("furnace")] > weights["glass"]
    assert weights == text.term_weights(documents)


def test_everyday_words_weigh_less_than_a_trades_words_as_rare_here():
    # "million" and "effluent" are each on one record of three, but only one of them
    # says what a business does.
    weights = text.term_weights([["million", "site"], ["effluent", "site"], ["site"]])
    assert weights[text.stem("effluent")] > 2 * weights[text.stem("million")]
    assert text.specificity("effluent") == 1.0
    assert text.specificity("million") < text.specificity("customer") < 1.0
    assert text.specificity("the") == text.EVERYDAY_LEAST


def test_contractions_and_place_names_are_not_words_to_match_on():
    assert text.words("We've got Wirral sites; they're not what we'd want. Don't ask.") == [
        "sites",
        "ask",
    ]


def test_thesaurus_relates_synonyms_and_broader_terms_but_not_siblings():
    thesaurus = Thesaurus(
        [
            Set(1, ("additive manufacturing", "3d printing")),
            Set(2, ("vector control", "bed nets", "insecticides"), hierarchical=True),
        ]
    )
    mine = thesaurus.find("We need additive manufacturing")
    theirs = thesaurus.find("3D printed parts and 3D printing")
    assert thesaurus.related(mine, theirs) == [(1.0, "additive manufacturing", "3d printing")]
    broader = thesaurus.related(thesaurus.find("vector control"), thesaurus.find("bed nets"))
    assert broader and broader[0][0] < 1.0
    assert thesaurus.related(thesaurus.find("bed nets"), thesaurus.find("insecticides")) == []


def test_the_seed_thesaurus_has_a_few_hundred_sets():
    assert ThesaurusSet.objects.count() >= 200  # seeded by a data migration


def test_a_keyword_within_another_counts_but_a_modifier_alone_does_not():
    vocab = matching.Vocabulary(
        keyword_names={1: "toxicology studies", 2: "toxicology", 3: "3D printing", 4: "printing"},
        term_weights={"toxicolog": 3.0, "studi": 0.8, "3d": 3.0, "print": 3.0},
    )
    need = matching.Candidate(key=("opportunity", 1), seeks=frozenset({1, 3}))
    lab = matching.Candidate(key=("organisation", 1), offers=frozenset({2}))
    shop = matching.Candidate(key=("organisation", 2), offers=frozenset({4}))

    assert matching.score(need, lab, vocab).reasons == ("they offer what you need: toxicology",)
    assert matching.score(need, shop, vocab).score == 0


# --- With the database ---------------------------------------------------------------

BACKGROUND = [
    "Bakery and cafe",
    "Solicitors for families",
    "Car repairs and MOT tests",
    "Web design studio",
    "Wedding photography",
    "Plumbing and heating engineers",
    "Accountants for small firms",
    "Hair and beauty salon",
    "Taxi firm",
    "Dog grooming",
    "Florist",
    "Removals and storage",
    "Recruitment agency",
    "Printing shop",
    "Estate agents",
    "Fitness gym",
    "Music school",
    "Driving school",
    "Joinery workshop",
    "Travel agency",
]


@pytest.fixture(autouse=True)
def directory(db):
    """A directory of everyday businesses, so rare words are rare as in real life."""
    Organisation.objects.bulk_create(
        Organisation(name=name, slug=f"background-{i}", kind="sme", description=name)
        for i, name in enumerate(BACKGROUND)
    )


def test_a_request_meets_an_organisation_through_the_thesaurus_with_a_reason():
    printers = organisation("Layer Labs", "Short runs of parts.", "3D printing")
    need = request(
        "Enclosures for a meter", "Small batches of enclosures.", "additive manufacturing"
    )

    found = suggested(need)

    assert printers.name in found
    assert "you asked for additive manufacturing; they offer 3D printing" in (
        found[printers.name].reasons
    )


def test_an_opportunity_without_keywords_gets_suggestions_from_its_text():
    treaters = organisation(
        "Clearwater Process", "Industrial wastewater treatment plants.", "water treatment"
    )
    need = request("Cleaning our effluent", "Our dye works must treat its effluent on site.")

    assert need.keywords.count() == 0
    assert treaters.name in suggested(need)


def test_keywords_meet_word_by_word_and_by_stem():
    chemists = organisation("Flowline", "Continuous chemistry.", "flow chemistry")
    need = request("A reactor", "", "flow chemistry reactor")

    assert "they offer what you need: flow chemistry" in suggested(need)[chemists.name].reasons


def test_a_curators_thesaurus_set_is_used_at_once():
    glaziers = organisation("Pane Ltd", "Our smart windows dim on demand.", "smart windows")
    need = request("Electrochromic glazing", "Glazing for an office block.", "electrochromic")
    assert glaziers.name not in suggested(need)

    ThesaurusSet.objects.create(phrases="electrochromic glazing\nsmart windows")

    assert glaziers.name in suggested(need)


def test_term_weights_are_recomputed_idempotently_by_the_beat_task():
    organisation("Furnace Co", "Glass furnace trials.", "glass melting")
    organisation("Glassy", "Glass bottles.", "glass")

    tasks.refresh_term_weights()
    first = dict(TermWeight.objects.values_list("term", "weight"))
    tasks.refresh_term_weights()

    assert dict(TermWeight.objects.values_list("term", "weight")) == first
    assert first[text.stem("furnace")] > first[text.stem("glass")]


def test_term_weights_kept_in_the_process_are_read_again_when_recomputed():
    TermWeight.objects.bulk_create([TermWeight(term="glass", weight=1.0)])
    assert match_services.term_weights({"glass"}) == {"glass": 1.0}
    # Recomputed by another process (the beat task's worker): new rows, a new version.
    TermWeight.objects.all().delete()
    TermWeight.objects.bulk_create([TermWeight(term="glass", weight=2.5)])

    assert match_services.term_weights({"glass"}) == {"glass": 2.5}
    # And by this one.
    organisation("Furnace Co", "Glass furnace trials.", "glass melting")
    organisation("Glassy", "Glass bottles.", "glass")
    tasks.refresh_term_weights()
    weights = dict(TermWeight.objects.values_list("term", "weight"))
    assert match_services.term_weights({"glass", "furnac"}) == {
        "glass": weights["glass"],
        "furnac": weights["furnac"],
    }


def test_reasons_show_real_words_never_stems_or_stop_words():
    """Every word in every reason, on the LCR+ data and all probes, is a word someone
    wrote (a record, a keyword, a focal area, a thesaurus phrase) or the reason's own
    wording; no listed word is a stop-word."""
    call_command("seed_lcr", "--demo")
    poster = OrganisationFactory(name="Probe Ltd")
    for probe in PROBES + REWORDED_PROBES:
        opportunity = Opportunity.objects.create(
            title=probe["title"],
            kind=probe["kind"],
            organisation=poster,
            summary=probe["summary"],
            status=Opportunity.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        opportunity.focal_areas.set(FocalArea.objects.filter(slug__in=probe["focal_areas"]))
        opportunity.keywords.set(keywords(probe["keywords"]))
        match_services.opportunity_match(opportunity=opportunity)

    texts = [
        *Opportunity.objects.values_list("title", "summary", "description"),
        *Organisation.objects.values_list("name", "description", "town"),
        *Asset.objects.values_list("name", "summary", "description", "town"),
        *Keyword.objects.values_list("name"),
        *FocalArea.objects.values_list("name"),
        *ThesaurusSet.objects.values_list("phrases"),
        (
            "shared focal area areas they offer what you need they need what you offer "
            "shared capabilities similar wording you asked for they work on also in "
            "posted in the last 30 days they run which fits it fits which you run",
        ),
    ]
    written = " ".join(" ".join(row) for row in texts).lower()
    real = set(re.findall(r"[a-z0-9]+", written))
    reasons = [r for m in Match.objects.all() for r in m.reasons + m.target_reasons]
    assert len(reasons) > 50
    for reason in reasons:
        for word in re.findall(r"[a-z0-9]+", reason.lower()):
            assert word in real, (word, reason)
        if reason.startswith("similar wording: "):
            for word in reason.removeprefix("similar wording: ").split(", "):
                assert word.lower() not in text.STOPWORDS, reason


def test_a_new_request_reaches_the_offer_posted_before_it_and_the_other_way():
    offer = OpportunityFactory(
        title="Toxicology studies for start-ups",
        summary="We run GLP toxicology studies on new compounds.",
        kind=Opportunity.Kind.CAPABILITY_OFFER,
    )
    offer.keywords.set(keywords("toxicology"))
    tasks.match_opportunity(offer.pk)
    need = request("Safety assessment of a gel", "Toxicology data for a wound gel.", "toxicology")

    tasks.match_opportunity(need.pk)

    assert Match.objects.filter(opportunity=need, target_opportunity=offer).exists()
    assert Match.objects.filter(opportunity=offer, target_opportunity=need).exists()


def test_wording_alone_outside_the_needs_focal_areas_counts_less():
    words = {"recruit": 3.0, "volunt": 3.0, "nasal": 3.0}
    vocab = matching.Vocabulary(term_weights=words, focal_area_names={1: "Infection"})
    recruiters = matching.Candidate(key=("organisation", 2), terms=frozenset(words))
    need = matching.Candidate(key=("opportunity", 1), terms=frozenset(words), is_request=True)
    unfocused_need = matching.score(need, recruiters, vocab).score
    focused_need = dataclasses.replace(need, focal_areas=frozenset({1}))

    # A recruitment agency's "volunteers" may be what a need without focal areas means...
    assert unfocused_need >= matching.THRESHOLD
    # ... but not what an infection study means, unless the agency works on infection.
    assert matching.score(focused_need, recruiters, vocab).score < matching.THRESHOLD
    in_infection = dataclasses.replace(recruiters, focal_areas=frozenset({1}))
    assert matching.score(focused_need, in_infection, vocab).score > unfocused_need


def test_an_offer_is_suggested_the_facilities_that_could_serve_it():
    plant = AssetFactory(
        name="Household Pilot Plant",
        summary="A pilot plant for trialling detergent and washing-up liquid at factory scale.",
        capabilities="pilot plant, detergents",
    )
    offer = OpportunityFactory(
        title="A plant-based detergent ingredient to trial",
        summary="Our rapeseed surfactant cleans like the petrochemical ones; we want a pilot "
        "plant to trial it in laundry detergent.",
        kind=Opportunity.Kind.CAPABILITY_OFFER,
    )
    offer.keywords.set(keywords("detergents"))

    assert plant.name in suggested(offer, "asset")
    match_services.opportunity_match(opportunity=offer)
    assert Match.objects.filter(opportunity=offer, target_asset=plant).exists()
    # And an offer posted before the facility changed is found from the facility's side.
    Match.objects.filter(opportunity=offer).delete()
    match_services.asset_rematch(asset=plant)
    assert Match.objects.filter(opportunity=offer, target_asset=plant).exists()


def test_a_new_organisation_is_matched_to_the_open_opportunities_it_fits():
    need = request("Cleaning our effluent", "Our dye works must treat its effluent on site.")
    match_services.opportunity_match(opportunity=need)
    assert not Match.objects.filter(opportunity=need).exists()

    treaters = organisation(
        "Clearwater Process", "Industrial wastewater treatment plants.", "water treatment"
    )
    match_services.organisation_rematch(organisation=treaters)

    assert Match.objects.filter(opportunity=need, target_organisation=treaters).exists()


def _pair(title, capability_org, need_keyword):
    org = organisation(f"{title} Co", "", capability_org)
    need = request(title, "", need_keyword)
    return org, need


def test_feedback_adjusts_similar_pairs_and_is_capped():
    first_org, first_need = _pair("Toxicology one", "toxicology", "toxicology")
    second_org, second_need = _pair("Toxicology two", "toxicology", "toxicology")
    match_services.opportunity_match(opportunity=first_need)
    before = suggested(second_need)[second_org.name].score
    match = Match.objects.get(opportunity=first_need, target_organisation=first_org)

    match_services.match_feedback_give(
        match=match, user=member_of(), verdict=MatchFeedback.Verdict.USEFUL
    )
    raised = suggested(second_need)[second_org.name].score
    assert raised > before

    # One "not relevant" lowers the similar pair but cannot bury it.
    match_services.match_feedback_give(
        match=match, user=member_of(), verdict=MatchFeedback.Verdict.NOT_RELEVANT
    )
    lowered = suggested(second_need)[second_org.name].score
    assert lowered < raised

    # However many clicks, what is learnt per feature and per score is capped.
    for _ in range(10):
        match_services.match_feedback_give(
            match=match, user=member_of(), verdict=MatchFeedback.Verdict.NOT_RELEVANT
        )
    learnt = match_services.feedback_adjustments()
    assert learnt and min(learnt.values()) >= -matching.FEEDBACK_CAP
    assert sum(learnt.get(f, 0) for f in match.features) < 0
    after = suggested(second_need).get(second_org.name)
    assert after is None or after.score >= before - matching.FEEDBACK_CAP - 1e-6


def test_the_keyword_field_suggests_keywords_and_thesaurus_terms_as_you_type(client):
    keywords("additive layer methods")

    response = client.get("/keywords/suggestions/", {"keywords": "coatings, addit"})

    options = re.findall(r'<option value="([^"]*)"', response.content.decode())
    assert options[0] == "coatings, additive layer methods"  # an existing keyword first
    assert "coatings, additive manufacturing" in options  # then the thesaurus
    assert client.get("/keywords/suggestions/", {"keywords": "a"}).content.strip() == b""


def test_the_posting_form_offers_the_suggestions_as_a_native_combobox():
    from opportunities.forms import OpportunityForm

    html = OpportunityForm.base_fields["keywords"].widget.render("keywords", "")
    assert 'list="keyword-suggestions"' in html
    assert 'hx-get="/keywords/suggestions/"' in html


def test_the_seed_update_retires_untouched_old_sets_and_keeps_curators_work():
    from importlib import import_module

    from django.apps import apps

    update = import_module("matching.migrations.0006_thesaurus_business_language")
    old_phrases, old_broader = update.RETIRED[0]
    ThesaurusSet.objects.all().delete()
    untouched = ThesaurusSet.objects.create(
        phrases="\n".join(old_phrases), broader_first=old_broader
    )
    edited = ThesaurusSet.objects.create(
        phrases="\n".join([*old_phrases, "a curator's phrase"]), broader_first=old_broader
    )
    own = ThesaurusSet.objects.create(phrases="smart windows\nelectrochromic glazing")

    update.update_seed(apps, None)
    update.update_seed(apps, None)  # safe to run twice

    assert not ThesaurusSet.objects.filter(pk=untouched.pk).exists()
    assert ThesaurusSet.objects.filter(pk__in=[edited.pk, own.pk]).count() == 2
    seeded = {(tuple(s.phrase_list()), s.broader_first) for s in ThesaurusSet.objects.all()}
    assert all((tuple(p), h) in seeded for p, h in seed_sets())
    assert ThesaurusSet.objects.count() == len(seed_sets()) + 2


def test_texts_are_looked_up_by_words_some_record_has_and_by_the_needs_own_phrases():
    thesaurus = Thesaurus([Set(1, ("air cleaning", "air purifiers"))])
    stems = {text.stem(w): w for w in ("honestly", "outbreak", "air", "cleaning")}
    source = matching.Candidate(
        key=("opportunity", 1),
        terms=frozenset(stems),
        words=stems,
        concepts=thesaurus.find("Air cleaning for our care homes"),
    )
    vocab = matching.Vocabulary(
        thesaurus=thesaurus,
        term_weights={s: 3.0 for s in stems},
        # "honestly" is on no record: looking it up would find nothing.
        counted_terms={s: 3.0 for s in stems if s != text.stem("honestly")},
    )

    query = match_services._text_query(source, vocab)

    looked_up = " ".join(query) if isinstance(query, list) else query
    assert "outbreak" in looked_up and "honestly" not in looked_up
    # Its own phrase as well as its relatives: a record may say "air cleaning" too.
    assert re.search(r"air( <-> |\s)cleaning", looked_up)
    assert re.search(r"air( <-> |\s)purifiers", looked_up)
