"""Creating, editing and browsing organisation profiles."""

import io
import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Membership, Organisation
from accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    VerifiedUserFactory,
    sign_in_with_two_factor,
)
from portal.models import FocalArea, Keyword, Sector
from portal.tests.images import animated_gif, jpeg_with_metadata_and_payload, png_bytes

pytestmark = pytest.mark.django_db


def profile(**extra):
    return {
        "name": "Mersey Materials",
        "kind": "sme",
        "size_band": "small",
        "capabilities_text": "Mass  Spectrometry, formulation, mass spectrometry",
        "description": "We **make** things. <script>alert(1)</script>",
        "website": "https://mersey.example.com",
        "town": "Runcorn",
        "postcode": "WA7 1AA",
        "contact_email": "hello@mersey.example.com",
        "visibility": "public",
        **extra,
    }


@pytest.fixture
def member(client):
    user = VerifiedUserFactory()
    client.force_login(user)
    return user


def test_onboarding_offers_to_create_an_organisation(client, member):
    html = client.get("/accounts/welcome/").content.decode()
    assert "Create your organisation" in html and "Join an existing organisation" in html


def test_creating_an_organisation_makes_the_creator_its_owner(client, member):
    infection = FocalArea.objects.get(slug="infection")

    response = client.post(
        "/organisations/new/",
        profile(focal_areas=[infection.pk], logo=SimpleUploadedFile("logo.png", png_bytes())),
    )

    organisation = Organisation.objects.get(name="Mersey Materials")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{organisation.slug}/get-started/"
    assert Membership.objects.get(organisation=organisation).user == member
    assert Membership.objects.get(organisation=organisation).role == "owner"
    assert list(organisation.focal_areas.all()) == [infection]
    assert sorted(k.name for k in organisation.capabilities.all()) == [
        "formulation",
        "mass spectrometry",
    ]
    assert organisation.logo.name.startswith("logos/") and organisation.logo.name.endswith(".png")
    assert "logo" not in organisation.logo.name.removeprefix("logos/")


def test_posting_verified_owner_or_another_organisations_id_changes_nothing(client, member):
    other = OrganisationFactory(name="Someone Else")
    stranger = VerifiedUserFactory()

    client.post(
        "/organisations/new/",
        profile(
            verified="on",
            is_demo="on",
            owner=stranger.pk,
            members=[stranger.pk],
            id=other.pk,
            pk=other.pk,
            slug="someone-else",
        ),
    )

    organisation = Organisation.objects.get(name="Mersey Materials")
    assert not organisation.verified and not organisation.is_demo
    assert organisation.pk != other.pk and organisation.slug == "mersey-materials"
    assert list(organisation.members.all()) == [member]
    other.refresh_from_db()
    assert other.name == "Someone Else" and not other.members.exists()


def test_editing_ignores_verified_and_keeps_the_owner(client, member):
    organisation = MembershipFactory(user=member).organisation

    client.post(f"/organisations/{organisation.slug}/edit/", profile(verified="on", owner="1"))

    organisation.refresh_from_db()
    assert organisation.name == "Mersey Materials" and not organisation.verified
    assert organisation.memberships.get().user == member


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile(
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                content_type="image/svg+xml",
            ),
            "SVG images are not accepted",
        ),
        (
            SimpleUploadedFile(
                "sneaky.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'
            ),
            "SVG images are not accepted",
        ),
        (
            SimpleUploadedFile("logo.png", b"MZ this is not an image at all", "image/png"),
            "The file is not an image we can read",
        ),
        (
            SimpleUploadedFile("huge.png", png_bytes() + b"\0" * (2 * 1024 * 1024), "image/png"),
            "The logo must be 2 MB or smaller",
        ),
    ],
    ids=["svg", "svg-named-png", "not-an-image", "oversize"],
)
def test_bad_logos_are_refused_with_a_clear_message(client, member, upload, message):
    response = client.post("/organisations/new/", profile(logo=upload))

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert not Organisation.objects.filter(name="Mersey Materials").exists()


def test_an_animation_too_costly_to_re_encode_is_refused_within_a_second(client, member):
    """The probe: a 2 MB GIF of 150 frames of 4000 by 4000 pixels tied up a worker for
    31 s and 1.6 GB. Its headers now say it is over the budget before any decoding."""
    upload = SimpleUploadedFile("logo.gif", animated_gif(), "image/gif")
    assert upload.size < 2 * 1024 * 1024

    started = time.monotonic()
    response = client.post("/organisations/new/", profile(logo=upload))
    elapsed = time.monotonic() - started

    assert elapsed < 1
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The logo is too large to process" in html
    assert "this one has 150 frames of 4000 by 4000 pixels" in html
    assert not Organisation.objects.filter(name="Mersey Materials").exists()


def test_a_small_animated_logo_is_within_the_budget(client, member):
    upload = SimpleUploadedFile("logo.gif", animated_gif(frames=10, side=200), "image/gif")

    assert client.post("/organisations/new/", profile(logo=upload)).status_code == 302
    assert Organisation.objects.get(name="Mersey Materials").logo.name.endswith(".gif")


def test_profile_renders_sanitised_markdown_and_a_verified_badge(client):
    organisation = OrganisationFactory(
        verified=True, description="We **make** things. <script>alert(1)</script>"
    )

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "<strong>make</strong>" in html and "<script>alert(1)" not in html
    assert "badge-verified" in html


def test_contact_details_are_shown_to_signed_in_visitors_only(client):
    organisation = OrganisationFactory(
        contact_email="hello@mersey.example.com", phone="0151 000 0000", postcode="L3 5TQ"
    )

    anonymous = client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(VerifiedUserFactory())
    signed_in = client.get(organisation.get_absolute_url()).content.decode()

    for detail in ["hello@mersey.example.com", "0151 000 0000", "L3 5TQ"]:
        assert detail not in anonymous
        assert detail in signed_in
    assert "Sign in</a> to see contact details" in anonymous


def test_members_only_profiles_are_404_to_anonymous_visitors(client):
    hidden = OrganisationFactory(name="Quiet Ltd", visibility="members")

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Quiet Ltd" not in client.get("/organisations/").content.decode()
    client.force_login(VerifiedUserFactory())
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert "Quiet Ltd" in client.get("/organisations/").content.decode()


def test_the_team_is_listed_on_the_profile_for_its_members_only(client):
    owner = MembershipFactory(user=VerifiedUserFactory(name="Ada Owner")).user
    organisation = owner.organisations.get()

    client.force_login(VerifiedUserFactory())
    assert "Ada Owner" not in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(owner)
    assert "Ada Owner" in client.get(organisation.get_absolute_url()).content.decode()


# --- The directory -------------------------------------------------------------------


@pytest.fixture
def directory():
    materials = FocalArea.objects.get(slug="materials-chemistry")
    infection = FocalArea.objects.get(slug="infection")
    chemicals = Sector.objects.create(name="Chemicals", slug="chemicals")
    coatings = OrganisationFactory(
        name="Mersey Coatings", kind="sme", size_band="small", sector=chemicals
    )
    coatings.focal_areas.set([materials, infection])
    coatings.capabilities.set(Keyword.objects.from_text("spray drying, formulation"))
    lab = OrganisationFactory(name="Wirral Diagnostics", kind="research", size_band="micro")
    lab.focal_areas.set([infection])
    OrganisationFactory(name="Halton Analytics", kind="large", town="Widnes")
    return coatings, lab


def names(response):
    return [o.name for o in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Halton Analytics", "Mersey Coatings", "Wirral Diagnostics"]),
        ("q=coatings", ["Mersey Coatings"]),
        ("q=spray+drying", ["Mersey Coatings"]),
        ("q=widnes", ["Halton Analytics"]),
        ("kind=research", ["Wirral Diagnostics"]),
        ("sector=chemicals", ["Mersey Coatings"]),
        ("focal_area=infection", ["Mersey Coatings", "Wirral Diagnostics"]),
        ("size_band=micro", ["Wirral Diagnostics"]),
        ("focal_area=infection&kind=sme", ["Mersey Coatings"]),
    ],
)
def test_directory_filters(client, directory, query, expected):
    response = client.get("/organisations/?" + query)
    assert response.status_code == 200
    assert names(response) == expected


def test_a_many_to_many_filter_lists_each_organisation_once(client, directory):
    response = client.get("/organisations/?q=formulation+spray")
    assert names(response) == ["Mersey Coatings"]


def test_invalid_filter_values_show_a_message_not_an_error(client, directory):
    response = client.get("/organisations/?kind=spaceship&focal_area=nope&sector=none")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were not understood" in html
    assert "Select a valid choice" in html
    assert len(names(response)) == 3


def test_directory_paginates_and_keeps_the_filters(client):
    for n in range(25):
        OrganisationFactory(name=f"SME {n:02}", kind="sme")

    html = client.get("/organisations/?kind=sme").content.decode()

    assert "Page 1 of 2" in html and "?kind=sme&amp;page=2" in html


@pytest.mark.parametrize("count", [3, 30])
def test_directory_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    areas = list(FocalArea.objects.all())
    sector = Sector.objects.create(name="Chemicals", slug="chemicals")
    for _ in range(count):
        OrganisationFactory(sector=sector).focal_areas.set(areas)

    with django_assert_max_num_queries(6):
        client.get("/organisations/?focal_area=infection")


@pytest.mark.parametrize("name", ["New", "Invitations"])
def test_an_organisation_named_like_a_portal_page_gets_a_slug_of_its_own(client, member, name):
    response = client.post("/organisations/new/", profile(name=name))

    organisation = Organisation.objects.get(name=name)
    assert organisation.slug == f"{name.lower()}-organisation"
    assert response["Location"] == f"/organisations/{organisation.slug}/get-started/"
    assert name in client.get(organisation.get_absolute_url()).content.decode()


def test_curators_cannot_give_an_organisation_a_reserved_slug():
    organisation = OrganisationFactory.build(name="New", slug="new")

    with pytest.raises(ValidationError, match="is a page of the portal"):
        organisation.full_clean()


def test_a_refused_edit_keeps_the_saved_name_in_the_page_header(client, member):
    organisation = MembershipFactory(user=member, organisation__name="Mersey Coatings").organisation

    response = client.post(
        f"/organisations/{organisation.slug}/edit/",
        profile(name="Renamed <b>Ltd</b>", website="not a web address"),
    )

    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "<h1>Edit Mersey Coatings</h1>" in html
    assert "<title>Edit Mersey Coatings" in html
    assert 'value="Renamed &lt;b&gt;Ltd&lt;/b&gt;"' in html  # the posted value stays in the field
    organisation.refresh_from_db()
    assert organisation.name == "Mersey Coatings"


def test_logos_are_stored_re_encoded_without_metadata_or_trailing_bytes(client, member):
    upload = jpeg_with_metadata_and_payload()
    assert b"Ada Lovelace" in upload

    client.post(
        "/organisations/new/",
        profile(logo=SimpleUploadedFile("My Photo.jpeg", upload, "image/jpeg")),
    )

    logo = Organisation.objects.get(name="Mersey Materials").logo
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.jpg", logo.name)
    with logo.open("rb") as stored:
        content = stored.read()
    assert b"<?php" not in content and b"Ada Lovelace" not in content and b"secret" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()


def test_logos_uploaded_in_the_admin_are_checked_too(client):
    organisation = OrganisationFactory(name="Mersey Coatings")
    sign_in_with_two_factor(client, UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/accounts/organisation/{organisation.pk}/change/"
    data = {
        "name": organisation.name,
        "slug": organisation.slug,
        "kind": organisation.kind,
        "visibility": "public",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }

    refused = client.post(url, {**data, "logo": SimpleUploadedFile("x.svg", b"<svg/>")})
    assert refused.status_code == 200 and "SVG images are not accepted" in refused.content.decode()

    upload = SimpleUploadedFile("My Photo.jpg", jpeg_with_metadata_and_payload())
    assert client.post(url, {**data, "logo": upload}).status_code == 302
    organisation.refresh_from_db()
    with organisation.logo.open("rb") as stored:
        assert b"<?php" not in stored.read()


# --- The directory's count kept in the cache (portal.pagecache.kept) ---------------------


def _set(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


DIRECTORY_WRITES = {
    "created": lambda: OrganisationFactory(kind="sme"),
    "hidden": lambda: _set(Organisation.objects.get(slug="org-1"), visibility="members"),
    "shown": lambda: _set(Organisation.objects.get(slug="org-hidden"), visibility="public"),
    "edited": lambda: _set(Organisation.objects.get(slug="org-2"), kind="university"),
    "deleted": lambda: Organisation.objects.get(slug="org-3").delete(),
    "bulk update": lambda: Organisation.objects.filter(slug="org-1").update(kind="large"),
    "focal area removed": lambda: Organisation.objects.get(slug="org-2").focal_areas.clear(),
}


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
@pytest.mark.parametrize("write", list(DIRECTORY_WRITES))
@pytest.mark.parametrize(
    "url", ["/organisations/", "/organisations/?kind=sme&focal_area=infection&q=org"]
)
def test_a_write_changes_the_kept_directory_count_on_the_next_request(
    client, settings, write, signed_in, url
):
    settings.PAGE_CACHE_SECONDS = 60  # the count cache on (it is off without Redis)
    infection = FocalArea.objects.get(slug="infection")
    for n in range(1, 4):
        OrganisationFactory(slug=f"org-{n}", name=f"Org {n}", kind="sme").focal_areas.add(infection)
    OrganisationFactory(slug="org-hidden", name="Org hidden", kind="sme", visibility="members")
    if signed_in:
        client.force_login(VerifiedUserFactory())

    def counts():
        kept = client.get(url).context["page_obj"].paginator.count
        settings.PAGE_CACHE_SECONDS = 0
        fresh = client.get(url).context["page_obj"].paginator.count
        settings.PAGE_CACHE_SECONDS = 60
        return kept, fresh

    kept, fresh = counts()
    assert kept == fresh
    DIRECTORY_WRITES[write]()
    kept_after, fresh_after = counts()
    assert kept_after == fresh_after


def test_the_directory_count_is_kept_between_requests(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 60
    OrganisationFactory.create_batch(3, kind="sme")
    with CaptureQueriesContext(connection) as first:
        client.get("/organisations/?kind=sme")
    with CaptureQueriesContext(connection) as second:
        response = client.get("/organisations/?kind=sme&page=1")

    assert len(second) == len(first) - 1
    assert response.context["page_obj"].paginator.count == 3
