import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    """Post the signup form; run the on-commit callbacks that queue and send its email."""

    def post(email="ada@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
            )

    return post


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_user_is_created_with_email_as_login():
    user = User.objects.create_user("Ada@Example.com", PASSWORD)
    assert user.email == "ada@example.com"
    assert not hasattr(user, "username") or user.username is None
    assert User.USERNAME_FIELD == "email"


def test_signup_sends_a_confirmation_email_with_text_and_html(client, sign_up):
    response = sign_up()

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.com"]
    assert "/accounts/confirm-email/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "confirm-email" in html


def test_unverified_user_cannot_sign_in(client, sign_up):
    sign_up()
    client.logout()

    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirmation_link_needs_a_post_and_then_signs_in(client, sign_up):
    sign_up()
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email="ada@example.com").verified

    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ada@example.com").verified
    assert client.get("/dashboard/").status_code == 200


def test_verified_user_signs_in_with_email_and_password(client):
    user = User.objects.create_user("grace@example.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post("/accounts/login/", {"login": "grace@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
