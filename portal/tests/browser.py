"""Helpers for browser tests: a signed-in page, and screenshots for the README's tour."""

import os
from pathlib import Path

from django.conf import settings
from django.test import Client

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"


def signed_in_page(browser, live_server, user, **context_options):
    """A fresh browser page already signed in as ``user`` (the sign-in journey itself is
    tested elsewhere; here it would only slow every test down)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1100, "height": 900}, **context_options)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def screenshot(page, name, **kwargs):
    """Save a PNG of the page for the README's tour (docs/screenshots/<name>.png), when
    ``UPDATE_SCREENSHOTS=1``: a test run never changes files the repository tracks."""
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **kwargs)
