"""Fixtures for the production smoke tests: the live site, its mail, Chromium, a curator.

``run.py`` boots the site with production settings and runs these tests with their own
configuration (pytest.ini here: no pytest-django, no test settings). Whatever they need
comes from the environment run.py sets; anything missing fails them, never skips them.
"""

import email
import http.client
import json
import mailbox
import os
import re
import shutil
import time
from email import policy
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from people import sign_in_code, totp
from playwright.sync_api import expect

# A busy CI machine: give pages and htmx updates longer than Playwright's 5 s default.
expect.set_options(timeout=15_000)


def setting(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run these tests through `make prod-smoke`")
    return value


# --- The live site over plain HTTP ----------------------------------------------------


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Site:
    """The site under test, fetched with no redirects followed and no cookies."""

    def __init__(self, url):
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        self.host, self.port = parts.hostname, parts.port or 80

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            connection.close()

    def get(self, path, **headers):
        return self.request("GET", path, headers=headers)


@pytest.fixture(scope="session")
def site():
    return Site(setting("SMOKE_SITE_URL"))


class Figures:
    """What the stage counts; run.py prints it at the end."""

    def __init__(self, path):
        self.path = Path(path)
        self.pages = set()
        self.static_files = set()

    def save(self):
        self.path.write_text(
            json.dumps(
                {
                    "pages_checked": len(self.pages),
                    "static_files_checked": len(self.static_files),
                    "pages": sorted(self.pages),
                },
                indent=2,
            )
        )


@pytest.fixture(scope="session")
def figures():
    counted = Figures(setting("SMOKE_FIGURES"))
    yield counted
    counted.save()


# --- The SMTP server's Maildir ----------------------------------------------------------


class Inbox:
    """Every message the SMTP server accepted, read as a person reads their mail."""

    def __init__(self, path):
        self.path = path
        self.taken = set()

    def wait_for(self, to, subject="", timeout=60):
        """The first message to ``to`` whose subject contains ``subject`` that an earlier
        call has not returned, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while True:
            box = mailbox.Maildir(self.path, create=False)
            for key in sorted(box.iterkeys()):
                if key in self.taken:
                    continue
                message = email.message_from_bytes(box.get_bytes(key), policy=policy.default)
                recipients = message.get("X-RcptTo", "").lower()
                if to.lower() in recipients and subject in str(message["Subject"]):
                    self.taken.add(key)
                    return message
            if time.monotonic() > deadline:
                pytest.fail(f"no email to {to} with {subject!r} in its subject within {timeout} s")
            time.sleep(0.25)


@pytest.fixture(scope="session")
def inbox():
    return Inbox(setting("SMOKE_MAILDIR"))


# --- Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium with the launch arguments the main suite uses (conftest.py)."""
    chromium = setting("CHROMIUM_PATH")
    if shutil.which(chromium) is None:
        pytest.fail(f"Chromium is not installed at {chromium} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, site):
    return {**browser_context_args, "base_url": site.url}


@pytest.fixture
def new_person(browser, browser_context_args):
    """A fresh browser (context) per person; closed after the test."""
    contexts = []

    def open_browser():
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        return context.new_page()

    yield open_browser
    for context in contexts:
        context.close()


# --- A curator -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def curator(browser, browser_context_args, inbox):
    """The curator run.py created with ``manage.py create_curator``, signed in.

    On the first visit the admin sends them to add an authenticator app. A staff account's
    first authenticator needs a fresh password (the one just typed to sign in) and a code
    emailed to its address, read from the SMTP server's Maildir. The authenticator code is
    computed from the secret the page shows, as their app would; the admin then asks for
    one, since the session has not yet signed in with the app.
    """
    address = setting("SMOKE_CURATOR_EMAIL")
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_label("Password").fill(setting("SMOKE_CURATOR_PASSWORD"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")

    # The admin sends them to add an authenticator app: the first one also needs a code
    # sent to their address.
    page.goto("/admin/")
    expect(page.get_by_text("Curators need two-factor authentication.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm access")
    expect(page.get_by_label("Recipient")).to_have_value(address)
    page.get_by_role("button", name="Request code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter sign-in code")
    page.get_by_label("Code").fill(sign_in_code(inbox.wait_for(address, "Your sign-in code")))
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Activate authenticator app")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Authenticator app activated.")).to_be_visible()

    # The admin asks this session for a code from the app once.
    page.goto("/admin/")
    expect(page.get_by_text("Confirm it is you with your authenticator app.")).to_be_visible()
    page.get_by_label("Code").fill(totp(secret))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    yield page
    context.close()


@pytest.fixture(scope="session")
def news_post(curator):
    """A news post the curator publishes in the admin; its path on the site."""
    curator.goto("/admin/portal/newspost/add/")
    curator.get_by_label("Title").fill("Glass Futures furnace opens for trial melts")
    curator.get_by_label("Summary").fill("Small firms can book trial melts in St Helens.")
    curator.get_by_label("Body").fill("Book a **trial melt** at Glass Futures.")
    curator.get_by_label("Status").select_option(label="Published")
    curator.get_by_role("button", name="Save", exact=True).click()
    expect(curator.get_by_text("was added successfully")).to_be_visible()
    return "/news/glass-futures-furnace-opens-for-trial-melts/"


# --- The demo event's matchmaking --------------------------------------------------------


@pytest.fixture(scope="session")
def demo_matchmaking(site):
    """The path of the demo event's matchmaking page (``seed_lcr --demo`` switches it on),
    found as a visitor finds it: an event on /events/ whose page links to its matchmaking."""
    listing = site.get("/events/").text
    events = re.findall(r'href="(/opportunities/(?!new/|mine/|interests/)[\w-]+/)"', listing)
    for path in dict.fromkeys(events):
        found = re.search(r'href="(/events/[\w-]+/matchmaking/)"', site.get(path).text)
        if found:
            return found.group(1)
    pytest.fail("no event on /events/ links to its matchmaking (seed_lcr --demo makes one)")
