"""Storing matches: idempotent, explained, kept up to date when profiles change."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from assets import services as asset_services
from assets.models import Asset
from assets.tests.factories import AssetFactory
from matching import engine, selectors
from matching import services as match_services
from matching.models import Match, MatchFeedback
from opportunities.models import Opportunity
from opportunities.services import opportunity_update
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea, Keyword

pytestmark = pytest.mark.django_db


def keywords(text):
    return Keyword.objects.from_text(text)


@pytest.fixture
def infection():
    # get_or_create: a transactional test before this one may have flushed the seed rows.
    return FocalArea.objects.get_or_create(slug="infection", defaults={"name": "Infection"})[0]


@pytest.fixture
def request_for_diagnostics(infection):
    opportunity = OpportunityFactory(
        title="Partner for a rapid malaria test",
        kind=Opportunity.Kind.PARTNER_SEARCH,
        summary="We need assay development for a lateral flow test.",
    )
    opportunity.focal_areas.add(infection)
    opportunity.keywords.set(keywords("diagnostics, assay development"))
    return opportunity


@pytest.fixture
def diagnostics_lab(infection):
    organisation = OrganisationFactory(name="Assay Co", town="Liverpool")
    organisation.focal_areas.add(infection)
    organisation.capabilities.set(keywords("assay development, diagnostics, microbiology"))
    return organisation


def test_a_published_request_is_matched_to_organisations_and_assets_with_reasons(
    request_for_diagnostics, diagnostics_lab, infection
):
    lab = AssetFactory(name="Containment lab", host__name="Lab Hosts")
    lab.capabilities.set(keywords("assay development"))
    lab.focal_areas.add(infection)
    unrelated = OrganisationFactory(name="Glass Co")
    unrelated.capabilities.set(keywords("glass melting"))

    created = match_services.opportunity_match(opportunity=request_for_diagnostics)

    assert {(m.target_type, str(m.target)) for m in created} == {
        ("organisation", "Assay Co"),
        ("asset", "Containment lab"),
        # The organisation that runs the lab, through it.
        ("organisation", "Lab Hosts"),
    }
    organisation_match = Match.objects.get(target_organisation=diagnostics_lab)
    assert organisation_match.reasons[0] == "shared focal area: Infection"
    assert organisation_match.reasons[1].startswith("they offer what you need: ")
    assert "assay development" in organisation_match.reasons[1]
    assert organisation_match.target_key == f"organisation:{diagnostics_lab.pk}"
    lab_match = Match.objects.get(target_asset=lab)
    host_match = Match.objects.get(target_organisation=lab.host)
    assert host_match.reasons == ["they run Containment lab, which fits", *lab_match.reasons]
    assert host_match.target_reasons[0] == "it fits Containment lab, which you run"
    assert host_match.score == round(lab_match.score * engine.HOST_SHARE, 3)


def test_a_facilitys_host_is_matched_through_it_from_either_side(
    request_for_diagnostics, infection, django_capture_on_commit_callbacks
):
    lab = AssetFactory(name="Containment lab", host__name="Lab Hosts")
    lab.focal_areas.add(infection)
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    assert not Match.objects.filter(target_organisation=lab.host).exists()

    def changed(asset):  # as a curator's edit has it re-scored, by the tasks
        with django_capture_on_commit_callbacks(execute=True):
            asset_services.assets_rematch(asset_ids=[asset.pk])

    # The lab now offers what the request needs: its host fits through it.
    lab.capabilities.set(keywords("assay development"))
    changed(lab)
    through_lab = Match.objects.get(target_organisation=lab.host)
    assert through_lab.reasons[0] == "they run Containment lab, which fits"
    assert Match.objects.filter(target_asset=lab).exists()

    # The host's own profile changing keeps the fit it has through the lab...
    match_services.organisation_rematch(organisation=lab.host)
    assert Match.objects.get(target_organisation=lab.host).score == through_lab.score
    # ... and the lab's record being archived takes it away.
    lab.status = Asset.Status.ARCHIVED
    lab.save()
    changed(lab)
    assert not Match.objects.filter(target_organisation=lab.host).exists()


def test_matching_twice_changes_nothing(request_for_diagnostics, diagnostics_lab):
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    before = list(Match.objects.values_list("pk", "score", "reasons", "updated_at"))

    assert match_services.opportunity_match(opportunity=request_for_diagnostics) == []

    assert list(Match.objects.values_list("pk", "score", "reasons", "updated_at")) == before


def test_the_poster_is_never_matched_to_its_own_organisation(request_for_diagnostics):
    own = request_for_diagnostics.organisation
    own.capabilities.set(keywords("diagnostics, assay development"))

    match_services.opportunity_match(opportunity=request_for_diagnostics)

    assert not Match.objects.filter(target_organisation=own).exists()


def test_closing_an_opportunity_removes_its_matches(request_for_diagnostics, diagnostics_lab):
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    request_for_diagnostics.status = Opportunity.Status.CLOSED
    request_for_diagnostics.save()

    match_services.opportunity_match(opportunity=request_for_diagnostics)

    assert not Match.objects.exists()


def test_an_offer_is_matched_to_requests_that_need_it_and_back(diagnostics_lab):
    offer = OpportunityFactory(
        title="Assay development service", kind=Opportunity.Kind.CAPABILITY_OFFER
    )
    offer.keywords.set(keywords("assay development"))
    request = OpportunityFactory(title="Need an assay", kind=Opportunity.Kind.PARTNER_SEARCH)
    request.keywords.set(keywords("assay development, clinical trials"))

    match_services.opportunity_match(opportunity=offer)
    match_services.opportunity_match(opportunity=request)

    to_request = Match.objects.get(opportunity=offer, target_opportunity=request)
    assert to_request.reasons[0] == "they need what you offer: assay development"
    back = Match.objects.get(opportunity=request, target_opportunity=offer)
    assert back.reasons[0] == "they offer what you need: assay development"


def test_a_profile_change_rescores_the_organisation(request_for_diagnostics):
    organisation = OrganisationFactory(name="Late Starter")
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    assert not Match.objects.filter(target_organisation=organisation).exists()

    organisation.capabilities.set(keywords("diagnostics, assay development"))
    match_services.organisation_rematch(organisation=organisation)
    assert Match.objects.filter(target_organisation=organisation).exists()

    organisation.capabilities.set(keywords("glass melting"))
    match_services.organisation_rematch(organisation=organisation)
    assert not Match.objects.filter(target_organisation=organisation).exists()


def test_an_asset_change_rescores_it(request_for_diagnostics):
    asset = AssetFactory(name="New lab")
    asset.capabilities.set(keywords("assay development, diagnostics"))

    match_services.asset_rematch(asset=asset)

    assert Match.objects.filter(target_asset=asset).exists()
    asset.status = "archived"
    asset.save()
    match_services.asset_rematch(asset=asset)
    assert not Match.objects.filter(target_asset=asset).exists()


def test_not_relevant_hides_the_match_and_survives_recomputation(
    request_for_diagnostics, diagnostics_lab
):
    member = MembershipFactory(organisation=diagnostics_lab).user
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    match = Match.objects.get(target_organisation=diagnostics_lab)
    assert list(selectors.recommended_for(member)) == [match]

    match_services.match_feedback_give(
        match=match, user=member, verdict=MatchFeedback.Verdict.NOT_RELEVANT
    )
    Match.objects.all().delete()
    match_services.opportunity_match(opportunity=request_for_diagnostics)

    assert list(selectors.recommended_for(member)) == []
    feedback = MatchFeedback.objects.get()
    assert feedback.reasons and feedback.score > 0
    other_member = MembershipFactory(organisation=diagnostics_lab, role="member").user
    assert len(selectors.recommended_for(other_member)) == 1


def test_editing_a_published_opportunity_recomputes_its_matches_after_commit(
    diagnostics_lab, settings, django_capture_on_commit_callbacks
):
    settings.OPPORTUNITIES_EDITS_NEED_REVIEW = False
    opportunity = OpportunityFactory(title="Need diagnostics", kind="partner_search")
    poster = MembershipFactory(organisation=opportunity.organisation).user
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_update(
            opportunity=opportunity, by=poster, keywords="diagnostics, assay development"
        )
        assert not Match.objects.exists()  # not before the commit

    assert Match.objects.filter(opportunity=opportunity, target_organisation=diagnostics_lab)


def test_rebuild_command_recomputes_everything(request_for_diagnostics, diagnostics_lab):
    call_command("rebuild_matches")
    assert Match.objects.filter(target_organisation=diagnostics_lab).exists()


def test_feedback_is_post_only_and_limited_to_your_own_matches(
    client, request_for_diagnostics, diagnostics_lab
):
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    match = Match.objects.get(target_organisation=diagnostics_lab)
    url = f"/matches/{match.pk}/feedback/"
    outsider = UserFactory()
    client.force_login(outsider)
    assert client.post(url, {"verdict": "useful"}).status_code == 404

    member = MembershipFactory(organisation=diagnostics_lab).user
    client.force_login(member)
    assert client.get(url).status_code == 405
    assert client.post(url, {"verdict": "nonsense"}).status_code == 400
    response = client.post(url, {"verdict": "not_relevant"})
    assert response.status_code == 302
    assert MatchFeedback.objects.get(user=member).verdict == "not_relevant"


@pytest.fixture
def matched_member(request_for_diagnostics, diagnostics_lab):
    """A member of the diagnostics lab, whose organisation has one new match."""
    member = MembershipFactory(organisation=diagnostics_lab).user
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    return member


@pytest.mark.parametrize("frequency", ["immediate", "daily", "weekly"])
def test_alerts_go_once_per_period_to_members_who_want_them(
    matched_member, frequency, mailoutbox, django_capture_on_commit_callbacks
):
    matched_member.match_alerts = frequency
    matched_member.save()
    other = {"immediate": "weekly", "daily": "weekly", "weekly": "daily"}[frequency]

    with django_capture_on_commit_callbacks(execute=True):
        assert match_services.match_alerts_send(frequency=other) == 0
        assert match_services.match_alerts_send(frequency=frequency) == 1
        assert match_services.match_alerts_send(frequency=frequency) == 0

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [matched_member.email]
    assert "Partner for a rapid malaria test" in message.body
    # The member's organisation is the one offering: reasons read from its side.
    assert "they need what you offer" in message.body
    assert "Partner for a rapid malaria test" in message.alternatives[0][0]


def test_one_email_lists_every_new_match(
    matched_member, diagnostics_lab, mailoutbox, django_capture_on_commit_callbacks
):
    second = OpportunityFactory(title="Second request", kind=Opportunity.Kind.CHALLENGE)
    second.keywords.set(keywords("diagnostics, assay development"))
    match_services.opportunity_match(opportunity=second)
    matched_member.match_alerts = "daily"
    matched_member.save()

    with django_capture_on_commit_callbacks(execute=True):
        match_services.match_alerts_send(frequency="daily")

    assert len(mailoutbox) == 1
    assert "2 new matches" in mailoutbox[0].subject
    assert "Second request" in mailoutbox[0].body


def test_no_alerts_when_off_or_when_dismissed(matched_member, mailoutbox):
    matched_member.match_alerts = "off"
    matched_member.save()
    assert match_services.match_alerts_send(frequency="off") == 0
    assert match_services.match_alerts_send(frequency="daily") == 0
    assert not mailoutbox

    matched_member.match_alerts = "daily"
    matched_member.save()
    match = Match.objects.get(target_organisation__memberships__user=matched_member)
    match_services.match_feedback_give(match=match, user=matched_member, verdict="not_relevant")

    assert match_services.match_alerts_send(frequency="daily") == 0


def test_a_recomputed_match_is_not_alerted_twice(matched_member, request_for_diagnostics):
    matched_member.match_alerts = "daily"
    matched_member.save()
    assert match_services.match_alerts_send(frequency="daily") == 1

    Match.objects.all().delete()
    match_services.opportunity_match(opportunity=request_for_diagnostics)

    assert match_services.match_alerts_send(frequency="daily") == 0


def test_dashboard_shows_recommendations_with_reasons_in_constant_queries(
    client, matched_member, django_assert_max_num_queries, infection
):
    for n in range(5):
        extra = OpportunityFactory(title=f"Extra request {n}")
        extra.keywords.set(keywords("diagnostics, assay development"))
        extra.focal_areas.add(infection)
        match_services.opportunity_match(opportunity=extra)
    client.force_login(matched_member)

    with django_assert_max_num_queries(12):
        response = client.get("/dashboard/")

    html = response.content.decode()
    assert "Recommended for you" in html
    assert "Partner for a rapid malaria test" in html and "Extra request 4" in html
    assert "they need what you offer" in html  # written for the reader's organisation
    assert 'name="verdict" value="not_relevant"' in html


def test_an_anonymous_posters_town_never_appears_in_reasons(diagnostics_lab, infection):
    anonymous = OpportunityFactory(
        title="Quiet request",
        is_anonymous=True,
        organisation=OrganisationFactory(town="Liverpool"),
    )
    anonymous.keywords.set(keywords("diagnostics, assay development"))

    match_services.opportunity_match(opportunity=anonymous)

    match = Match.objects.get(target_organisation=diagnostics_lab)
    assert not any("Liverpool" in r for r in match.reasons + match.target_reasons)


def test_rescoring_an_organisation_agrees_with_matching_the_request(request_for_diagnostics):
    # A competitor that seeks the same thing offers nothing to this request.
    competitor = OrganisationFactory(name="Competitor")
    their_request = OpportunityFactory(organisation=competitor, kind="partner_search")
    their_request.keywords.set(keywords("diagnostics, assay development"))

    match_services.opportunity_match(opportunity=request_for_diagnostics)
    from_request = set(Match.objects.filter(target_organisation=competitor))
    match_services.organisation_rematch(organisation=competitor)

    assert (
        from_request
        == set()
        == set(
            Match.objects.filter(
                opportunity=request_for_diagnostics, target_organisation=competitor
            )
        )
    )


def test_rescoring_keeps_each_opportunitys_list_within_its_limit(request_for_diagnostics):
    limit = match_services.LIMITS["organisation"]
    strong = []
    for n in range(limit):
        organisation = OrganisationFactory(name=f"Strong {n}")
        organisation.capabilities.set(keywords("diagnostics, assay development"))
        strong.append(organisation)
    match_services.opportunity_match(opportunity=request_for_diagnostics)
    weaker = OrganisationFactory(name="Weaker")
    weaker.capabilities.set(keywords("diagnostics"))

    match_services.organisation_rematch(organisation=weaker)

    assert request_for_diagnostics.matches.filter(target_type="organisation").count() == limit


def test_expired_opportunities_lose_their_matches(
    request_for_diagnostics, diagnostics_lab, django_capture_on_commit_callbacks
):
    from opportunities.services import opportunity_expire_due

    match_services.opportunity_match(opportunity=request_for_diagnostics)
    request_for_diagnostics.deadline = timezone.now() - timezone.timedelta(days=1)
    request_for_diagnostics.save()

    assert selectors.opportunity_page_matches(
        request_for_diagnostics, UserFactory(), is_member=False
    ) == {"assets": [], "opportunities": [], "organisations": []}
    # The expiry asks for the matches to be recomputed once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        opportunity_expire_due()
    assert not Match.objects.filter(opportunity=request_for_diagnostics).exists()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_publish_in_the_admin_rescores_the_assets():
    # Transactional: each step commits, as a curator's separate requests would.
    from assets.services import assets_publish

    request = OpportunityFactory(kind=Opportunity.Kind.PARTNER_SEARCH)
    request.keywords.set(keywords("diagnostics, assay development"))
    lab = AssetFactory(name="Draft lab", status="draft")
    lab.capabilities.set(keywords("diagnostics, assay development"))
    assert not Match.objects.filter(target_asset=lab).exists()

    assets_publish(queryset=Asset.objects.filter(pk=lab.pk))

    assert Match.objects.filter(opportunity=request, target_asset=lab).exists()


def test_one_edit_with_many_changes_enqueues_one_matching_task(
    diagnostics_lab, django_capture_on_commit_callbacks
):
    # An edit of substance saves, sets keywords and focal areas, and sends the
    # opportunity back to review: one service, one rematch.
    opportunity = OpportunityFactory(kind="partner_search")
    poster = MembershipFactory(organisation=opportunity.organisation).user
    with django_capture_on_commit_callbacks() as callbacks:
        opportunity_update(
            opportunity=opportunity,
            by=poster,
            title="A new title",
            keywords="diagnostics",
            focal_areas=FocalArea.objects.all(),
        )

    names = [c.__qualname__ for c in callbacks]
    assert names.count("enqueue[matching.tasks.match_opportunity]") == 1
