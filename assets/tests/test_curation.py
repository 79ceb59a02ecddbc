"""Curators run the directory from the admin: permissions, bulk actions, staleness report."""

import io
from datetime import date, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image

from accounts.tests.factories import UserFactory, with_authenticator
from assets.models import Asset
from assets.tasks import email_stale_assets_report
from assets.tests.factories import AssetFactory, EnquiryFactory
from portal.tests.images import jpeg_with_metadata_and_payload, png_bytes

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/assets/asset/"


@pytest.fixture
def curator():
    user = UserFactory(email="curator@example.com", name="Cora Curator", is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return with_authenticator(user)


def test_the_curators_group_has_exactly_the_permissions_curation_needs():
    group = Group.objects.get(name="Curators")

    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("accounts", "view_organisation"),
        ("assets", "add_accessmodel"),
        ("assets", "add_asset"),
        ("assets", "change_accessmodel"),
        ("assets", "change_asset"),
        ("assets", "change_enquiry"),
        ("assets", "view_accessmodel"),
        ("assets", "view_asset"),
        ("assets", "view_enquiry"),
        ("newsletter", "add_digest"),
        ("newsletter", "change_digest"),
        ("newsletter", "change_subscriber"),
        ("newsletter", "view_consentrecord"),
        ("newsletter", "view_delivery"),
        ("newsletter", "view_digest"),
        ("newsletter", "view_subscriber"),
        ("opportunities", "change_pendingopportunity"),
        ("opportunities", "view_opportunity"),
        ("opportunities", "view_pendingopportunity"),
        ("portal", "add_keyword"),
        ("portal", "add_newspost"),
        ("portal", "change_newspost"),
        ("portal", "view_keyword"),
        ("portal", "view_newspost"),
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
    client.force_login(curator)
    form = client.get(f"{CHANGELIST}{asset.pk}/change/")
    assert form.status_code == 200

    response = client.post(
        f"{CHANGELIST}{asset.pk}/change/",
        {
            "name": "New name",
            "slug": asset.slug,
            "kind": asset.kind,
            "status": "published",
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
    client.force_login(curator)

    response = asset_change(client, asset, upload)

    assert response.status_code == 200 and message in response.content.decode()
    asset.refresh_from_db()
    assert not asset.image


def test_asset_images_are_stored_re_encoded_without_metadata_or_trailing_bytes(client, curator):
    asset = AssetFactory()
    client.force_login(curator)

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
    client.force_login(with_authenticator(UserFactory(is_staff=True)))

    assert client.get(CHANGELIST).status_code == 403


def test_curators_cannot_delete_assets(client, curator):
    asset = AssetFactory()
    client.force_login(curator)

    assert client.get(f"{CHANGELIST}{asset.pk}/delete/").status_code == 403


def test_asset_changelist_searches_and_filters(client, curator):
    AssetFactory(name="Insectary", town="Liverpool", capabilities="WHO bioassays")
    AssetFactory(name="Furnace", town="St Helens", status=Asset.Status.DRAFT)
    client.force_login(curator)

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
    client.force_login(curator)

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
    client.force_login(curator)

    client.post(CHANGELIST, {"action": "mark_verified_today", "_selected_action": [asset.pk]})

    asset.refresh_from_db()
    assert asset.last_verified == timezone.localdate()
    assert not asset.is_stale
    assert "Details last checked" not in client.get(asset.get_absolute_url()).content.decode()


def test_the_curator_report_lists_stale_assets(client, curator):
    AssetFactory(name="Checked long ago", last_verified=date(2020, 1, 1))
    AssetFactory(name="Never checked", last_verified=None)
    AssetFactory(name="Checked lately", last_verified=timezone.localdate() - timedelta(days=10))
    client.force_login(curator)

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
    client.force_login(curator)

    assert "NMR suite" in client.get("/admin/assets/enquiry/").content.decode()
    response = client.post(f"/admin/assets/enquiry/{enquiry.pk}/change/", {"status": "answered"})

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
