"""A NUL byte anywhere in a request is refused with a 400 before it reaches PostgreSQL."""

import pytest

from portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/feeds/opportunities/?focal_area=%00", 404),  # no such focal area
        ("/feeds/opportunities/?kind=%00", 404),
        ("/events.ics?%00=1", 200),
        ("/assets/?q=nmr%00", 200),
        ("/assets/?town=%00", 200),
        ("/opportunities/?q=%00", 200),
        ("/opportunities/?organisation_kind=%00", 200),
        ("/organisations/?q=a%00b", 200),
        ("/organisations/?sector=%00", 200),
        ("/news/?page=%00", 200),
    ],
)
def test_a_nul_in_the_query_string_is_an_unknown_value_not_an_error(client, url, status):
    response = client.get(url)

    assert response.status_code == status


def test_a_nul_in_a_filter_is_reported_like_any_value_not_understood(client):
    html = client.get("/organisations/?sector=%00").content.decode()

    assert "Some filters were not understood" in html


@pytest.mark.parametrize("url", ["/news/%00/", "/organisations/%00/", "/assets/a%00b/"])
def test_a_nul_in_the_path_is_a_bad_request(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_in_a_form_field_is_a_bad_request_and_saves_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "ada\x00@example.com",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )

    assert response.status_code == 400
    assert not OutgoingEmail.objects.exists()


def test_a_nul_in_the_newsletter_form_is_a_bad_request(client):
    response = client.post(
        "/newsletter/subscribe/", {"email": "ada@example.com", "consent": "on", "x": "\x00"}
    )

    assert response.status_code == 400


def test_a_nul_in_a_header_or_cookie_is_a_bad_request(client):
    assert client.get("/", headers={"user-agent": "curl\x00"}).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/").status_code == 400


def test_ordinary_requests_still_pass(client):
    assert client.get("/feeds/opportunities/?focal_area=infection").status_code == 200
    assert client.get("/assets/?q=nmr").status_code == 200
