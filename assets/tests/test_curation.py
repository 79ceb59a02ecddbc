"""Curators run the directory from the admin: permissions, bulk actions, staleness report."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from accounts.models import Organisation
from accounts.tests.factories import (
    OrganisationFactory,
    UserFactory,
    curator_user,
    sign_in_with_two_factor,
)
from assets.models import Asset
from assets.tasks import email_stale_assets_report
from assets.tests.factories import AssetFactory, EnquiryFactory
from portal.models import NewsPost
from portal.tests.images import jpeg_with_metadata_and_payload, png_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/assets/asset/"


@pytest.fixture
def curator():
    """A curator as the README describes one: the Curators group, not a superuser."""
    return curator_user(email="curator@example.com", name="Cora Curator")


def test_the_curators_group_has_exactly_the_permissions_curation_needs():
    group = Group.objects.get(name="Curators")

    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("accounts", "add_organisation"),
        ("accounts", "change_organisation"),
        ("accounts", "view_organisation"),
        ("assets", "add_accessmodel"),
        ("assets", "add_asset"),
        ("assets", "change_accessmodel"),
        ("assets", "change_asset"),
        ("assets", "change_changerequest"),
        ("assets", "change_enquiry"),
        ("assets", "view_accessmodel"),
        ("assets", "view_asset"),
        ("assets", "view_assetchange"),
        ("assets", "view_changerequest"),
        ("assets", "view_confirmation"),
        ("assets", "view_enquiry"),
        # Curators edit the matching thesaurus (issue 14).
        ("matching", "add_thesaurusset"),
        ("matching", "change_thesaurusset"),
        ("matching", "delete_thesaurusset"),
        ("matching", "view_termweight"),
        ("matching", "view_thesaurusset"),
        ("newsletter", "add_digest"),
        ("newsletter", "change_digest"),
        ("newsletter", "change_subscriber"),
        ("newsletter", "view_consentrecord"),
        ("newsletter", "view_delivery"),
        ("newsletter", "view_digest"),
        ("newsletter", "view_subscriber"),
        ("opportunities", "change_opportunity"),
        ("opportunities", "change_pendingopportunity"),
        ("opportunities", "view_expressionofinterest"),
        ("opportunities", "view_opportunity"),
        ("opportunities", "view_pendingopportunity"),
        ("portal", "add_keyword"),
        ("portal", "add_newspost"),
        ("portal", "change_newspost"),
        ("portal", "view_keyword"),
        ("portal", "view_newspost"),
        ("portal", "view_sector"),
    ]


def test_create_curator_makes_a_staff_member_of_the_group_who_can_sign_in(client, monkeypatch):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "a-long-and-unusual-passphrase")
    out = io.StringIO()

    call_command("create_curator", "Cora@Example.com", "--name", "Cora", "--noinput", stdout=out)

    user = get_user_model().objects.get(email="cora@example.com")
    assert user.is_staff and not user.is_superuser and user.name == "Cora"
    assert list(user.groups.values_list("name", flat=True)) == ["Curators"]
    assert EmailAddress.objects.get(user=user).verified
    assert "cora@example.com is ready to sign in" in out.getvalue()
    response = client.post(
        "/accounts/login/",
        {"login": "cora@example.com", "password": "a-long-and-unusual-passphrase"},
    )
    assert response.status_code == 302
    # The admin first asks for an authenticator app.
    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_create_curator_refuses_a_weak_password_or_none(monkeypatch):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "password")
    with pytest.raises(CommandError, match="too common"):
        call_command("create_curator", "cora@example.com", "--noinput")
    monkeypatch.delenv("DJANGO_CURATOR_PASSWORD")
    with pytest.raises(CommandError, match="Set DJANGO_CURATOR_PASSWORD"):
        call_command("create_curator", "cora@example.com", "--noinput")
    assert not get_user_model().objects.filter(email="cora@example.com").exists()


def test_a_curator_edits_an_asset_in_the_admin_and_it_is_in_the_history(client, curator):
    asset = AssetFactory(name="Old name")
    sign_in_with_two_factor(client, curator)
    form = client.get(f"{CHANGELIST}{asset.pk}/change/")
    assert form.status_code == 200

    response = client.post(
        f"{CHANGELIST}{asset.pk}/change/",
        {
            "name": "New name",
            "slug": asset.slug,
            "kind": asset.kind,
            "status": "published",
            "operating_status": "open",
            "host": asset.host.pk,
            "summary": asset.summary,
            "town": "Liverpool",
            "last_verified": "2026-01-02",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    asset.refresh_from_db()
    assert asset.name == "New name"
    history = client.get(f"{CHANGELIST}{asset.pk}/history/").content.decode()
    assert "Changed Name" in history


def asset_change(client, asset, image):
    return client.post(
        f"{CHANGELIST}{asset.pk}/change/",
        {
            "name": asset.name,
            "slug": asset.slug,
            "kind": asset.kind,
            "status": "published",
            "operating_status": "open",
            "host": asset.host.pk,
            "summary": asset.summary,
            "last_verified": "2026-01-02",
            "image": image,
        },
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("photo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            "SVG images are not accepted",
        ),
        (
            SimpleUploadedFile("huge.png", png_bytes() + b"\0" * (2 * 1024 * 1024)),
            "The image must be 2 MB or smaller",
        ),
        (SimpleUploadedFile("tall.png", png_bytes((10, 4001))), "at most 4000 pixels"),
    ],
    ids=["svg", "oversize", "too-many-pixels"],
)
def test_asset_images_are_limited_like_logos(client, curator, upload, message):
    asset = AssetFactory()
    sign_in_with_two_factor(client, curator)

    response = asset_change(client, asset, upload)

    assert response.status_code == 200 and message in response.content.decode()
    asset.refresh_from_db()
    assert not asset.image


def test_asset_images_are_stored_re_encoded_without_metadata_or_trailing_bytes(client, curator):
    asset = AssetFactory()
    sign_in_with_two_factor(client, curator)

    response = asset_change(
        client, asset, SimpleUploadedFile("Ada's lab.jpg", jpeg_with_metadata_and_payload())
    )

    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.image.name.startswith("assets/image") and asset.image.name.endswith(".jpg")
    with asset.image.open("rb") as stored:
        content = stored.read()
    assert b"<?php" not in content and b"Ada Lovelace" not in content
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_staff_outside_the_curators_group_cannot_edit_assets(client):
    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    assert client.get(CHANGELIST).status_code == 403


def test_curators_cannot_delete_assets(client, curator):
    asset = AssetFactory()
    sign_in_with_two_factor(client, curator)

    assert client.get(f"{CHANGELIST}{asset.pk}/delete/").status_code == 403


def test_asset_changelist_searches_and_filters(client, curator):
    AssetFactory(name="Insectary", town="Liverpool", capabilities="WHO bioassays")
    AssetFactory(name="Furnace", town="St Helens", status=Asset.Status.DRAFT)
    sign_in_with_two_factor(client, curator)

    found = client.get(CHANGELIST, {"q": "bioassays"}).content.decode()
    drafts = client.get(CHANGELIST, {"status__exact": "draft"}).content.decode()

    assert "Insectary" in found and "Furnace" not in found
    assert "Furnace" in drafts and "Insectary" not in drafts


@pytest.mark.parametrize(
    "action, before, after, message",
    [
        ("publish", {"status": "draft"}, {"status": "published"}, "Published."),
        ("archive", {"status": "published"}, {"status": "archived"}, "Archived."),
        ("feature", {"featured": False}, {"featured": True}, "Featured."),
        ("unfeature", {"featured": True}, {"featured": False}, "No longer featured."),
    ],
)
def test_bulk_actions_change_the_selected_assets_and_log_them(
    client, curator, action, before, after, message
):
    chosen = [AssetFactory(**before), AssetFactory(**before)]
    other = AssetFactory(**before)
    sign_in_with_two_factor(client, curator)

    response = client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in chosen]}
    )

    assert response.status_code == 302
    for asset in chosen:
        asset.refresh_from_db()
        assert {k: getattr(asset, k) for k in after} == after
    other.refresh_from_db()
    assert {k: getattr(other, k) for k in before} == before
    assert LogEntry.objects.filter(change_message=message).count() == 2


def test_mark_verified_today_clears_the_stale_notice(client, curator):
    asset = AssetFactory(last_verified=date(2020, 1, 1))
    sign_in_with_two_factor(client, curator)

    client.post(CHANGELIST, {"action": "mark_verified_today", "_selected_action": [asset.pk]})

    asset.refresh_from_db()
    assert asset.last_verified == timezone.localdate()
    assert not asset.is_stale
    assert "Details last checked" not in client.get(asset.get_absolute_url()).content.decode()


def test_the_curator_report_lists_stale_assets(client, curator):
    AssetFactory(name="Checked long ago", last_verified=date(2020, 1, 1))
    AssetFactory(name="Never checked", last_verified=None)
    AssetFactory(name="Checked lately", last_verified=timezone.localdate() - timedelta(days=10))
    sign_in_with_two_factor(client, curator)

    html = client.get(CHANGELIST, {"freshness": "stale"}).content.decode()

    assert "Checked long ago" in html and "Never checked" in html
    assert "Checked lately" not in html


def test_weekly_report_emails_curators_the_stale_assets_once_a_week(
    curator, django_capture_on_commit_callbacks
):
    UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    UserFactory(email="member@example.com")  # not a curator
    UserFactory(email="staff@example.com", is_staff=True)  # staff, but not curating
    AssetFactory(name="Old furnace", last_verified=date(2020, 1, 1))
    AssetFactory(name="Archived lab", last_verified=date(2020, 1, 1), status="archived")
    AssetFactory(name="Fresh lab")

    with django_capture_on_commit_callbacks(execute=True):
        assert email_stale_assets_report.apply().get() == 2

    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.com", "curator@example.com"]
    message = mail.outbox[0]
    assert message.subject == "1 asset not checked for over a year"
    assert "Old furnace" in message.body and "last checked 1 January 2020" in message.body
    assert "/admin/assets/asset/?freshness=stale" in message.body
    assert "Archived lab" not in message.body and "Fresh lab" not in message.body

    with django_capture_on_commit_callbacks(execute=True):
        assert email_stale_assets_report.apply().get() == 0  # a re-run sends nothing
    assert len(mail.outbox) == 2


def test_weekly_report_sends_nothing_when_everything_is_fresh(curator):
    AssetFactory(name="Fresh lab")

    assert email_stale_assets_report.apply().get() == 0


def test_the_weekly_report_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["email-stale-assets-report"]
    assert entry["task"] == email_stale_assets_report.name
    assert entry["schedule"].day_of_week == {1}


def test_curators_see_every_enquiry_and_can_mark_it_answered(client, curator):
    enquiry = EnquiryFactory(asset__name="NMR suite")
    sign_in_with_two_factor(client, curator)

    assert "NMR suite" in client.get("/admin/assets/enquiry/").content.decode()
    response = client.post(f"/admin/assets/enquiry/{enquiry.pk}/change/", {"status": "answered"})

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"


# --- What the README says curators do, done by a curator who is not a superuser ------


def test_a_curator_adds_a_host_organisation_then_an_asset_it_hosts(client, curator):
    sign_in_with_two_factor(client, curator)
    assert client.get("/admin/accounts/organisation/add/").status_code == 200

    response = client.post(
        "/admin/accounts/organisation/add/",
        {
            "name": "Glass Futures",
            "slug": "glass-futures",
            "kind": "research",
            "visibility": "public",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    host = Organisation.objects.get(slug="glass-futures")
    response = client.post(
        f"{CHANGELIST}add/",
        {
            "name": "Experimental furnace",
            "slug": "glass-futures-furnace",
            "kind": "facility",
            "status": "draft",
            "operating_status": "open",
            "host": host.pk,
            "summary": "A 30 tonne a day furnace.",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert Asset.objects.get(slug="glass-futures-furnace").host == host


def test_a_curator_verifies_an_organisation(client, curator):
    organisation = OrganisationFactory(verified=False)
    sign_in_with_two_factor(client, curator)

    client.post(
        "/admin/accounts/organisation/",
        {"action": "mark_verified", "_selected_action": [organisation.pk]},
    )

    organisation.refresh_from_db()
    assert organisation.verified


def test_a_curator_writes_news(client, curator):
    sign_in_with_two_factor(client, curator)

    response = client.post(
        "/admin/portal/newspost/add/",
        {
            "title": "Glass Futures opens its furnace",
            "slug": "glass-futures-furnace",
            "summary": "Open for trials.",
            "body": "Book a melt.",
            "status": "published",
            "published_at_0": "2026-11-30",
            "published_at_1": "09:00:00",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert NewsPost.objects.get(slug="glass-futures-furnace").title


def test_curators_cannot_reach_users_the_email_log_or_periodic_tasks(client, curator):
    sign_in_with_two_factor(client, curator)

    for url in [
        "/admin/accounts/user/",
        "/admin/portal/outgoingemail/",
        "/admin/django_celery_beat/periodictask/",
    ]:
        assert client.get(url).status_code == 403, url


# --- Coordinates ---------------------------------------------------------------


def add_asset(client, **fields):
    data = {
        "name": "Test lab",
        "slug": "test-lab",
        "kind": "facility",
        "status": "draft",
        "operating_status": "open",
        "host": OrganisationFactory().pk,
        "summary": "A lab.",
        **fields,
    }
    return client.post(f"{CHANGELIST}add/", data, follow=True)


def test_a_latitude_out_of_range_is_refused_with_a_clear_message(client, curator):
    sign_in_with_two_factor(client, curator)

    response = add_asset(client, latitude="534.053", longitude="-2.9645")

    html = response.content.decode()
    assert "Latitude must be between -90 and 90 degrees. 534.053 is not a latitude" in html
    assert not Asset.objects.filter(slug="test-lab").exists()


def test_a_longitude_out_of_range_is_refused(client, curator):
    sign_in_with_two_factor(client, curator)

    response = add_asset(client, latitude="53.4", longitude="-298.0")

    assert "Longitude must be between -180 and 180 degrees." in response.content.decode()
    assert not Asset.objects.filter(slug="test-lab").exists()


def test_a_point_outside_the_region_is_saved_with_a_warning(client, curator):
    sign_in_with_two_factor(client, curator)

    response = add_asset(client, latitude="51.5072", longitude="-0.1276")

    html = response.content.decode()
    assert "lies outside the Liverpool City Region" in html
    assert Asset.objects.get(slug="test-lab").latitude == Decimal("51.5072")


def test_a_point_far_from_its_postcode_is_saved_with_a_warning(client, curator):
    sign_in_with_two_factor(client, curator)

    # Inside the region, but in St Helens (WA9), not the Knowledge Quarter (L7).
    response = add_asset(client, postcode="L7 3FA", latitude="53.4420", longitude="-2.7250")

    html = response.content.decode()
    assert "km from the centre of postcode district L7" in html
    assert "outside the Liverpool City Region" not in html
    assert Asset.objects.filter(slug="test-lab").exists()


def test_a_point_near_its_postcode_saves_without_a_warning(client, curator):
    sign_in_with_two_factor(client, curator)

    response = add_asset(client, postcode="L7 3FA", latitude="53.4053", longitude="-2.9645")

    html = response.content.decode()
    assert "postcode district" not in html and "outside the" not in html


def test_empty_coordinates_are_looked_up_from_the_postcode_and_the_curator_is_told(client, curator):
    sign_in_with_two_factor(client, curator)

    response = add_asset(client, postcode="WA4 4AD")

    asset = Asset.objects.get(slug="test-lab")
    assert (asset.latitude, asset.longitude) == (Decimal("53.345000"), Decimal("-2.620000"))
    assert "filled in from the centre of postcode district WA4" in response.content.decode()


def test_the_database_refuses_a_latitude_out_of_range():
    asset = AssetFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=asset.pk).update(latitude=Decimal("534.053"), longitude=0)


# --- Last verified -------------------------------------------------------------


def test_a_new_asset_is_not_marked_verified_until_someone_checks_it(client, curator):
    sign_in_with_two_factor(client, curator)

    form = client.get(f"{CHANGELIST}add/").content.decode()
    add_asset(client)

    assert timezone.localdate().isoformat() not in form
    assert Asset.objects.get(slug="test-lab").last_verified is None
    assert (
        Asset.objects.create(name="x", kind="facility", host=OrganisationFactory()).last_verified
        is None
    )


# --- Import with a preview in the admin ---------------------------------------------


def upload(client, text, **options):
    return client.post(
        f"{CHANGELIST}import/",
        {"file": SimpleUploadedFile("assets.csv", text.encode(), "text/csv"), **options},
    )


def test_a_curator_imports_a_csv_after_a_preview(client, curator):
    asset = AssetFactory(slug="mif", name="Materials Innovation Factory", manufacturer="")
    OrganisationFactory(slug="uol")
    sign_in_with_two_factor(client, curator)
    text = (
        "ID,Name,Manufacturer,Type,Summary,Organisation ID\n"
        "mif,Materials Innovation Factory,Chemspeed,,,\n"
        ",Brand new lab,,facility,A new lab.,uol\n"
    )

    preview = upload(client, text)

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Preview: 1 created, 1 updated, 0 unchanged" in html
    assert "Manufacturer: (empty) → Chemspeed" in html
    asset.refresh_from_db()
    assert asset.manufacturer == "" and Asset.objects.count() == 1  # nothing saved yet

    form = preview.context["confirm"]
    response = client.post(
        f"{CHANGELIST}import/",
        {**{name: field.value() for name, field in ((f.name, f) for f in form)}, "confirm": "1"},
        follow=True,
    )

    assert "Imported: 1 created, 1 updated, 0 unchanged." in response.content.decode()
    asset.refresh_from_db()
    assert asset.manufacturer == "Chemspeed" and Asset.objects.count() == 2


def test_the_import_is_previewed_again_if_the_directory_changed_meanwhile(client, curator):
    asset = AssetFactory(slug="mif", manufacturer="")
    sign_in_with_two_factor(client, curator)
    preview = upload(client, "ID,Manufacturer\nmif,Chemspeed\n")
    Asset.objects.filter(pk=asset.pk).update(manufacturer="Bruker")  # another curator

    form = preview.context["confirm"]
    response = client.post(
        f"{CHANGELIST}import/",
        {**{f.name: f.value() for f in form}, "confirm": "1"},
    )

    html = response.content.decode()
    assert "The directory changed since your preview" in html
    assert "Manufacturer: Bruker → Chemspeed" in html
    asset.refresh_from_db()
    assert asset.manufacturer == "Bruker"


def test_an_import_with_errors_lists_them_and_saves_nothing(client, curator):
    sign_in_with_two_factor(client, curator)

    response = upload(client, "ID,Name,Latitude\nnew-lab,Lab,534.053\n")

    html = response.content.decode()
    assert "Nothing was imported" in html
    assert "Row 2: Latitude: Latitude must be between -90 and 90 degrees." in html
    assert not Asset.objects.filter(slug="new-lab").exists()


def test_a_file_that_is_not_utf8_is_refused_clearly(client, curator):
    sign_in_with_two_factor(client, curator)

    response = client.post(
        f"{CHANGELIST}import/",
        {"file": SimpleUploadedFile("assets.csv", "ID,Name\nx,Café\n".encode("cp1252"))},
    )

    assert "The file is not UTF-8 text" in response.content.decode()


def test_staff_outside_the_curators_group_cannot_import(client):
    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    assert client.get(f"{CHANGELIST}import/").status_code == 403


def test_the_import_preview_warns_about_doubtful_coordinates(client, curator):
    AssetFactory(slug="mif", postcode="L7 3NY")
    sign_in_with_two_factor(client, curator)

    response = upload(client, "ID,Latitude,Longitude\nmif,51.5072,-0.1276\n")

    html = response.content.decode()
    assert "Preview: 0 created, 1 updated, 0 unchanged" in html
    assert "lies outside the Liverpool City Region" in html
    assert "km from the centre of postcode district L7" in html


def test_programmes_past_their_end_date_are_in_the_report_and_the_email(
    client, curator, django_capture_on_commit_callbacks
):
    AssetFactory(name="Ended scheme", end_date=date(2025, 3, 31))
    AssetFactory(name="Running scheme", end_date=timezone.localdate() + timedelta(days=30))
    sign_in_with_two_factor(client, curator)

    html = client.get(CHANGELIST, {"freshness": "stale"}).content.decode()
    assert "Ended scheme" in html and "Running scheme" not in html

    with django_capture_on_commit_callbacks(execute=True):
        assert email_stale_assets_report.apply().get() == 1
    message = mail.outbox[0]
    assert "Ended scheme" in message.body and "ended on 31 March 2025" in message.body
    assert "Running scheme" not in message.body
    html_part = message.alternatives[0][0]
    assert "ended on 31 March 2025" in html_part
