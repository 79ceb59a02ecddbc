"""Every email the portal sends itself carries its key content in both the text and the
HTML part (allauth's are checked in accounts/tests/test_allauth_emails.py; the digest in
the newsletter's tests). Contexts are built as the sending service builds them."""

import re
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from assets.services import asset_confirmation_ask, confirmation_url
from assets.tests.factories import AssetFactory, EnquiryFactory
from brokerage import services as brokerage
from brokerage.models import Matchmaking
from brokerage.tests.factories import matchmaking_for, participant_in
from opportunities.tests.factories import ExpressionOfInterestFactory, OpportunityFactory
from portal.outbox import email_render

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates" / "emails"
CHECKED_ELSEWHERE = {"newsletter_digest", "test"}


def html_text(html):
    """The words a reader sees, with each link's address beside it."""
    html = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>', r" \1 ", html)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    return text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")


def when(moment, fmt="%B %Y, %H:%M"):
    """A datetime as the templates show it ("j F Y, H:i"), in the portal's time zone."""
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment.strftime(fmt)}"


def asset_confirmation_catalogue():
    """The facility contact's "is the listing still correct?" question and its reminder."""
    asset = AssetFactory(
        name="Materials Innovation Factory",
        host=OrganisationFactory(name="University of Liverpool"),
        enquiry_email="mif@example.com",
    )
    confirmation, _ = asset_confirmation_ask(asset=asset, by=UserFactory())
    context = {  # as assets.services._confirmation_email builds it
        "confirmation": confirmation,
        "asset": confirmation.asset,
        "confirm_url": confirmation_url(confirmation),
        "expires_on": confirmation.expires_at,
    }
    key_content = [
        asset.name,
        "University of Liverpool",
        context["confirm_url"],
        when(confirmation.expires_at, "%B %Y"),
    ]
    return {
        "asset_confirm": (context, key_content),
        "asset_confirm_reminder": (context, key_content),
    }


def brokerage_catalogue():
    """The matchmaking emails, to the participant ``brokerage._email`` is given."""
    matchmaking = matchmaking_for(
        OpportunityFactory(event=True, title="Liverpool Materials Week"),
        mode=Matchmaking.Mode.PARTICIPANTS_CHOOSE,
    )
    event = matchmaking.event
    ada = participant_in(
        matchmaking, organisation=OrganisationFactory(name="Mersey Coatings"), name="Ada Lovelace"
    )
    bob = participant_in(
        matchmaking, organisation=OrganisationFactory(name="Halton Analytics"), name="Bob Dylan"
    )
    cleo = participant_in(
        matchmaking, organisation=OrganisationFactory(name="Wirral Robotics"), name="Cleo Laine"
    )
    meeting = brokerage.meeting_request(
        requester=ada, recipient=bob, reason="Screening coatings with robots"
    )
    slot = brokerage.free_slots(meeting).first()
    accepted = brokerage.meeting_accept(meeting=meeting, by=bob.user, slot=slot)
    declined = brokerage.meeting_request(requester=ada, recipient=cleo, reason="Grippers")
    declined = brokerage.meeting_decline(meeting=declined, by=cleo.user)
    home_url = settings.SITE_URL + reverse("brokerage:home", args=[event.slug])
    agenda_url = settings.SITE_URL + reverse("brokerage:agenda", args=[event.slug])
    requests_url = settings.SITE_URL + reverse("brokerage:requests", args=[event.slug])

    def context(participant, **extra):  # as brokerage.services._email builds it
        return {
            "participant": participant,
            "event": event,
            "home_url": reverse("brokerage:home", args=[event.slug]),
            "agenda_url": reverse("brokerage:agenda", args=[event.slug]),
            "requests_url": reverse("brokerage:requests", args=[event.slug]),
            **extra,
        }

    hello_ada = "Hello Ada Lovelace,"
    return {
        "brokerage_registered": (context(ada), [hello_ada, event.title, home_url]),
        "brokerage_validated": (context(ada), [hello_ada, event.title, home_url]),
        "brokerage_rejected": (context(ada), [hello_ada, event.title, home_url]),
        "brokerage_request": (
            context(bob, meeting=meeting),
            [
                "Hello Bob Dylan,",
                "Ada Lovelace from Mersey Coatings",
                event.title,
                "Screening coatings with robots",
                requests_url,
            ],
        ),
        "brokerage_accepted": (
            context(ada, meeting=accepted),
            [
                hello_ada,
                "Bob Dylan (Halton Analytics)",
                "Ada Lovelace (Mersey Coatings)",
                event.title,
                f"{when(slot.starts_at)}, table {accepted.table}",
                agenda_url,
            ],
        ),
        "brokerage_declined": (
            context(ada, meeting=declined),
            [hello_ada, "Wirral Robotics declined", event.title, home_url],
        ),
        "brokerage_agenda": (context(ada), [hello_ada, event.title, agenda_url]),
        "brokerage_agenda_changed": (context(ada), [hello_ada, event.title, agenda_url]),
        "brokerage_reminder": (
            context(cleo),
            ["Hello Cleo Laine,", event.title, when(matchmaking.booking_closes_at), home_url],
        ),
    }


def catalogue():
    """name -> (context, what the reader must find in both parts)."""
    grace = UserFactory(name="Grace Hopper", email="grace@example.com")
    opportunity = OpportunityFactory(
        title="Partner for robotic coatings screening",
        organisation=OrganisationFactory(name="Mersey Coatings"),
    )
    interest = ExpressionOfInterestFactory(
        opportunity=opportunity,
        organisation=OrganisationFactory(name="Halton Analytics"),
        who_we_are="A small analytics business in Runcorn.",
    )
    asset = AssetFactory(name="Materials Innovation Factory")
    enquiry = EnquiryFactory(asset=asset, user=grace, need="Time on the NMR.")
    url = settings.SITE_URL + opportunity.get_absolute_url()
    match = SimpleNamespace(
        opportunity=opportunity,
        target="Halton Analytics",
        reasons=["they offer what you need: assay development"],
        target_reasons=["they need what you offer: assay development"],
    )
    enquiry_context = {
        "enquiry": enquiry,
        "asset": asset,
        "user": grace,
        "organisation": interest.organisation,
        "asset_url": settings.SITE_URL + asset.get_absolute_url(),
        "dashboard_url": settings.SITE_URL + "/dashboard/",
        "answered_url": settings.SITE_URL + "/assets/enquiries/answered/signed-token/",
        "brokered": True,
    }
    return {
        "asset_enquiry": (
            enquiry_context,
            ["Grace Hopper", "Time on the NMR.", asset.name, "/assets/enquiries/answered/"],
        ),
        "asset_enquiry_copy": (
            enquiry_context,
            ["Hello Grace Hopper,", "Time on the NMR.", asset.name],
        ),
        "assets_stale_report": (
            {"assets": [asset], "report_url": settings.SITE_URL + "/admin/", "curator": grace},
            [asset.name, "/admin/"],
        ),
        "interest_accepted": (
            {
                "interest": interest,
                "opportunity": opportunity,
                "other_name": "Halton Analytics",
                "contacts": [grace],
                "is_poster": True,
            },
            [opportunity.title, "Halton Analytics", "Grace Hopper", "grace@example.com"],
        ),
        "interest_declined": (
            {"interest": interest, "opportunity": opportunity},
            [opportunity.title],
        ),
        "interest_received": (
            {"interest": interest},
            [opportunity.title, "Halton Analytics", "A small analytics business in Runcorn."],
        ),
        "invitation": (
            {
                "organisation": "Mersey Coatings",
                "inviter": "Grace Hopper",
                "role": "Member",
                "url": "/organisations/invitations/abc/",
                "expires_at": timezone.now() + timedelta(days=14),
            },
            ["Mersey Coatings", "Grace Hopper", "/organisations/invitations/abc/"],
        ),
        "invitation_accepted": (
            {"organisation": "Mersey Coatings", "member": "Grace Hopper", "url": "/team/"},
            ["Mersey Coatings", "Grace Hopper"],
        ),
        "match_alert": (
            {"user": grace, "recommended": [match], "for_yours": [], "count": 1},
            ["Hello Grace Hopper,", opportunity.title, "assay development", url],
        ),
        "newsletter_already_subscribed": (
            {"email": "grace@example.com", "preferences_url": "http://x/prefs/t/"},
            ["http://x/prefs/t/"],
        ),
        "newsletter_confirm": (
            {
                "email": "grace@example.com",
                "frequency": "weekly",
                "confirm_url": "http://x/confirm/t/",
                "days": 7,
            },
            ["http://x/confirm/t/", "weekly"],
        ),
        "opportunity_expired": ({"opportunity": opportunity}, [opportunity.title]),
        "opportunity_published": ({"opportunity": opportunity}, [opportunity.title, url]),
        "opportunity_rejected": (
            {"opportunity": opportunity, "reason": "Say what you need."},
            [opportunity.title, "Say what you need."],
        ),
        "opportunity_reminder": ({"opportunity": opportunity}, [opportunity.title, url]),
        "opportunity_review": ({"opportunity": opportunity}, [opportunity.title]),
        **asset_confirmation_catalogue(),
        **brokerage_catalogue(),
    }


def test_the_catalogue_covers_every_email_template():
    names = {path.name.removesuffix("_message.txt") for path in TEMPLATES.glob("*_message.txt")}
    assert names - CHECKED_ELSEWHERE == set(catalogue())


def test_every_portal_email_keeps_its_key_content_in_both_parts():
    for name, (context, key_content) in catalogue().items():
        subject, text, html = email_render(name, context)
        assert subject.strip(), name
        html = html_text(html)
        for content in key_content:
            assert content in text, (name, "text", content)
            assert content in html, (name, "html", content)
        assert f"Innovation Portal, {settings.SITE_URL}" in html, name
