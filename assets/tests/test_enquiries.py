"""Access enquiries: saved first, emailed after commit, never lost when the broker is down."""

import pytest
from django.core import mail

from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from assets import services
from assets.models import Asset, Enquiry
from assets.tests.factories import AssetFactory, EnquiryFactory
from portal.models import OutgoingEmail
from portal.tasks import send_pending_emails

pytestmark = pytest.mark.django_db

NEED = "Two days of NMR time to characterise a new coating formulation."


def enquire(client, asset, **data):
    return client.post(
        f"/assets/{asset.slug}/enquire/",
        {"need": NEED, "timescale": "Within three months", **data},
    )


def test_enquiry_is_saved_and_emailed_to_the_asset_with_a_copy_to_the_enquirer(
    client, member, django_capture_on_commit_callbacks
):
    organisation = MembershipFactory(user=member, organisation__name="Coatings Ltd").organisation
    asset = AssetFactory(name="NMR suite", enquiry_email="nmr-desk@example.org")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = enquire(client, asset, organisation=organisation.pk)

    assert response.status_code == 302 and response["Location"] == asset.get_absolute_url()
    enquiry = Enquiry.objects.get()
    assert (enquiry.user, enquiry.asset, enquiry.organisation) == (member, asset, organisation)
    assert enquiry.status == Enquiry.Status.SENT and enquiry.need == NEED
    to_asset, copy = sorted(mail.outbox, key=lambda m: m.to != ["nmr-desk@example.org"])
    assert to_asset.to == ["nmr-desk@example.org"]
    assert to_asset.reply_to == ["ada@example.com"]
    assert to_asset.subject == "Enquiry about NMR suite from Ada Lovelace (Coatings Ltd)"
    assert NEED in to_asset.body and "Within three months" in to_asset.body
    assert copy.to == ["ada@example.com"]
    assert copy.subject == "Your enquiry about NMR suite"
    assert NEED in copy.body
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2

    page = client.get(response["Location"]).content.decode()
    assert "Your enquiry about NMR suite has been sent." in page


def test_an_asset_without_its_own_address_sends_enquiries_to_the_portal_team(
    client, member, settings, django_capture_on_commit_callbacks
):
    settings.ASSET_ENQUIRY_EMAIL = "brokers@lcr.example"
    asset = AssetFactory(enquiry_email="")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        enquire(client, asset)

    assert Enquiry.objects.get().recipient == "brokers@lcr.example"
    assert {tuple(m.to) for m in mail.outbox} == {("brokers@lcr.example",), ("ada@example.com",)}
    brokered = next(m for m in mail.outbox if m.to == ["brokers@lcr.example"])
    assert "please pass it to the right person" in brokered.body


def test_the_organisation_is_prefilled_with_the_users_own(client, member):
    organisation = MembershipFactory(user=member, organisation__name="Coatings Ltd").organisation
    OrganisationFactory(name="Someone else's company")
    client.force_login(member)

    html = client.get(AssetFactory().get_absolute_url()).content.decode()

    assert f'<option value="{organisation.pk}" selected>Coatings Ltd</option>' in html
    assert "Someone else&#x27;s company" not in html


def test_a_user_cannot_enquire_for_an_organisation_they_do_not_belong_to(client, member):
    other = OrganisationFactory()
    client.force_login(member)

    response = enquire(client, AssetFactory(), organisation=other.pk)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_an_incomplete_enquiry_shows_the_errors_and_sends_nothing(client, member):
    client.force_login(member)

    response = client.post(f"/assets/{AssetFactory().slug}/enquire/", {"need": "NMR"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Describe what you need in a sentence or two" in html
    assert "Say when you need it" in html
    assert not Enquiry.objects.exists() and mail.outbox == []


def test_sending_an_enquiry_needs_sign_in_and_post(client, member):
    asset = AssetFactory()

    response = enquire(client, asset)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Sign in to send an enquiry</a>" in client.get(asset.get_absolute_url()).content.decode()

    client.force_login(member)
    assert client.get(f"/assets/{asset.slug}/enquire/").status_code == 405
    assert not Enquiry.objects.exists()


def test_unpublished_assets_take_no_enquiries(client, member):
    client.force_login(member)

    response = enquire(client, AssetFactory(status=Asset.Status.DRAFT))

    assert response.status_code == 404


def test_enquiries_are_rate_limited_per_user(client, member, monkeypatch):
    monkeypatch.setattr(services, "ENQUIRY_LIMIT", 2)
    asset = AssetFactory()
    client.force_login(member)

    assert enquire(client, asset).status_code == 302
    assert enquire(client, asset).status_code == 302
    refused = enquire(client, asset)

    assert refused.status_code == 429
    assert "You have sent several enquiries in the last hour" in refused.content.decode()
    assert Enquiry.objects.count() == 2

    client.force_login(UserFactory())
    assert enquire(client, asset).status_code == 302  # the limit is per user


def test_dashboard_lists_the_users_enquiries_with_their_status(client, member):
    EnquiryFactory(user=member, asset__name="NMR suite", status=Enquiry.Status.ANSWERED)
    EnquiryFactory(asset__name="Someone else's enquiry")
    client.force_login(member)

    html = client.get("/dashboard/").content.decode()

    assert "Your enquiries" in html
    assert "NMR suite" in html and "Answered" in html
    assert "Someone else" not in html


def test_enquiry_list_shows_only_the_users_own_and_paginates(client, member):
    for _ in range(21):
        EnquiryFactory(user=member)
    EnquiryFactory(asset__name="Not mine")
    client.force_login(member)

    html = client.get("/assets/enquiries/").content.decode()

    assert "Page 1 of 2" in html and "Not mine" not in html


def test_download_my_data_includes_my_enquiries_but_not_where_they_went(client, member):
    organisation = MembershipFactory(user=member, organisation__name="Mersey Coatings").organisation
    EnquiryFactory(
        user=member,
        organisation=organisation,
        asset__name="NMR suite",
        need=NEED,
        recipient="facility-desk@example.org",
    )
    EnquiryFactory(asset__name="Not mine")
    client.force_login(member)

    response = client.get("/accounts/settings/my-data.json")

    enquiries = response.json()["enquiries"]
    assert [(e["asset"], e["on_behalf_of"], e["need"]) for e in enquiries] == [
        ("NMR suite", "Mersey Coatings", NEED)
    ]
    assert enquiries[0]["status"] == "sent" and enquiries[0]["timescale"]
    assert "facility-desk@example.org" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_broker_down_at_submit_keeps_the_enquiry_and_its_emails_go_out_later(
    client, member, broker_down, monkeypatch
):
    asset = AssetFactory(enquiry_email="desk@example.org")
    client.force_login(member)

    response = enquire(client, asset)

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1
    pending = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING)
    assert pending.count() == 2 and mail.outbox == []

    monkeypatch.undo()  # the broker is back; the periodic sweep runs a minute later
    OutgoingEmail.objects.update(
        created_at=OutgoingEmail.objects.first().created_at.replace(year=2000)
    )
    assert send_pending_emails.apply().get() == 2

    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "desk@example.org"]


@pytest.mark.django_db(transaction=True)
def test_enquiry_email_goes_through_a_real_smtp_server(client, member, smtp_server):
    asset = AssetFactory(name="Insectary", enquiry_email="lite@example.org")
    client.force_login(member)

    enquire(client, asset)

    received = {m["rcpt"][0]: m["message"] for m in smtp_server.messages}
    assert set(received) == {"lite@example.org", "ada@example.com"}
    message = received["lite@example.org"]
    assert message["Reply-To"] == "ada@example.com"
    assert message["Subject"] == "Enquiry about Insectary from Ada Lovelace"
    assert NEED in message.get_body(preferencelist=("plain",)).get_content()
    assert NEED in message.get_body(preferencelist=("html",)).get_content()


def test_a_cache_outage_does_not_block_an_enquiry(client, member, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    client.force_login(member)

    response = enquire(client, AssetFactory())

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1
