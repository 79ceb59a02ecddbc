"""The nightly roll-up counts one day from the other apps' tables, idempotently."""

import time
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory
from assets.tests.factories import AssetFactory, EnquiryFactory
from insights.models import Rollup, SearchDay
from insights.rollups import rollup_day
from insights.tasks import rollup_day_task, rollup_recent
from opportunities.models import ExpressionOfInterest
from opportunities.tests.factories import ExpressionOfInterestFactory, OpportunityFactory

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() - timedelta(days=3)


def at(day, hour=12):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def counters(day=DAY):
    return {(r.metric, r.key): r.value for r in Rollup.objects.filter(day=day)}


def test_enquiries_are_counted_per_asset_and_host_on_their_day():
    mif = AssetFactory(name="Materials Innovation Factory")
    EnquiryFactory.create_batch(2, asset=mif, created_at=at(DAY))
    EnquiryFactory(asset=mif, created_at=at(DAY + timedelta(days=1)))  # another day
    rollup_day(DAY)
    got = counters()
    assert got[("enquiries", "")] == 2
    assert got[("enquiry_asset", str(mif.pk))] == 2
    assert got[("enquiry_host", str(mif.host_id))] == 2
    assert Rollup.objects.get(day=DAY, metric="enquiry_asset").label == mif.name


def test_interests_answers_and_the_hours_they_took():
    sent = at(DAY, 9)
    accepted = ExpressionOfInterestFactory(status=ExpressionOfInterest.Status.ACCEPTED)
    declined = ExpressionOfInterestFactory(status=ExpressionOfInterest.Status.DECLINED)
    ExpressionOfInterest.objects.filter(pk=accepted.pk).update(
        created_at=sent - timedelta(hours=5), decided_at=sent
    )
    ExpressionOfInterest.objects.filter(pk=declined.pk).update(
        created_at=sent - timedelta(days=3), decided_at=sent
    )
    rollup_day(DAY)
    got = counters()
    assert got[("eoi_accepted", "")] == 1 and got[("eoi_declined", "")] == 1
    assert got[("eoi_answer_hours", "5")] == 1 and got[("eoi_answer_hours", "72")] == 1


def test_searches_zero_results_and_filters_are_summed_from_the_day():
    SearchDay.objects.create(
        day=DAY, area="assets", term="cryo-em", filters="kind=facility", searches=4, zero_results=4
    )
    SearchDay.objects.create(day=DAY, area="assets", term="nmr", searches=3)
    rollup_day(DAY)
    got = counters()
    assert got[("searches", "assets")] == 7
    assert got[("zero_searches", "assets")] == 4
    assert got[("filter", "assets:kind")] == 4


def test_public_activity_leaves_out_members_only_organisations():
    hidden = OrganisationFactory(visibility="members")
    OpportunityFactory(organisation=hidden, published_at=at(DAY))
    OpportunityFactory(published_at=at(DAY))
    rollup_day(DAY)
    got = counters()
    assert got[("opp_published", "partner_search")] == 2
    assert got[("public_published", "partner_search")] == 1


def test_rolling_up_a_day_twice_gives_the_same_rows():
    EnquiryFactory(created_at=at(DAY))
    rollup_day(DAY)
    first = sorted(Rollup.objects.filter(day=DAY).values_list("metric", "key", "value"))
    rollup_day(DAY)
    assert sorted(Rollup.objects.filter(day=DAY).values_list("metric", "key", "value")) == first


def test_the_nightly_task_rolls_up_the_last_days():
    EnquiryFactory(created_at=at(timezone.localdate() - timedelta(days=1)))
    rollup_recent.delay()
    assert set(Rollup.objects.values_list("day", flat=True)) >= {
        timezone.localdate() - timedelta(days=1)
    }


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_rolls_up_a_day(celery_worker):
    EnquiryFactory(created_at=at(DAY))
    rollup_day_task.delay(DAY.isoformat())
    deadline = time.monotonic() + 20
    while not Rollup.objects.filter(day=DAY, metric="enquiries").exists():
        assert time.monotonic() < deadline, "the worker did not roll up the day"
        time.sleep(0.2)
    assert Rollup.objects.get(day=DAY, metric="enquiries").value == 1
