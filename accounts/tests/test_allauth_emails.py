"""allauth's emails, sent through the portal's outbox: each keeps its key content in both
the text and the HTML part, the portal's footer, and a subject in sentence case."""

import re

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.conf import settings
from django.core import mail
from django.test import RequestFactory

from accounts.tests.factories import VerifiedUserFactory
from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase"
RESET_URL = "http://127.0.0.1:8000/accounts/password/reset/key/1-abc/"

# Every email allauth sends here, with what the person must be able to read in it.
ALLAUTH_EMAILS = {
    "account/email/account_already_exists": (
        {"password_reset_url": RESET_URL, "signup_url": "x"},
        ["grace@example.com", RESET_URL],
    ),
    "account/email/email_changed": (
        {"from_email": "old@example.com", "to_email": "new@example.com"},
        ["old@example.com", "new@example.com"],
    ),
    "account/email/email_confirmation": ({"code": "QX7-9TR"}, ["QX7-9TR"]),
    "account/email/email_confirmation_signup": ({"code": "QX7-9TR"}, ["QX7-9TR"]),
    "account/email/email_deleted": ({"deleted_email": "old@example.com"}, ["old@example.com"]),
    "account/email/login_code": ({"code": "QX7-9TR"}, ["QX7-9TR"]),
    "account/email/password_changed": ({}, ["password"]),
    "account/email/password_reset_code": ({"code": "QX7-9TR"}, ["QX7-9TR"]),
    "account/email/password_reset_key": ({"password_reset_url": RESET_URL}, [RESET_URL]),
    "account/email/password_set": ({}, ["password"]),
    "account/email/unknown_account": (
        {"signup_url": "http://127.0.0.1:8000/accounts/signup/"},
        ["grace@example.com", "/accounts/signup/"],
    ),
    "mfa/email/recovery_codes_generated": ({}, ["recovery codes"]),
    "mfa/email/totp_activated": ({}, ["Authenticator"]),
    "mfa/email/totp_deactivated": ({}, ["Authenticator"]),
    "mfa/email/webauthn_added": ({}, ["security key"]),
    "mfa/email/webauthn_removed": ({}, ["security key"]),
}


def is_sentence_case(subject):
    """'Reset your password', not 'Password Reset Email'."""
    words = re.findall(r"[A-Za-z]+", subject.removeprefix(settings.EMAIL_SUBJECT_PREFIX))
    return all(not word[0].isupper() for word in words[1:])


def html_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


@pytest.mark.parametrize("prefix", sorted(ALLAUTH_EMAILS))
def test_every_allauth_email_keeps_its_content_in_both_parts(prefix):
    context, key_content = ALLAUTH_EMAILS[prefix]
    user = VerifiedUserFactory(email="grace@example.com", name="Grace Hopper")
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    request.user = user
    context = {
        "user": user,
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "now",
        **context,
    }

    with request_context(request):
        get_adapter(request).send_mail(prefix, "grace@example.com", context)

    email = OutgoingEmail.objects.get()
    assert is_sentence_case(email.subject), email.subject
    assert email.body_html, "no HTML part"
    html = html_text(email.body_html)
    for part in (email.body_text, html):
        for content in key_content:
            assert content.lower() in part.lower(), (content, part)
    assert html.rstrip().endswith(f"Innovation Portal, {settings.SITE_URL}")


def test_signing_up_with_a_taken_address_emails_the_address_itself(
    client, django_capture_on_commit_callbacks
):
    VerifiedUserFactory(email="grace@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "name": "Someone",
                "email": "grace@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    [message] = mail.outbox
    html = html_text(message.alternatives[0][0])
    assert message.subject == "[LCR+ Portal] You already have an account"
    assert "grace@example.com" in message.body
    assert "grace@example.com" in html
    assert html.rstrip().endswith(f"Innovation Portal, {settings.SITE_URL}")
