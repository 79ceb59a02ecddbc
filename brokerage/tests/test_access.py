"""Every brokerage URL answers 404 to whoever may not see it."""

import pytest
from django.urls import reverse

from brokerage import services
from brokerage.models import Participant
from brokerage.tests.factories import matchmaking_for, participant_in
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """An event with an organiser, two validated participants with a scheduled meeting,
    one participant waiting for validation, and an outsider."""
    matchmaking = matchmaking_for()
    organiser = member_of(matchmaking.event.organisation)
    ada, bob = participant_in(matchmaking), participant_in(matchmaking)
    waiting = participant_in(matchmaking, status=Participant.Status.PENDING)
    meeting = services.meeting_request(requester=ada, recipient=bob, reason="Hi")
    services.meeting_accept(meeting=meeting, by=bob.user)
    services.matchmaking_schedule(matchmaking=matchmaking)
    return {
        "slug": matchmaking.event.slug,
        "organiser": organiser,
        "ada": ada,
        "bob": bob,
        "waiting": waiting,
        "outsider": member_of(),
        "meeting": meeting,
        "session": matchmaking.sessions.get(),
    }


def organiser_urls(w):
    s = w["slug"]
    return [
        ("get", reverse("brokerage:setup", args=[s])),
        ("get", reverse("brokerage:session_add", args=[s])),
        ("get", reverse("brokerage:session_edit", args=[s, w["session"].pk])),
        ("get", reverse("brokerage:organise", args=[s])),
        ("post", reverse("brokerage:participant_decide", args=[s, w["waiting"].pk, "validate"])),
        ("post", reverse("brokerage:participant_remind", args=[s, w["waiting"].pk])),
        ("post", reverse("brokerage:schedule_all", args=[s])),
        ("post", reverse("brokerage:publish", args=[s])),
        ("get", reverse("brokerage:table_plan", args=[s])),
        ("get", reverse("brokerage:plan_csv", args=[s])),
    ]


def marketplace_urls(w):
    s = w["slug"]
    return [
        ("get", reverse("brokerage:participants", args=[s])),
        ("get", reverse("brokerage:participant", args=[s, w["bob"].pk])),
    ]


def own_urls(w):
    """Pages that belong to a participant's own registration (ada's)."""
    s, m = w["slug"], w["meeting"]
    return [
        ("get", reverse("brokerage:requests", args=[s])),
        ("get", reverse("brokerage:agenda", args=[s])),
        ("get", reverse("brokerage:agenda_ics", args=[s])),
        ("post", reverse("brokerage:outcome", args=[s, m.pk])),
    ]


def recipient_urls(w):
    s, m = w["slug"], w["meeting"]
    return [
        ("post", reverse("brokerage:accept", args=[s, m.pk])),
        ("post", reverse("brokerage:decline", args=[s, m.pk])),
    ]


def status(client, method, url):
    return getattr(client, method)(url).status_code


def test_organiser_pages_are_404_to_participants_and_outsiders(client, world):
    for who in ["ada", "outsider"]:
        user = world[who] if who == "outsider" else world[who].user
        client.force_login(user)
        for method, url in organiser_urls(world):
            assert status(client, method, url) == 404, (who, url)


def test_organiser_pages_open_to_the_organiser(client, world):
    client.force_login(world["organiser"])
    for method, url in organiser_urls(world):
        assert status(client, method, url) in (200, 302), url


def test_marketplace_is_404_to_outsiders_and_unvalidated_participants(client, world):
    for user in [world["outsider"], world["waiting"].user, None]:
        client.logout()
        if user:
            client.force_login(user)
        for method, url in marketplace_urls(world):
            assert status(client, method, url) == 404, (user, url)
    client.force_login(world["ada"].user)
    for method, url in marketplace_urls(world):
        assert status(client, method, url) == 200, url


def test_public_marketplace_is_open_to_anyone(client, world):
    world["ada"].matchmaking.__class__.objects.update(marketplace_public=True)
    for method, url in marketplace_urls(world):
        assert status(client, method, url) == 200, url


def test_personal_pages_are_404_to_those_not_registered(client, world):
    client.force_login(world["outsider"])
    for method, url in own_urls(world) + recipient_urls(world):
        assert status(client, method, url) == 404, url


def test_requests_are_404_to_anyone_but_the_person_asked(client, world):
    client.force_login(world["ada"].user)  # the requester
    for method, url in recipient_urls(world):
        assert status(client, method, url) == 404, url


def test_someone_elses_meeting_outcome_is_404(client, world):
    client.force_login(world["waiting"].user)
    method, url = own_urls(world)[-1]
    assert status(client, method, url) == 404


def test_a_tampered_subscription_token_is_404(client, world):
    token = services.agenda_token(world["ada"])
    good = reverse("brokerage:agenda_feed", args=[world["slug"], token])
    assert client.get(good).status_code == 200
    bad = reverse("brokerage:agenda_feed", args=[world["slug"], token[:-2] + "xx"])
    assert client.get(bad).status_code == 404
    other_event = matchmaking_for().event.slug
    assert (
        client.get(reverse("brokerage:agenda_feed", args=[other_event, token])).status_code == 404
    )


def test_a_draft_events_matchmaking_is_404_to_outsiders(client, world):
    Opportunity.objects.filter(slug=world["slug"]).update(status=Opportunity.Status.DRAFT)
    client.force_login(world["outsider"])
    assert client.get(reverse("brokerage:home", args=[world["slug"]])).status_code == 404


def test_setup_is_404_for_events_of_other_organisations_and_non_events(client, world):
    client.force_login(world["outsider"])
    event = OpportunityFactory(event=True)
    assert client.get(reverse("brokerage:setup", args=[event.slug])).status_code == 404
    own = OpportunityFactory(organisation=world["outsider"].organisations.get())
    assert client.get(reverse("brokerage:setup", args=[own.slug])).status_code == 404
