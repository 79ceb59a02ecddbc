"""The curator's workbench: a guided form, enquiries and matches at a glance, history with
values, and facilities asked to confirm their own records."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory, sign_in_with_two_factor, with_authenticator
from assets import services
from assets.admin import AssetAdmin
from assets.models import Asset, AssetChange, ChangeRequest, Confirmation
from assets.tasks import follow_up_confirmations
from assets.tests.factories import AssetFactory, EnquiryFactory
from matching.models import Match
from opportunities.tests.factories import OpportunityFactory
from portal.models import FocalArea

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/assets/asset/"
STALE = "/admin/assets/asset/stale/"


def make_curator(email="curator@example.com", name="Cora Curator"):
    user = UserFactory(email=email, name=name, is_staff=True)
    user.groups.add(Group.objects.get(name="Curators"))
    return with_authenticator(user)


@pytest.fixture
def curator():
    return make_curator()


@pytest.fixture
def stale_asset():
    return AssetFactory(
        name="Old furnace",
        enquiry_email="furnace@example.ac.uk",
        website="https://furnace.example.ac.uk",
        town="St Helens",
        last_verified=date(2020, 1, 1),
    )


def link_in(message):
    return re.search(r"https?://\S+/assets/confirm/\S+/", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


# --- The form: guidance, messages, order -------------------------------------------


def test_every_field_of_the_asset_form_has_guidance_for_the_curator(rf, curator):
    request = rf.get(CHANGELIST + "add/")
    request.user = curator
    from django.contrib.admin.sites import site

    form = AssetAdmin(Asset, site).get_form(request)()

    missing = [name for name, field in form.fields.items() if not field.help_text]
    assert missing == []
    assert "For example: Materials Innovation Factory" in form.fields["name"].help_text


def test_the_form_reads_in_the_order_a_curator_thinks(client, curator):
    sign_in_with_two_factor(client, curator)

    html = client.get(f"{CHANGELIST}{AssetFactory().pk}/change/").content.decode()

    headings = ["What it is", "Who hosts it", "How to get in", "Where", "Status and checks"]
    positions = [html.index(f">{heading}<") for heading in headings]
    assert positions == sorted(positions)
    # the status comes after the location, not at the top
    assert html.index('name="status"') > html.index('name="postcode"')


def test_bad_values_get_a_govuk_error_summary_that_links_each_field(client, curator):
    sign_in_with_two_factor(client, curator)

    response = client.post(
        CHANGELIST + "add/",
        {
            "name": "",
            "kind": "",
            "summary": "",
            "website": "not a web address",
            "enquiry_email": "nobody-at-example",
            "status": "draft",
            "operating_status": "open",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for message in [
        "Enter the asset&#x27;s name",
        "Select what kind of asset it is",
        "Select the organisation that hosts it",
        "Enter a summary of what it offers",
        "Enter a web address in the correct format, like https://www.example.ac.uk",
        "Enter an email address in the correct format, like name@example.ac.uk",
    ]:
        assert message in html
    assert '<a href="#id_website">' in html
    assert not Asset.objects.exists()


# --- Enquiries and matches in the list and the form --------------------------------


def add_match(asset):
    opportunity = OpportunityFactory()
    Match.objects.create(
        opportunity=opportunity, target_type="asset", target_asset=asset, score=0.5
    )


def test_the_list_and_form_show_enquiries_and_matches(client, curator):
    asset = AssetFactory(name="NMR suite")
    EnquiryFactory(asset=asset)
    EnquiryFactory(asset=asset)
    EnquiryFactory(asset=asset, created_at=timezone.now() - timedelta(days=120))
    add_match(asset)
    sign_in_with_two_factor(client, curator)

    listing = client.get(CHANGELIST).content.decode()
    form = client.get(f"{CHANGELIST}{asset.pk}/change/").content.decode()

    for html in (listing, form):
        assert "3 (2 in the last 90 days)" in html
        assert f'href="/admin/assets/enquiry/?asset__id__exact={asset.pk}"' in html
        assert f'href="{asset.get_absolute_url()}#asset-matches-heading">1</a>' in html
    enquiries = client.get(f"/admin/assets/enquiry/?asset__id__exact={asset.pk}")
    assert "3 enquiries" in enquiries.content.decode()


def test_the_asset_list_runs_the_same_queries_for_3_or_30_assets(client, curator):
    sign_in_with_two_factor(client, curator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGELIST).status_code == 200
        return len(queries)

    for _ in range(3):
        asset = AssetFactory()
        EnquiryFactory(asset=asset)
        add_match(asset)
    few = count()
    for _ in range(27):
        asset = AssetFactory()
        EnquiryFactory(asset=asset)
        add_match(asset)

    assert count() == few


# --- History with values ---------------------------------------------------------------


def test_an_admin_edit_is_recorded_field_by_field_with_old_and_new_values(client, curator):
    asset = AssetFactory(name="Old name", summary="Old summary", status="draft", last_verified=None)
    infection = FocalArea.objects.get(slug="infection")
    sign_in_with_two_factor(client, curator)

    response = client.post(
        f"{CHANGELIST}{asset.pk}/change/",
        {
            "name": "New name",
            "slug": asset.slug,
            "kind": asset.kind,
            "status": "draft",
            "operating_status": "open",
            "host": asset.host.pk,
            "summary": "Old summary",
            "town": "Liverpool",
            "focal_areas": [infection.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    changes = {c.field: (c.old_value, c.new_value) for c in asset.changes.all()}
    assert changes == {"name": ("Old name", "New name"), "focal_areas": ("", "Infection")}
    assert {c.changed_by for c in asset.changes.all()} == {curator}
    form = client.get(f"{CHANGELIST}{asset.pk}/change/").content.decode()
    assert "<td>Old name</td>" in form and "<td>New name</td>" in form
    assert "Cora Curator" in form or "curator@example.com" in form


def test_adding_an_asset_records_who_created_it(client, curator):
    sign_in_with_two_factor(client, curator)
    host = AssetFactory().host

    client.post(
        CHANGELIST + "add/",
        {
            "name": "New lab",
            "slug": "new-lab",
            "kind": "facility",
            "host": host.pk,
            "summary": "A new lab.",
            "status": "draft",
            "operating_status": "open",
        },
    )

    [created] = Asset.objects.get(slug="new-lab").changes.all()
    assert created.field_label == "Created" and created.changed_by == curator


def test_bulk_actions_record_each_asset_s_change(client, curator):
    chosen = [AssetFactory(status="draft"), AssetFactory(status="draft")]
    sign_in_with_two_factor(client, curator)

    client.post(CHANGELIST, {"action": "publish", "_selected_action": [a.pk for a in chosen]})

    rows = AssetChange.objects.filter(field="status")
    assert sorted(r.asset_id for r in rows) == sorted(a.pk for a in chosen)
    assert {(r.old_value, r.new_value, r.via, r.changed_by) for r in rows} == {
        ("Draft", "Published", "bulk", curator)
    }


def test_history_is_filterable_by_curator(client, curator):
    other = make_curator("otto@example.com", "Otto Other")
    asset = AssetFactory(status="draft")
    services.assets_publish(queryset=Asset.objects.filter(pk=asset.pk), by=curator)
    services.assets_feature(queryset=Asset.objects.filter(pk=asset.pk), by=other)
    sign_in_with_two_factor(client, curator)

    everyone = client.get("/admin/assets/assetchange/").content.decode()
    mine = client.get(f"/admin/assets/assetchange/?changed_by__id__exact={curator.pk}")

    assert "Published" in everyone and "Otto Other" in everyone
    assert {change.changed_by for change in mine.context["cl"].result_list} == {curator}
    assert [change.new_value for change in mine.context["cl"].result_list] == ["Published"]


# --- The stale report and asking a facility -------------------------------------------


def test_the_stale_report_lists_oldest_first_with_each_contact(client, curator, stale_asset):
    AssetFactory(name="Never checked", last_verified=None)
    AssetFactory(name="Checked 2022", last_verified=date(2022, 5, 1))
    AssetFactory(name="Archived", last_verified=date(2019, 1, 1), status="archived")
    AssetFactory(name="Fresh", last_verified=timezone.localdate())
    sign_in_with_two_factor(client, curator)

    html = client.get(STALE).content.decode()

    names = ["Never checked", "Old furnace", "Checked 2022"]
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)
    assert "Archived" not in html and ">Fresh<" not in html
    assert "furnace@example.ac.uk" in html
    assert "None: add an enquiry email to ask" in html


def test_the_stale_report_runs_the_same_queries_for_2_or_20_assets(client, curator):
    sign_in_with_two_factor(client, curator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(STALE).status_code == 200
        return len(queries)

    def add(n):
        for _ in range(n):
            asset = AssetFactory(last_verified=None, enquiry_email="lab@example.ac.uk")
            services.asset_confirmation_ask(asset=asset, by=curator)

    add(2)
    few = count()
    add(18)

    assert count() == few


def test_staff_outside_the_curators_group_cannot_open_the_stale_report(client):
    sign_in_with_two_factor(client, UserFactory(is_staff=True))

    assert client.get(STALE).status_code == 403


def test_asking_emails_the_contact_once_with_a_text_and_html_part(
    client, curator, stale_asset, django_capture_on_commit_callbacks
):
    sign_in_with_two_factor(client, curator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{CHANGELIST}{stale_asset.pk}/ask-to-confirm/", follow=True)
        again = client.post(f"{CHANGELIST}{stale_asset.pk}/ask-to-confirm/", follow=True)

    assert "Asked furnace@example.ac.uk to confirm Old furnace." in response.content.decode()
    assert "no new email sent" in again.content.decode()
    [message] = mail.outbox
    assert message.to == ["furnace@example.ac.uk"]
    assert message.subject == "Is our listing of Old furnace still correct?"
    assert link_in(message) in message.alternatives[0][0].replace("&amp;", "&")
    confirmation = Confirmation.objects.get()
    assert confirmation.asked_by == curator and confirmation.status == "asked"


def test_an_asset_without_a_contact_cannot_be_asked(client, curator):
    asset = AssetFactory(last_verified=None, enquiry_email="")
    sign_in_with_two_factor(client, curator)

    response = client.post(f"{CHANGELIST}{asset.pk}/ask-to-confirm/", follow=True)

    assert "has no contact email" in response.content.decode()
    assert not Confirmation.objects.exists() and not mail.outbox


def ask(asset, by):
    confirmation, _ = services.asset_confirmation_ask(asset=asset, by=by)
    return confirmation, path_of(services.confirmation_url(confirmation))


def test_still_correct_sets_last_verified_and_records_who_confirmed(client, curator, stale_asset):
    confirmation, link = ask(stale_asset, curator)

    page = client.get(link)
    assert page.status_code == 200
    assert "Old furnace" in page.content.decode() and "1 January 2020" in page.content.decode()
    done = client.post(link)

    assert "still correct" in done.content.decode()
    stale_asset.refresh_from_db()
    assert stale_asset.last_verified == timezone.localdate()
    confirmation.refresh_from_db()
    assert confirmation.status == "confirmed" and confirmation.answered_at
    [change] = stale_asset.changes.all()
    assert change.field == "last_verified" and change.actor.startswith("furnace@example.ac.uk")
    sign_in_with_two_factor(client, curator)
    form = client.get(f"{CHANGELIST}{stale_asset.pk}/change/").content.decode()
    assert "furnace@example.ac.uk (facility contact)" in form


def test_a_link_works_once(client, curator, stale_asset):
    _, link = ask(stale_asset, curator)
    client.post(link)

    again = client.get(link)
    changes = client.post(link + "changes/", {"summary": "New"})

    assert again.status_code == 410 and "You have already answered" in again.content.decode()
    assert changes.status_code == 410
    assert not ChangeRequest.objects.exists()


def test_a_tampered_link_gets_a_clear_page(client, curator, stale_asset):
    _, link = ask(stale_asset, curator)

    response = client.get(link.replace("/confirm/", "/confirm/x"))

    assert response.status_code == 404
    assert "This link is not valid" in response.content.decode()


def test_an_expired_link_gets_a_clear_page(client, curator, stale_asset, monkeypatch):
    confirmation, _ = ask(stale_asset, curator)
    long_ago = timezone.now() - timedelta(days=61)
    monkeypatch.setattr(signing.time, "time", lambda: long_ago.timestamp())
    link = path_of(services.confirmation_url(confirmation))
    monkeypatch.undo()

    response = client.get(link)

    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    assert client.post(link).status_code == 410
    stale_asset.refresh_from_db()
    assert stale_asset.last_verified == date(2020, 1, 1)


def test_something_has_changed_needs_a_change(client, curator, stale_asset):
    _, link = ask(stale_asset, curator)
    form = client.get(link + "changes/").content.decode()
    assert 'value="https://furnace.example.ac.uk"' in form

    response = client.post(
        link + "changes/",
        {
            "summary": stale_asset.summary,
            "website": "https://furnace.example.ac.uk",
            "town": "St Helens",
        },
    )

    assert "Change at least one detail, or tell us what else has changed" in (
        response.content.decode()
    )
    assert not ChangeRequest.objects.exists()


def suggest(client, link, asset, **changes):
    data = {"summary": asset.summary, "website": asset.website, "town": asset.town, **changes}
    return client.post(link + "changes/", data)


def test_suggested_changes_wait_for_a_curator_who_approves_them(client, curator, stale_asset):
    confirmation, link = ask(stale_asset, curator)

    response = suggest(
        client, link, stale_asset, website="https://glass.example.ac.uk", note="New manager"
    )

    assert "We have your changes" in response.content.decode()
    request_ = ChangeRequest.objects.get()
    assert request_.changes == {"website": "https://glass.example.ac.uk"}
    assert request_.note == "New manager" and request_.suggested_by == "furnace@example.ac.uk"
    stale_asset.refresh_from_db()
    assert stale_asset.website == "https://furnace.example.ac.uk"  # not yet

    sign_in_with_two_factor(client, curator)
    listing = client.get("/admin/assets/changerequest/").content.decode()
    assert "Website: https://glass.example.ac.uk" in listing
    client.post(
        "/admin/assets/changerequest/",
        {"action": "approve", "_selected_action": [request_.pk]},
    )

    stale_asset.refresh_from_db()
    assert stale_asset.website == "https://glass.example.ac.uk"
    assert stale_asset.last_verified == timezone.localdate()
    website = stale_asset.changes.get(field="website")
    assert (website.old_value, website.new_value, website.changed_by) == (
        "https://furnace.example.ac.uk",
        "https://glass.example.ac.uk",
        curator,
    )
    assert website.actor == "suggested by furnace@example.ac.uk"
    request_.refresh_from_db()
    assert request_.status == "approved" and request_.decided_by == curator
    # approving twice changes nothing more
    assert not services.change_request_approve(change_request=request_, by=curator)


def test_a_change_request_is_decided_from_its_own_page(client, curator, stale_asset):
    _, link = ask(stale_asset, curator)
    suggest(client, link, stale_asset, town="Warrington")
    request_ = ChangeRequest.objects.get()
    sign_in_with_two_factor(client, curator)

    page = client.get(f"/admin/assets/changerequest/{request_.pk}/change/").content.decode()
    assert "<td>St Helens</td><td>Warrington</td>" in page.replace("\n", "")
    assert 'name="_approve"' in page and 'name="_save"' not in page
    client.post(f"/admin/assets/changerequest/{request_.pk}/change/", {"_approve": "1"})

    stale_asset.refresh_from_db()
    assert stale_asset.town == "Warrington"
    decided = client.get(f"/admin/assets/changerequest/{request_.pk}/change/").content.decode()
    assert 'name="_approve"' not in decided


def test_the_weekly_report_links_the_stale_report_page(
    curator, stale_asset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.stale_assets_report_send()

    [message] = mail.outbox
    assert "/admin/assets/asset/stale/" in message.body
    assert "/admin/assets/asset/stale/" in message.alternatives[0][0]


def test_a_dismissed_change_request_leaves_the_asset_alone(client, curator, stale_asset):
    _, link = ask(stale_asset, curator)
    suggest(client, link, stale_asset, town="Warrington")
    sign_in_with_two_factor(client, curator)

    client.post(
        "/admin/assets/changerequest/",
        {"action": "dismiss", "_selected_action": [ChangeRequest.objects.get().pk]},
    )

    stale_asset.refresh_from_db()
    assert stale_asset.town == "St Helens" and not stale_asset.changes.exists()
    assert ChangeRequest.objects.get().status == "dismissed"


# --- No answer: one reminder, then a flag --------------------------------------------


def test_no_answer_in_30_days_reminds_once_then_flags_for_the_curator(
    client, curator, stale_asset, django_capture_on_commit_callbacks
):
    confirmation, link = ask(stale_asset, curator)
    mail.outbox.clear()
    Confirmation.objects.filter(pk=confirmation.pk).update(
        asked_at=timezone.now() - timedelta(days=29)
    )
    assert follow_up_confirmations.apply().get() == {"reminded": 0, "flagged": 0}  # too soon

    Confirmation.objects.filter(pk=confirmation.pk).update(
        asked_at=timezone.now() - timedelta(days=31)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert follow_up_confirmations.apply().get() == {"reminded": 1, "flagged": 0}
        assert follow_up_confirmations.apply().get() == {
            "reminded": 0,
            "flagged": 0,
        }  # safe to run twice
    [reminder] = mail.outbox
    assert reminder.subject.startswith("Reminder: is our listing of Old furnace")
    # The same confirmation's link, signed anew (its timestamp may be a second later).
    reminded = path_of(link_in(reminder))
    assert services.confirmation_from_token(reminded.split("/")[-2]) == confirmation
    assert client.get(reminded).status_code == 200
    assert client.get(link).status_code == 200  # the first link still works after a reminder

    Confirmation.objects.filter(pk=confirmation.pk).update(
        reminded_at=timezone.now() - timedelta(days=15)
    )
    assert follow_up_confirmations.apply().get() == {"reminded": 0, "flagged": 1}
    assert follow_up_confirmations.apply().get() == {"reminded": 0, "flagged": 0}
    confirmation.refresh_from_db()
    assert confirmation.status == "no_answer" and confirmation.flagged_at
    assert len(mail.outbox) == 1  # reminded once only
    assert client.get(link).status_code == 410
    sign_in_with_two_factor(client, curator)
    assert "1 facility did not answer" in client.get(STALE).content.decode()


def test_the_follow_up_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["follow-up-asset-confirmations"]
    assert entry["task"] == follow_up_confirmations.name


def test_the_request_goes_through_a_real_smtp_server_as_text_and_html(
    smtp_server, curator, stale_asset, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(stale_asset, curator)

    [received] = smtp_server.messages
    message = received["message"]
    assert received["rcpt"] == ["furnace@example.ac.uk"]
    assert message.get_body(("plain",)).get_content().count("/assets/confirm/") == 1
    assert "Check the listing of Old furnace" in message.get_body(("html",)).get_content()
