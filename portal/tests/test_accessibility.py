"""No serious or critical axe-core violations on the main pages (DESIGN.md section 7).

axe-core is vendored from npm (portal/tests/vendor/axe.min.js, `make vendor`) and run in
Debian's Chromium through Playwright. It is evaluated through the DevTools protocol, so
the pages' Content-Security-Policy stays as strict as in production.
"""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from accounts.models import Membership, Organisation, User
from opportunities.models import Opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
PASSWORD = "a-long-and-unusual-passphrase"

PUBLIC_PAGES = [
    "/",
    "/assets/",
    "/assets/map/",
    "/assets/materials-innovation-factory/",
    "/opportunities/",
    "/opportunities/demo-partner-for-high-throughput-coatings-testing/",
    "/events/",
    "/news/",
    "/organisations/",
    "/organisations/university-of-liverpool/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/newsletter/subscribe/",
]
MEMBER_PAGES = [
    "/dashboard/",
    "/opportunities/new/",
    "/accounts/settings/",
    "/organisations/demo-mersey-coatings/get-started/",
    "/opportunities/demo-partner-for-high-throughput-coatings-testing/close/confirm/",
]


def serious_violations(page):
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def member():
    call_command("seed_lcr", "--demo")
    user = User.objects.create_user("ada@example.com", PASSWORD, name="Ada Lovelace")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(slug="demo-mersey-coatings"), role="owner"
    )
    assert Opportunity.objects.filter(is_demo=True).exists()
    return user


def test_main_pages_have_no_serious_accessibility_violations(live_server, page, member):
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(live_server.url + path)
        if problems := serious_violations(page):
            found[path] = problems

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    for path in MEMBER_PAGES:
        page.goto(live_server.url + path)
        if problems := serious_violations(page):
            found[path] = problems

    assert found == {}
