"""What must hold with two web nodes behind a round-robin proxy (``make scale-smoke``,
.ci/smoke/scale.py). Not named test_*.py: the production smoke stage, which collects this
folder, has one node only; scale.py passes this file to pytest by name.

SMOKE_NODE_URLS names the nodes themselves (comma-separated); SMOKE_SITE_URL is the proxy.
"""

import io
import re
import urllib.parse
import urllib.request

import pytest
from people import PASSWORD, sign_up
from PIL import Image
from playwright.sync_api import expect

from conftest import Site, setting


@pytest.fixture(scope="session")
def nodes():
    urls = setting("SMOKE_NODE_URLS").split(",")
    assert len(urls) >= 2, "the scale stage needs two web nodes"
    return [Site(url) for url in urls]


def png(size=(96, 64)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_logo_uploaded_through_one_node_is_served_by_the_other_and_so_is_the_session(
    browser, browser_context_args, inbox, nodes, tmp_path
):
    first, second = nodes[:2]
    context = browser.new_context(**{**browser_context_args, "base_url": first.url})
    page = context.new_page()
    try:
        # Signed up and signed in on the first node; the organisation and its logo too.
        sign_up(page, inbox, "lou@prescot-cables.example")
        page.get_by_role("link", name="Create an organisation").click()
        page.get_by_label("Name").fill("Prescot Cables")
        page.get_by_label("Type of organisation").select_option(label="SME")
        logo = tmp_path / "logo.png"
        logo.write_bytes(png())
        page.get_by_label("Logo").set_input_files(str(logo))
        page.get_by_role("button", name="Create organisation").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Get Prescot Cables started")

        # The second node shows the same session (cookies are per host, not per port)...
        page.goto(second.url + "/dashboard/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    finally:
        context.close()

    # ...and the logo, from the object store, to a visitor with no cookies at all.
    profile = second.get("/organisations/prescot-cables/")
    assert profile.status == 200, profile.status
    src = re.search(r'<img class="org-logo" src="([^"]+)"', profile.text).group(1)
    src = src.replace("&amp;", "&")
    assert src.startswith(setting("SMOKE_MEDIA_URL")), src
    assert src == re.search(
        r'<img class="org-logo" src="([^"]+)"', first.get("/organisations/prescot-cables/").text
    ).group(1).replace("&amp;", "&")
    with urllib.request.urlopen(src, timeout=10) as response:  # noqa: S310 (loopback)
        assert response.headers["Content-Type"] == "image/png"
        with Image.open(io.BytesIO(response.read())) as image:
            assert image.format == "PNG" and image.size == (96, 64)


def login_attempt(node, address, password):
    """One sign-in from a fresh client, sent straight to ``node`` with the public Host
    header (as the proxy forwards it): the form for its CSRF token, then the POST."""
    public = urllib.parse.urlsplit(setting("SMOKE_SITE_URL"))
    form = node.get("/accounts/login/", Host=public.netloc)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": address, "password": password}
    )
    return node.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Host": public.netloc,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Origin": f"{public.scheme}://{public.netloc}",
        },
    ).status


def test_failed_sign_ins_are_counted_across_the_nodes(nodes):
    # allauth allows 5 failed sign-ins per address (and site) in 5 minutes
    # (ACCOUNT_RATE_LIMITS), counted in Redis: alternating nodes gets nobody more tries.
    statuses = [
        login_attempt(nodes[attempt % 2], "nobody@rate-limit.example", PASSWORD + "-wrong")
        for attempt in range(7)
    ]

    assert statuses[:5] == [200] * 5, statuses
    assert statuses[5:] == [429, 429], statuses
