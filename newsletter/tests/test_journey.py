"""A visitor subscribes from the footer box, confirms, then unsubscribes, in a real browser."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from newsletter.models import Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_subscribes_from_the_footer_confirms_and_unsubscribes(live_server, page, settings):
    call_command("seed_lcr")
    settings.SITE_URL = live_server.url
    settings.NEWSLETTER_RATE_LIMIT_IP = 1000
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server.url}/news/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Email address").fill("visitor@example.com")
    footer.get_by_role("button", name="Subscribe").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Subscribe to the LCR+ newsletter")
    expect(page.locator("main").get_by_label("Email address")).to_have_value("visitor@example.com")
    page.get_by_label("Infection").check()
    page.get_by_role("button", name="Subscribe").first.click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_label(re.compile("Yes, email me the LCR\\+ newsletter")).check()
    page.locator("main").get_by_role("button", name="Subscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    link = re.search(r"https?://\S+/newsletter/confirm/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm subscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscription confirmed")
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE

    page.get_by_role("link", name="Change your focal areas or how often").click()
    page.get_by_label("Monthly").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your newsletter preferences are saved.")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.frequency) == ("unsubscribed", "monthly")
    assert errors == []
