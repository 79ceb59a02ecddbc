"""The live production site: every public page, the main signed-in pages, static files
and readiness answer as a deployment must."""

import re

from people import create_organisation, sign_up
from playwright.sync_api import expect

PUBLIC_PAGES = [
    "/",
    "/assets/",
    "/assets/map/",
    "/assets/export.csv",
    "/assets/export.json",
    "/opportunities/",
    "/events/",
    "/news/",
    "/organisations/",
    "/newsletter/subscribe/",
    "/newsletter/subscribe/check-your-inbox/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/feeds/opportunities/",
    "/feeds/news/",
    "/events.ics",
    "/sitemap.xml",
    "/healthz",
    "/readyz",
]
# One detail page of each kind, found by following the first link on its list.
DETAIL_LINKS = [
    ("/assets/", r'href="(/assets/(?!map/|enquiries/|export)[\w-]+/)"'),
    ("/opportunities/", r'href="(/opportunities/(?!new/|mine/|interests/)[\w-]+/)"'),
    ("/events/", r'href="(/opportunities/(?!new/|mine/|interests/)[\w-]+/)"'),
    ("/organisations/", r'href="(/organisations/(?!new/|invitations/)[\w-]+/)"'),
]
HASHED_STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')
ONE_YEAR = re.compile(r"max-age=315360000\b")


def test_readyz_answers_200_with_every_part_ok(site):
    response = site.get("/readyz")

    assert response.status == 200, response.text
    assert '"status": "ok"' in response.text


def test_every_public_page_answers_200(site, figures, news_post):
    pages = [*PUBLIC_PAGES, news_post]
    for list_page, pattern in DETAIL_LINKS:
        found = re.search(pattern, site.get(list_page).text)
        assert found, f"no detail link on {list_page}"
        pages.append(found.group(1))

    failures = []
    for path in dict.fromkeys(pages):
        response = site.get(path)
        if response.status != 200:
            failures.append(f"{path}: {response.status}")
        figures.pages.add(path)
    assert not failures, failures


def test_static_files_have_hashed_names_and_are_cached_for_a_year(site, figures):
    names = set()
    for path in ["/", "/assets/map/", "/accounts/login/"]:
        names |= set(HASHED_STATIC.findall(site.get(path).text))
    assert any(name.endswith(".css") for name in names)
    assert any("/vendor/leaflet/leaflet." in name for name in names)

    for name in sorted(names):
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), f"{name} is not a hashed name"
        response = site.get(name, **{"Accept-Encoding": "gzip"})
        assert response.status == 200, name
        cache = response.headers["Cache-Control"]
        assert ONE_YEAR.search(cache) and "immutable" in cache, f"{name}: {cache}"
        if name.endswith((".css", ".js")):
            assert response.headers["Content-Encoding"] == "gzip", name
        figures.static_files.add(name)


def test_main_signed_in_pages_answer_200(new_person, inbox, figures):
    page = new_person()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_up(page, inbox, "sam@sefton-sensors.example")
    create_organisation(page, "Sefton Sensors", "gas sensing, calibration")
    get_started = re.sub(r"^https?://[^/]+", "", page.url)
    organisation = get_started.removesuffix("get-started/")
    team_path = f"{organisation}team/"

    for path, heading in [
        ("/dashboard/", "Your dashboard"),
        ("/accounts/welcome/", None),
        ("/accounts/settings/", None),
        ("/accounts/email/", None),
        ("/accounts/password/change/", None),
        ("/accounts/2fa/", None),
        ("/organisations/new/", None),
        (get_started, "Get Sefton Sensors started"),
        (organisation, "Sefton Sensors"),
        (f"{organisation}edit/", None),
        (team_path, "Sefton Sensors: team"),
        (f"{organisation}invite/", None),
        ("/opportunities/new/", None),
        ("/opportunities/mine/", None),
        ("/opportunities/interests/", None),
        ("/opportunities/interests/?box=sent", None),
        ("/assets/enquiries/", None),
        ("/newsletter/account/", None),
    ]:
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        figures.pages.add(path)
    assert errors == []


def test_curator_admin_pages_answer_200(curator, figures):
    errors = []

    def console_error(message):
        if message.type == "error":
            errors.append(message.text)

    curator.on("console", console_error)  # the curator's page is shared: remove it after
    try:
        for path in [
            "/admin/",
            "/admin/opportunities/pendingopportunity/",
            "/admin/opportunities/opportunity/",
            "/admin/newsletter/digest/",
            "/admin/newsletter/digest/add/",
            "/admin/newsletter/subscriber/",
            "/admin/assets/asset/",
            "/admin/assets/asset/add/",
            "/admin/portal/newspost/",
        ]:
            response = curator.goto(path)
            assert response.status == 200, f"{path}: {response.status}"
            figures.pages.add(path)
    finally:
        curator.remove_listener("console", console_error)
    assert errors == []
