"""Staff powers need a session that passed two-factor authentication (issue 11).

The probe: a staff account without an authenticator app signed in with its password alone
and opened drafts, pending and rejected opportunities and saw anonymous posters, because
only /admin/ was guarded. Until the session passes an authenticator step, a staff member is
an ordinary user on every page that treats staff differently.
"""

import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail

from accounts.tests.factories import (
    OrganisationFactory,
    VerifiedUserFactory,
    sign_in_with_two_factor,
    with_authenticator,
)
from accounts.tests.helpers import totp_code
from assets.models import Asset
from assets.tests.factories import AssetFactory
from opportunities.models import Opportunity
from opportunities.tests.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET = "Secret Widgets Ltd"


@pytest.fixture
def unpublished():
    """One of each thing only staff (and owners) may open, and what it shows them."""
    secret = OrganisationFactory(name=SECRET, slug="secret-widgets")
    draft_parent = AssetFactory(name="Unannounced building", status=Asset.Status.DRAFT)
    return {
        "draft": OpportunityFactory(title="Draft call", status=Opportunity.Status.DRAFT),
        "pending": OpportunityFactory(title="Pending call", status=Opportunity.Status.PENDING),
        "rejected": OpportunityFactory(title="Rejected call", status=Opportunity.Status.REJECTED),
        "anonymous": OpportunityFactory(
            title="Anonymous call", is_anonymous=True, organisation=secret
        ),
        "draft_asset": AssetFactory(name="Draft lab", status=Asset.Status.DRAFT),
        "child_asset": AssetFactory(name="Cleanroom", parent=draft_parent),
    }


def staff_view(client, things):
    """What a signed-in client sees on every page that treats staff differently."""
    seen = {}
    for name in ["draft", "pending", "rejected"]:
        url = things[name].get_absolute_url()
        seen[name] = client.get(url).status_code
        seen[f"{name} interest form"] = client.get(url + "interest/").status_code
    seen["anonymous poster named"] = (
        SECRET in client.get(things["anonymous"].get_absolute_url()).content.decode()
    )
    seen["draft asset"] = client.get(things["draft_asset"].get_absolute_url()).status_code
    seen["draft parent named"] = (
        "Unannounced building"
        in client.get(things["child_asset"].get_absolute_url()).content.decode()
    )
    admin = client.get("/admin/")
    seen["admin"] = admin.status_code
    return seen


ORDINARY = {
    "draft": 404,
    "draft interest form": 404,
    "pending": 404,
    "pending interest form": 404,
    "rejected": 404,
    "rejected interest form": 404,
    "anonymous poster named": False,
    "draft asset": 404,
    "draft parent named": False,
    "admin": 302,
}


def test_staff_signed_in_with_a_password_alone_are_ordinary_users_everywhere(client, unpublished):
    curator = VerifiedUserFactory(email="cora@example.com", is_staff=True, is_superuser=True)
    signed_in = client.post("/accounts/login/", {"login": curator.email, "password": PASSWORD})
    assert signed_in.status_code == 302 and "_auth_user_id" in client.session

    assert staff_view(client, unpublished) == ORDINARY
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_staff_with_an_authenticator_but_no_two_factor_step_this_session_are_ordinary(
    client, unpublished
):
    curator = with_authenticator(VerifiedUserFactory(is_staff=True, is_superuser=True))
    client.force_login(curator)

    assert staff_view(client, unpublished) == ORDINARY
    assert client.get("/admin/")["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"


def test_staff_who_passed_two_factor_have_their_powers(client, unpublished):
    sign_in_with_two_factor(client, VerifiedUserFactory(is_staff=True, is_superuser=True))

    assert staff_view(client, unpublished) == {
        "draft": 200,
        "draft interest form": 200,
        "pending": 200,
        "pending interest form": 200,
        "rejected": 200,
        "rejected interest form": 200,
        "anonymous poster named": True,
        "draft asset": 200,
        "draft parent named": True,
        "admin": 200,
    }


def test_a_staff_accounts_first_authenticator_needs_the_password_and_an_emailed_code(
    client, django_capture_on_commit_callbacks
):
    curator = VerifiedUserFactory(email="cora@example.com", is_staff=True)
    client.force_login(curator)  # a session that did not just type the password
    activate = "/accounts/2fa/totp/activate/"

    asked_password = client.get(activate)
    assert asked_password.status_code == 302
    assert asked_password["Location"].startswith("/accounts/reauthenticate/")

    after_password = client.post(asked_password["Location"], {"password": PASSWORD})
    assert after_password["Location"] == activate
    # The password alone does not open enrolment: a code sent to the address is needed.
    asked_code = client.get(activate)
    assert asked_code.status_code == 302
    assert asked_code["Location"].startswith("/accounts/reauthenticate/code/")

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(asked_code["Location"], {"recipient": curator.email})
    assert sent.status_code == 302
    code_email = next(m for m in mail.outbox if m.to == [curator.email])
    code_sent = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", code_email.body, re.MULTILINE).group(1)
    confirmed = client.post(sent["Location"], {"code": code_sent})
    assert confirmed["Location"] == activate

    page = client.get(activate)
    assert page.status_code == 200
    secret = re.search(r"[A-Z2-7]{32}", page.content.decode()).group(0)
    code = totp_code(secret)
    assert client.post(activate, {"code": code}).status_code == 302
    assert Authenticator.objects.filter(user=curator, type=Authenticator.Type.TOTP).exists()


def test_ordinary_users_enrol_with_their_password_as_before(client):
    user = VerifiedUserFactory()
    client.force_login(user)

    asked = client.get("/accounts/2fa/totp/activate/")
    resumed = client.post(asked["Location"], {"password": PASSWORD})

    assert resumed["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_no_code_or_template_trusts_is_staff_directly():
    """Keep it found: staff powers are asked for as ``has_staff_powers``, never
    ``.is_staff`` (which is true before the two-factor step)."""
    root = Path(settings.BASE_DIR)
    allowed = {"accounts/models.py", "accounts/middleware.py"}
    folders = [p for p in root.iterdir() if (p / "__init__.py").exists()]
    sources = [
        path
        for folder, pattern in [*[(f, "**/*.py") for f in folders], (root, "templates/**/*.html")]
        for path in folder.glob(pattern)
        if "tests" not in path.parts
    ]
    trusting = [
        str(path.relative_to(root))
        for path in sources
        # Reading the flag trusts it; setting it (creating a curator) does not.
        if re.search(r"\.is_staff\b(?!\s*=[^=])", path.read_text())
        and str(path.relative_to(root)) not in allowed
    ]

    assert sources and trusting == []
