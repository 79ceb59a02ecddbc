"""A facility says it has answered an enquiry: from its received enquiries page or the
link in the enquiry email. The first answer records when, for the time to first reply."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.tests.factories import MembershipFactory, UserFactory
from assets import services
from assets.models import Enquiry
from assets.tests.factories import AssetFactory, EnquiryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility_manager(db):
    return UserFactory(email="fran@mif.example", name="Fran Facility")


@pytest.fixture
def enquiry(facility_manager):
    asset = AssetFactory(name="NMR suite", host__name="Materials Innovation Factory")
    MembershipFactory(user=facility_manager, organisation=asset.host)
    return EnquiryFactory(
        asset=asset,
        user=UserFactory(name="Bea Business"),
        created_at=timezone.now() - timedelta(hours=30),
    )


def test_a_hosts_member_sees_the_enquiries_to_its_assets_and_no_others(
    client, facility_manager, enquiry
):
    EnquiryFactory(asset=AssetFactory(name="Someone else's furnace"))
    client.force_login(facility_manager)

    page = client.get("/assets/enquiries/received/").content.decode()

    assert "NMR suite" in page and "Bea Business" in page
    assert "Someone else" not in page
    assert "Mark answered" in page


def test_marking_an_enquiry_answered_records_the_first_answer_only(
    client, facility_manager, enquiry
):
    client.force_login(facility_manager)

    response = client.post(f"/assets/enquiries/{enquiry.pk}/answered/", {"page": "1"})

    assert response.status_code == 302
    assert response["Location"] == "/assets/enquiries/received/?page=1"
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    first = enquiry.answered_at
    assert timezone.now() - first < timedelta(minutes=1)

    assert services.enquiry_mark_answered(enquiry=enquiry) is False
    enquiry.refresh_from_db()
    assert enquiry.answered_at == first
    page = client.get("/assets/enquiries/received/").content.decode()
    assert "First answered" in page and "Mark answered" not in page


def test_outsiders_cannot_mark_an_enquiry_answered(client, member, enquiry):
    client.force_login(member)
    assert client.post(f"/assets/enquiries/{enquiry.pk}/answered/").status_code == 404
    assert client.get(f"/assets/enquiries/{enquiry.pk}/answered/").status_code == 405
    client.logout()
    response = client.post(f"/assets/enquiries/{enquiry.pk}/answered/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.SENT and enquiry.answered_at is None


def test_the_enquiry_email_carries_a_link_that_marks_it_answered_without_an_account(
    client, member, django_capture_on_commit_callbacks
):
    asset = AssetFactory(name="NMR suite", enquiry_email="nmr-desk@example.org")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/assets/{asset.slug}/enquire/",
            {"need": "Two days of NMR time.", "timescale": "Soon"},
        )
    to_asset = next(m for m in mail.outbox if m.to == ["nmr-desk@example.org"])
    link = re.search(r"https?://\S+/assets/enquiries/answered/\S+/", to_asset.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()

    page = client.get(f"/{path}")
    assert page.status_code == 200 and "I have replied" in page.content.decode()
    assert Enquiry.objects.get().answered_at is None  # a GET changes nothing

    done = client.post(f"/{path}")
    assert done.status_code == 200 and "marked answered" in done.content.decode()
    enquiry = Enquiry.objects.get()
    assert enquiry.status == Enquiry.Status.ANSWERED and enquiry.answered_at is not None


def test_a_tampered_answer_link_is_404(client, enquiry):
    token = services.enquiry_answered_url(enquiry).rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/assets/enquiries/answered/{token}x/").status_code == 404
    enquiry.refresh_from_db()
    assert enquiry.answered_at is None


def test_the_database_refuses_an_answer_before_the_enquiry(enquiry):
    with pytest.raises(IntegrityError), transaction.atomic():
        Enquiry.objects.filter(pk=enquiry.pk).update(
            answered_at=enquiry.created_at - timedelta(seconds=1)
        )


def test_the_dashboard_points_a_host_to_its_enquiries(client, facility_manager, enquiry):
    client.force_login(facility_manager)
    page = client.get("/dashboard/").content.decode()
    assert "1 enquiry about the assets your organisations host" in page
    assert "1 not yet marked answered" in page


def test_received_enquiries_paginate_in_a_constant_number_of_queries(
    client, facility_manager, enquiry, django_assert_max_num_queries
):
    EnquiryFactory.create_batch(24, asset=enquiry.asset)
    client.force_login(facility_manager)
    with django_assert_max_num_queries(8):
        first = client.get("/assets/enquiries/received/")
    assert first.content.decode().count("Mark answered<span") == 20
    second = client.get("/assets/enquiries/received/", {"page": 2}).content.decode()
    assert second.count("Mark answered<span") == 5
