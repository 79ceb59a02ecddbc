"""What people do on the site and in their mail, shared by the smoke tests."""

import base64
import hmac
import re
import struct
import time

from playwright.sync_api import expect

PASSWORD = "a-long-and-unusual-passphrase"


def text_of(message):
    """The plain-text part, as a person's mail program shows it."""
    return message.get_body(preferencelist=("plain",)).get_content()


def verification_code(message):
    """The code on its own indented line in the verification email."""
    return re.search(r"^ {4}(\S+)\s*$", text_of(message), re.MULTILINE).group(1)


def sign_in_code(message):
    """The code on its own line in the sign-in (or re-authentication) code email."""
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", text_of(message), re.MULTILINE).group(1)


def sign_up(page, inbox, address):
    """Create an account and type the code from the emailed message, as a person would."""
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your full name").fill(address.split("@")[0].title())
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    page.get_by_label("Code").fill(verification_code(inbox.wait_for(address)))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def create_organisation(page, name, capabilities):
    """From the welcome page: create the person's organisation; its task list follows."""
    page.get_by_role("link", name="Create an organisation").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Type of organisation").select_option(label="SME")
    page.get_by_label("Capabilities").fill(capabilities)
    page.get_by_role("button", name="Create organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Get {name} started")


def totp(secret, at=None):
    """The authenticator app's code (RFC 6238: SHA-1, 30 s, 6 digits).

    Close to the end of a 30-second step it waits for the next, as a person would, so
    the code is still current when the server checks it.
    """
    if at is None and time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((at or time.time()) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), "sha1").digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"
