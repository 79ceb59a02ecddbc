"""Sign-in protections: rate limits, two-factor authentication for staff, email change."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.core.cache import cache

from accounts.tests.factories import VerifiedUserFactory, sign_in_with_two_factor
from accounts.tests.helpers import verification_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh_cache():
    """allauth counts attempts in the default cache (Redis in CI); start and end empty."""
    cache.clear()
    yield
    cache.clear()


def test_repeated_failed_logins_are_answered_with_429(client, settings, fresh_cache):
    # The suite turns rate limits off; allauth reads the setting on every request.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/5m/key"}
    VerifiedUserFactory(email="grace@example.com")
    wrong = {"login": "grace@example.com", "password": "not-the-password"}

    statuses = [client.post("/accounts/login/", wrong).status_code for _ in range(3)]
    blocked = client.post("/accounts/login/", {"login": "grace@example.com", "password": PASSWORD})

    assert statuses == [200, 200, 200]
    assert blocked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client):
    curator = VerifiedUserFactory(is_staff=True, is_superuser=True)
    client.force_login(curator)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_with_an_authenticator_app_use_the_admin_after_confirming_with_it(client):
    curator = VerifiedUserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(curator, generate_totp_secret())
    client.force_login(curator)
    assert client.get("/admin/")["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"

    sign_in_with_two_factor(client, curator)

    assert client.get("/admin/").status_code == 200


def test_people_who_are_not_staff_are_not_asked_for_two_factor(client):
    client.force_login(VerifiedUserFactory())
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/admin/").status_code == 302  # the admin's own login, not MFA
    assert "/2fa/" not in client.get("/admin/")["Location"]


def test_two_factor_pages_are_in_the_portal_layout(client):
    client.force_login(VerifiedUserFactory())
    html = client.get("/accounts/2fa/").content.decode()
    assert 'class="site-header"' in html and "Authenticator App" in html
    assert 'aria-label="Your account"' in html


def test_changing_email_needs_the_password_a_code_and_tells_the_old_address(
    client, django_capture_on_commit_callbacks
):
    user = VerifiedUserFactory(email="grace@example.com")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/accounts/email/", {"action_add": "", "email": "new@example.com"})
        assert asked.status_code == 302
        assert asked["Location"].startswith("/accounts/reauthenticate/")
        assert not EmailAddress.objects.filter(email="new@example.com").exists()

        resumed = client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    assert resumed.status_code == 200
    code_email = next(m for m in mail.outbox if m.to == ["new@example.com"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/confirm-email/", {"code": verification_code(code_email)})

    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        "new@example.com"
    ]
    notice = next(m for m in mail.outbox if m.to == ["grace@example.com"])
    assert "new@example.com" in notice.body


def test_account_pages_have_no_inline_scripts_or_styles(client):
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        html = client.get(path).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html
    client.force_login(VerifiedUserFactory())
    for path in ["/accounts/email/", "/accounts/2fa/", "/accounts/settings/"]:
        html = client.get(path).content.decode()
        assert "style=" not in html and "<style" not in html
