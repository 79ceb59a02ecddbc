"""Script payloads in every text field render inert, wherever the text is shown."""

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory, in_two_factor_session
from opportunities import services
from opportunities.tests.factories import (
    ExpressionOfInterestFactory,
    OpportunityFactory,
    member_of,
)
from portal.models import Keyword

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "[click](javascript:alert(1))",
    "</script><script>alert(1)</script>",
]
# Live markup needs an unescaped "<" or a javascript: URL in an attribute; escaped text
# such as "&lt;img src=x onerror=alert(1)&gt;" is harmless and may appear.
DANGEROUS = ["<script>alert", "<img src=x", 'href="javascript:', "href='javascript:"]

OPPORTUNITY_FIELDS = ["title", "summary", "description", "location", "keywords", "organisation"]
INTEREST_FIELDS = ["who_we_are", "what_we_bring", "what_we_want", "organisation"]


def assert_inert(text, where):
    for bad in DANGEROUS:
        assert bad not in text, f"{bad!r} rendered live in {where}"


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", OPPORTUNITY_FIELDS)
def test_opportunity_text_is_inert_on_every_page_and_feed(client, field, payload):
    opportunity = OpportunityFactory(event=True, title="Safe title")
    if field == "keywords":
        opportunity.keywords.set(Keyword.objects.from_text(payload))
    elif field == "organisation":
        opportunity.organisation.name = payload
        opportunity.organisation.save()
    else:
        setattr(opportunity, field, payload)
        opportunity.save()
    member = member_of(opportunity.organisation)

    pages = [opportunity.get_absolute_url(), "/opportunities/", "/events/", "/"]
    for url in pages:
        assert_inert(client.get(url).content.decode(), url)
    client.force_login(member)
    for url in [opportunity.get_absolute_url(), "/dashboard/", "/opportunities/mine/"]:
        assert_inert(client.get(url).content.decode(), url)
    if field != "organisation":
        edit = client.get(opportunity.get_absolute_url() + "edit/").content.decode()
        assert_inert(edit, "the edit form")
    # XML and iCalendar escape it too (a reader may render HTML from them).
    assert_inert(client.get("/feeds/opportunities/").content.decode(), "the Atom feed")


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", INTEREST_FIELDS)
def test_interest_text_is_inert_on_pages_and_in_html_emails(
    client, field, payload, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory()
    poster = member_of(opportunity.organisation)
    sender = member_of()
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity, organisation=sender.organisations.get(), sent_by=sender
    )
    if field == "organisation":
        interest.organisation.name = payload
        interest.organisation.save()
    else:
        setattr(interest, field, payload)
        interest.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.interest_accept(interest=interest, by=poster)

    client.force_login(poster)
    for url in [interest.get_absolute_url(), "/dashboard/"]:
        assert_inert(client.get(url).content.decode(), url)
    for message in mail.outbox:
        assert_inert(message.alternatives[0][0], f"the HTML email {message.subject}")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_rejection_reason_is_inert_on_the_page_and_in_the_email(
    client, payload, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory(status="pending")
    member = member_of(opportunity.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        services.opportunity_reject(
            opportunity=opportunity,
            by=in_two_factor_session(UserFactory(is_staff=True)),
            reason=payload,
        )

    client.force_login(member)
    assert_inert(client.get(opportunity.get_absolute_url()).content.decode(), "detail")
    assert_inert(mail.outbox[0].alternatives[0][0], "the rejection email")
