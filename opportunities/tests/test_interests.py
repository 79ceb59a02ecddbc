"""Expressions of interest: sending, the emails, accepting, declining, contact details."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.tests.factories import OrganisationFactory, UserFactory
from accounts.tests.test_dashboard import DASHBOARD_QUERIES
from opportunities import services
from opportunities.models import ExpressionOfInterest, Opportunity
from opportunities.tests.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    member_of,
)
from portal.models import OutgoingEmail
from portal.tasks import send_pending_emails

pytestmark = pytest.mark.django_db

ANSWERS = {
    "who_we_are": "Halton Analytics, a data science consultancy in Widnes.",
    "what_we_bring": "Machine-learning models for formulation data.",
    "what_we_want": "A joint Innovate UK bid.",
}


@pytest.fixture
def opportunity():
    opportunity = OpportunityFactory(title="Coatings partner", organisation__name="Mersey Coatings")
    opportunity.posted_by = member_of(
        opportunity.organisation, email="poster@mersey.example", name="Pat Poster"
    )
    opportunity.save()
    return opportunity


@pytest.fixture
def interested():
    return member_of(
        OrganisationFactory(name="Halton"), email="ivy@halton.example", name="Ivy Interested"
    )


def express(client, opportunity, user, **answers):
    client.force_login(user)
    return client.post(
        f"/opportunities/{opportunity.slug}/interest/", {**ANSWERS, **answers}, follow=True
    )


def test_a_member_of_another_organisation_expresses_interest_and_the_poster_is_emailed(
    client, opportunity, interested, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = express(client, opportunity, interested)

    interest = ExpressionOfInterest.objects.get()
    assert interest.organisation.name == "Halton" and interest.sent_by == interested
    assert interest.status == ExpressionOfInterest.Status.PENDING
    assert "Your expression of interest is sent" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["poster@mersey.example"]
    assert "Halton is interested in" in message.subject
    assert ANSWERS["what_we_bring"] in message.body
    assert interest.get_absolute_url() in message.body


def test_the_interest_form_asks_the_three_standard_questions(client, opportunity, interested):
    client.force_login(interested)

    html = client.get(f"/opportunities/{opportunity.slug}/interest/").content.decode()

    for label in ["Who we are", "What we bring", "What we want from this"]:
        assert label in html
    response = client.post(f"/opportunities/{opportunity.slug}/interest/", {})
    assert "There is a problem" in response.content.decode()


def test_an_organisation_cannot_express_interest_in_its_own_opportunity(client, opportunity):
    colleague = member_of(opportunity.organisation)

    response = express(client, opportunity, colleague)

    assert "You cannot express interest" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()
    with pytest.raises(ValidationError):
        services.interest_express(
            opportunity=opportunity, organisation=opportunity.organisation, by=colleague, **ANSWERS
        )


def test_one_interest_per_organisation_per_opportunity(client, opportunity, interested):
    express(client, opportunity, interested)
    colleague = member_of(interested.organisations.get())

    response = express(client, opportunity, colleague)

    assert ExpressionOfInterest.objects.count() == 1
    assert "already expressed interest" in response.content.decode()
    with pytest.raises(ValidationError, match="already expressed interest"):
        services.interest_express(
            opportunity=opportunity,
            organisation=interested.organisations.get(),
            by=colleague,
            **ANSWERS,
        )


def test_users_without_an_organisation_are_told_to_create_or_join_one(client, opportunity):
    client.force_login(UserFactory())

    assert (
        "You need an organisation first"
        in client.get(f"/opportunities/{opportunity.slug}/interest/").content.decode()
    )
    assert "create or join one" in client.get(opportunity.get_absolute_url()).content.decode()


def test_interest_in_an_unpublished_opportunity_is_refused(client, interested):
    closed = OpportunityFactory(status=Opportunity.Status.CLOSED)

    response = express(client, closed, interested)

    assert "You cannot express interest" in response.content.decode()
    assert not ExpressionOfInterest.objects.exists()


def test_the_interest_is_saved_even_when_the_broker_is_down_and_the_sweep_sends_the_email(
    client, opportunity, interested, broker_down, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = express(client, opportunity, interested)

    assert response.status_code == 200
    assert ExpressionOfInterest.objects.count() == 1
    email = OutgoingEmail.objects.get(template="interest_received")
    assert email.status == OutgoingEmail.Status.PENDING and mail.outbox == []

    monkeypatch.undo()
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=email.created_at.replace(year=2000))
    assert send_pending_emails.apply().get() == 1

    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert mail.outbox[0].to == ["poster@mersey.example"]


def test_accepting_shows_both_sides_each_others_contacts_and_emails_both(
    client, opportunity, interested, django_capture_on_commit_callbacks
):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get(), sent_by=interested
    )
    poster = opportunity.posted_by
    client.force_login(poster)

    before = client.get("/dashboard/").content.decode()
    assert "ivy@halton.example" not in before and "Accept" in before

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/opportunities/interests/{interest.pk}/accept/", {"next": "dashboard"})

    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.ACCEPTED
    assert interest.decided_by == poster
    poster_dashboard = client.get("/dashboard/").content.decode()
    assert "ivy@halton.example" in poster_dashboard and "Ivy Interested" in poster_dashboard
    client.force_login(interested)
    their_dashboard = client.get("/dashboard/").content.decode()
    assert "poster@mersey.example" in their_dashboard and "Accepted" in their_dashboard
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert "poster@mersey.example" in by_recipient[("ivy@halton.example",)].body
    assert "ivy@halton.example" in by_recipient[("poster@mersey.example",)].body


def test_declining_sends_a_polite_notice_and_shares_nothing(
    client, opportunity, interested, django_capture_on_commit_callbacks
):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get(), sent_by=interested
    )
    client.force_login(opportunity.posted_by)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/opportunities/interests/{interest.pk}/decline/")

    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.DECLINED
    [message] = mail.outbox
    assert message.to == ["ivy@halton.example"] and "Thank you" in message.body
    client.force_login(interested)
    html = client.get("/dashboard/").content.decode()
    assert "Declined" in html and "poster@mersey.example" not in html


def test_accept_and_decline_are_post_only_and_only_for_the_poster(client, opportunity, interested):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get()
    )
    client.force_login(opportunity.posted_by)
    assert client.get(f"/opportunities/interests/{interest.pk}/accept/").status_code == 405

    client.force_login(interested)
    assert client.post(f"/opportunities/interests/{interest.pk}/accept/").status_code == 404
    client.force_login(member_of())
    assert client.get(f"/opportunities/interests/{interest.pk}/").status_code == 404
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.PENDING


def test_an_interest_is_decided_only_once(opportunity, interested):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get()
    )
    services.interest_decline(interest=interest, by=opportunity.posted_by)

    with pytest.raises(ValidationError, match="already declined"):
        services.interest_accept(interest=interest, by=opportunity.posted_by)


def test_the_sender_can_withdraw_a_pending_interest(client, opportunity, interested):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get()
    )
    client.force_login(interested)

    client.post(f"/opportunities/interests/{interest.pk}/withdraw/")

    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.WITHDRAWN


def test_both_dashboards_list_sent_and_received_interests_with_status(
    client, opportunity, interested
):
    ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get()
    )

    client.force_login(opportunity.posted_by)
    received = client.get("/dashboard/").content.decode()
    client.force_login(interested)
    sent = client.get("/dashboard/").content.decode()

    assert "Expressions of interest received" in received and "Halton" in received
    assert "Waiting for an answer" in received
    assert "Expressions of interest sent" in sent and "Coatings partner" in sent
    assert "Waiting for an answer" in sent


def test_dashboard_runs_a_constant_number_of_queries(
    client, opportunity, interested, django_assert_max_num_queries
):
    for _ in range(8):
        other = OpportunityFactory(organisation=opportunity.organisation)
        interest = ExpressionOfInterestFactory(
            opportunity=other, organisation=interested.organisations.get(), sent_by=interested
        )
        services.interest_accept(interest=interest, by=opportunity.posted_by)
    client.force_login(opportunity.posted_by)

    # The whole dashboard's budget, as in accounts/tests/test_dashboard.py.
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        response = client.get("/dashboard/")
    assert response.content.decode().count("ivy@halton.example") >= 8


def test_an_interest_email_goes_through_a_real_smtp_server(
    smtp_server, opportunity, interested, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_express(
            opportunity=opportunity,
            organisation=interested.organisations.get(),
            by=interested,
            **ANSWERS,
        )

    [received] = smtp_server.messages
    assert received["rcpt"] == ["poster@mersey.example"]
    message = received["message"]
    assert message["Subject"].startswith("[LCR+ Portal]") or "Halton" in message["Subject"]
    assert ANSWERS["who_we_are"] in message.get_body(("plain",)).get_content()
    assert "Who we are" in message.get_body(("html",)).get_content()


def received_interests(opportunity, count):
    """``count`` interests in ``opportunity``, each from a new organisation, oldest first."""
    return [
        ExpressionOfInterestFactory(
            opportunity=opportunity, organisation__name=f"Interested {n:02}"
        )
        for n in range(count)
    ]


def test_the_dashboard_shows_ten_interests_and_links_to_all_of_them(client, opportunity):
    received_interests(opportunity, 12)
    client.force_login(opportunity.posted_by)

    html = client.get("/dashboard/").content.decode()

    assert "Interested 11" in html and "Interested 02" in html
    assert "Interested 01" not in html and "Interested 00" not in html
    assert "The latest 10 are shown." in html
    assert 'href="/opportunities/interests/?box=received"' in html


def test_the_interests_page_pages_through_every_interest_received(client, opportunity):
    received_interests(opportunity, 25)
    client.force_login(opportunity.posted_by)

    first = client.get("/opportunities/interests/")
    second = client.get("/opportunities/interests/?box=received&page=2")

    assert first.status_code == 200
    html = first.content.decode()
    assert "25 received by your organisation" in html and "Page 1 of 2" in html
    assert "Interested 24" in html and "Interested 04" not in html
    assert 'href="?page=2"' in html
    assert 'aria-current="page">Received</a>' in html
    page_two = second.content.decode()
    assert "Interested 04" in page_two and "Interested 00" in page_two
    assert "Interested 05" not in page_two


def test_the_interests_page_lists_interests_sent_on_its_own_tab(client, interested):
    for n in range(12):
        ExpressionOfInterestFactory(
            opportunity__title=f"Wanted {n:02}", organisation=interested.organisations.get()
        )
    client.force_login(interested)

    html = client.get("/opportunities/interests/?box=sent").content.decode()

    assert "12 sent by your organisation" in html
    assert "Wanted 00" in html and "Wanted 11" in html
    assert 'aria-current="page">Sent</a>' in html
    assert "The latest 10 are shown." in client.get("/dashboard/").content.decode()


def test_the_interests_page_shows_only_the_users_own_organisations_interests(
    client, opportunity, interested
):
    ExpressionOfInterestFactory(opportunity=opportunity, organisation__name="Someone Else")
    client.force_login(interested)

    received = client.get("/opportunities/interests/").content.decode()
    sent = client.get("/opportunities/interests/?box=sent").content.decode()

    assert "0 received" in received and "Someone Else" not in received
    assert "0 sent" in sent and "Coatings partner" not in sent
    client.logout()
    assert client.get("/opportunities/interests/").status_code == 302


def test_accepting_from_the_interests_page_returns_to_it(client, opportunity, interested):
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=interested.organisations.get(), sent_by=interested
    )
    client.force_login(opportunity.posted_by)
    html = client.get("/opportunities/interests/").content.decode()
    assert 'name="next" value="interests"' in html

    response = client.post(f"/opportunities/interests/{interest.pk}/accept/", {"next": "interests"})

    assert response.status_code == 302
    assert response["Location"] == "/opportunities/interests/?box=received"
    interest.refresh_from_db()
    assert interest.status == ExpressionOfInterest.Status.ACCEPTED


@pytest.mark.parametrize("box", ["received", "sent"])
@pytest.mark.parametrize("count", [1, 20])
def test_the_interests_page_runs_a_constant_number_of_queries(
    client, opportunity, interested, django_assert_max_num_queries, box, count
):
    for _ in range(count):
        other = OpportunityFactory(organisation=opportunity.organisation)
        interest = ExpressionOfInterestFactory(
            opportunity=other, organisation=interested.organisations.get(), sent_by=interested
        )
        services.interest_accept(interest=interest, by=opportunity.posted_by)
    client.force_login(opportunity.posted_by if box == "received" else interested)

    with django_assert_max_num_queries(5):
        response = client.get(f"/opportunities/interests/?box={box}")
    assert (
        response.content.decode().count("@halton.example" if box == "received" else "poster@mersey")
        >= count
    )


def test_one_rule_says_which_of_my_organisations_may_express_interest():
    from accounts.tests.factories import MembershipFactory

    opportunity = OpportunityFactory()
    me = UserFactory()
    MembershipFactory(user=me, organisation=opportunity.organisation)  # the poster's own
    answered = MembershipFactory(user=me).organisation
    ExpressionOfInterestFactory(opportunity=opportunity, organisation=answered)
    free = MembershipFactory(user=me).organisation

    assert list(services.interest_organisations(opportunity=opportunity, user=me)) == [free]
    for refused in (opportunity.organisation, answered):
        with pytest.raises(ValidationError):
            services.interest_check_allowed(opportunity=opportunity, organisation=refused)
    services.interest_check_allowed(opportunity=opportunity, organisation=free)

    opportunity.status = Opportunity.Status.CLOSED
    opportunity.save()
    assert not services.interest_organisations(opportunity=opportunity, user=me).exists()
    with pytest.raises(ValidationError, match="not open"):
        services.interest_check_allowed(opportunity=opportunity, organisation=free)
