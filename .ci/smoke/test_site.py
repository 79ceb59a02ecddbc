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
    "/ecosystem/",
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
ECOSYSTEM_CSV = re.compile(r'href="(/ecosystem/[\w-]+\.csv)"')
HASHED_STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')
ONE_YEAR = re.compile(r"max-age=315360000\b")


def test_readyz_answers_200_with_every_part_ok(site):
    response = site.get("/readyz")

    assert response.status == 200, response.text
    assert '"status": "ok"' in response.text


def test_every_public_page_answers_200(site, figures, news_post, demo_matchmaking):
    pages = [*PUBLIC_PAGES, news_post, demo_matchmaking]
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


def test_the_public_ecosystem_page_offers_its_charts_as_csv(site, figures):
    found = ECOSYSTEM_CSV.search(site.get("/ecosystem/").text)
    assert found, "no CSV download on /ecosystem/"

    response = site.get(found.group(1))

    assert response.status == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv"), response.headers
    assert "attachment" in response.headers["Content-Disposition"]
    assert len(response.text.splitlines()) >= 2, "the CSV has a header and no rows"
    figures.pages.add(found.group(1))


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


def test_curator_insights_and_matchmaking_organiser_pages_answer_200(
    curator, demo_matchmaking, figures
):
    """/insights/ and one of its CSVs, and the demo event's organiser pages, as a curator
    (a two-factor session) sees them."""
    response = curator.goto("/insights/")
    assert response.status == 200, f"/insights/: {response.status}"
    expect(curator.get_by_role("heading", level=1)).to_have_text("Insights")
    figures.pages.add("/insights/")
    csv_links = curator.get_by_role("link", name=re.compile(r"^Download .+ as CSV$"))
    downloads = [csv_links.first.get_attribute("href")]

    organise = f"{demo_matchmaking}organise/"
    for path, heading in [
        (demo_matchmaking, "Matchmaking at"),
        (organise, "Organiser page:"),
        (f"{demo_matchmaking}organise/plan/", "Table plan:"),
        (f"{demo_matchmaking}setup/", "Matchmaking for"),
        (f"{demo_matchmaking}participants/", "Participants"),
    ]:
        response = curator.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        expect(curator.get_by_role("heading", level=1)).to_contain_text(heading)
        figures.pages.add(path)
    curator.goto(organise)
    downloads.append(
        curator.get_by_role("link", name="Download meetings (CSV)").get_attribute("href")
    )

    for href in downloads:
        response = curator.request.get(href)  # the curator's cookies, not a browser tab
        assert response.status == 200, f"{href}: {response.status}"
        assert response.headers["content-type"].startswith("text/csv"), href
        assert len(response.text().splitlines()) >= 2, f"{href}: a header and no rows"
        figures.pages.add(href.split("?")[0])
