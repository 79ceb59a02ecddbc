"""No serious or critical axe-core violations on the brokerage pages (demo data)."""

import pytest

from brokerage.models import Participant
from portal.tests.test_accessibility import PASSWORD, member, serious_violations  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE = "/events/demo-materials-open-day/matchmaking/"


def test_brokerage_pages_have_no_serious_accessibility_violations(live_server, page, member):  # noqa: F811
    # Ada belongs to the organisation running the demo open day: she is its organiser.
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email", exact=True).fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")
    other = Participant.objects.exclude(organisation__slug="demo-mersey-coatings").first()
    paths = ["", "setup/", "setup/sessions/new/", "organise/", "organise/plan/", "register/",
             "participants/", f"participants/{other.pk}/"]  # fmt: skip
    found = {}
    for path in paths:
        page.goto(live_server.url + BASE + path)
        if problems := serious_violations(page):
            found[path] = problems
    Participant.objects.filter(user__email="demo-mersey-coatings@example.invalid").update(
        user=member
    )  # Ada takes the demo registration: her requests and agenda
    for path in ["requests/", "agenda/"]:
        page.goto(live_server.url + BASE + path)
        if problems := serious_violations(page):
            found[path] = problems
    assert found == {}
