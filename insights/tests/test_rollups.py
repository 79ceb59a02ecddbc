"""The nightly roll-up counts one day from the other apps' tables, idempotently."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.tests.factories import OrganisationFactory, UserFactory
from assets.models import Asset, Enquiry
from assets.services import enquiry_mark_answered
from assets.tests.factories import AssetFactory, EnquiryFactory
from brokerage import services
from brokerage.models import Meeting, Outcome, Participant, Slot
from brokerage.tests.factories import matchmaking_for, participant_in
from insights.models import Rollup, SearchDay
from insights.rollups import reply_bucket, rollup_day, rollup_range
from insights.tasks import rollup_day_task, rollup_recent
from newsletter.models import Digest, Subscriber
from newsletter.tests.factories import DigestFactory, SubscriberFactory
from opportunities.models import ExpressionOfInterest, Opportunity
from opportunities.tests.factories import ExpressionOfInterestFactory, OpportunityFactory
from portal.models import FocalArea
from portal.tests.waiting import wait_until

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
    wait_until(
        lambda: Rollup.objects.filter(day=DAY, metric="enquiries").exists(),
        what="the worker to roll up the day",
    )
    assert Rollup.objects.get(day=DAY, metric="enquiries").value == 1


def test_time_to_first_reply_is_a_histogram_per_asset_and_host_on_the_day_answered():
    mif = AssetFactory(name="Materials Innovation Factory")
    quick = EnquiryFactory(asset=mif, created_at=at(DAY, 9) - timedelta(hours=2))
    slow = EnquiryFactory(asset=mif, created_at=at(DAY, 9) - timedelta(days=3))
    EnquiryFactory(asset=mif, created_at=at(DAY, 9))  # never answered
    for enquiry in (quick, slow):
        enquiry_mark_answered(enquiry=enquiry, at=at(DAY, 9))
    enquiry_mark_answered(enquiry=quick, at=at(DAY, 15))  # a second mark changes nothing
    rollup_day(DAY)
    got = counters()
    assert got[("enquiry_answered", "")] == 2
    assert got[("reply_hours_asset", f"{mif.pk}:2")] == 1
    assert got[("reply_hours_asset", f"{mif.pk}:72")] == 1
    assert got[("reply_hours_host", f"{mif.host_id}:2")] == 1
    label = Rollup.objects.get(day=DAY, metric="reply_hours_host", key=f"{mif.host_id}:2").label
    assert label == mif.host.name


def brokerage_event_held_on(day, *, visibility="public"):
    """An event whose meetings took place on ``day``: 3 registrations, 3 requests (one
    accepted and held, one declined, one waiting) and both sides' outcomes."""
    event = OpportunityFactory(event=True, title="Materials open day", visibility=visibility)
    matchmaking = matchmaking_for(event)
    ada, bob, cy = (participant_in(matchmaking) for _ in range(3))
    held = services.meeting_request(requester=ada, recipient=bob, reason="Coatings")
    services.meeting_accept(meeting=held, by=bob.user)
    declined = services.meeting_request(requester=ada, recipient=cy, reason="Data")
    services.meeting_decline(meeting=declined, by=cy.user)
    services.meeting_request(requester=cy, recipient=bob, reason="Robots")
    services.matchmaking_schedule(matchmaking=matchmaking)
    held.refresh_from_db()
    Slot.objects.filter(pk=held.slot_id).update(starts_at=at(day, 10), ends_at=at(day, 10))
    held.slot.refresh_from_db()
    services.outcome_record(meeting=held, participant=ada, result="collaboration")
    services.outcome_record(meeting=held, participant=bob, result="follow_up")
    # Everything but the meeting itself happened the day before it.
    Participant.objects.filter(matchmaking=matchmaking).update(created_at=at(day - timedelta(1)))
    Meeting.objects.filter(matchmaking=matchmaking).update(
        created_at=at(day - timedelta(1), 9), decided_at=at(day - timedelta(1), 11)
    )
    Opportunity.objects.filter(pk=event.pk).update(starts_at=at(day, 9), ends_at=at(day, 17))
    return matchmaking


def test_brokerage_is_counted_per_event_each_on_its_day():
    matchmaking = brokerage_event_held_on(DAY)
    key = str(matchmaking.pk)
    rollup_day(DAY - timedelta(days=1))
    before = counters(DAY - timedelta(days=1))
    assert before[("bk_registered", key)] == 3
    assert before[("bk_requested", key)] == 3
    assert before[("bk_accepted", key)] == 1 and before[("bk_declined", key)] == 1
    assert ("bk_held", key) not in before
    rollup_day(DAY)
    got = counters()
    assert got[("bk_held", key)] == 1
    assert got[("bk_outcome", f"{key}:collaboration")] == 1
    assert got[("bk_outcome", f"{key}:follow_up")] == 1
    assert got[("public_bk_events", "")] == 1 and got[("public_bk_held", "")] == 1
    assert Rollup.objects.get(day=DAY, metric="bk_held").label.startswith("Materials open day (")


def test_members_only_brokerage_stays_out_of_the_public_figures():
    matchmaking = brokerage_event_held_on(DAY, visibility="members")
    rollup_day(DAY)
    got = counters()
    assert got[("bk_held", str(matchmaking.pk))] == 1
    assert not [m for m, _ in got if m.startswith("public_bk")]


def test_a_late_outcome_rolls_up_its_meetings_day_again():
    long_ago = timezone.localdate() - timedelta(days=20)
    matchmaking = brokerage_event_held_on(long_ago)
    Outcome.objects.update(created_at=at(long_ago))
    rollup_recent.delay()
    assert ("bk_outcome", f"{matchmaking.pk}:follow_up") not in counters(long_ago)
    Outcome.objects.filter(result="follow_up").update(created_at=timezone.now() - timedelta(days=1))
    rollup_recent.delay()
    assert counters(long_ago)[("bk_outcome", f"{matchmaking.pk}:follow_up")] == 1


def test_reply_times_are_rounded_down_to_a_few_steps():
    assert reply_bucket(timedelta(minutes=30)) == 0
    assert reply_bucket(timedelta(hours=5, minutes=59)) == 4
    assert reply_bucket(timedelta(hours=30)) == 24
    assert reply_bucket(timedelta(days=90)) == 720


# A week across the change to summer time (29 March 2026), where local days are 23 hours.
WEEK = [date(2026, 3, 26) + timedelta(days=n) for n in range(7)]


def a_week_of_everything():
    """Activity of every kind on each day of WEEK, near both ends of the local day, and
    stocks that change during it (organisations, assets turning stale, subscribers)."""
    area = FocalArea.objects.create(name="Week test area", slug="week-test-area")
    mif = AssetFactory(name="MIF", last_verified=WEEK[0] - timedelta(days=364))
    AssetFactory(name="Old rig", last_verified=None)
    newer = AssetFactory(name="Hartree HPC")
    newer.focal_areas.add(area)
    Asset.objects.update(created_at=at(WEEK[0] - timedelta(days=30)))
    Asset.objects.filter(pk=newer.pk).update(created_at=at(WEEK[3], 0))
    members = OrganisationFactory(visibility="members", town="st  helens")
    for n, day in enumerate(WEEK):
        early, late = at(day, 0) + timedelta(minutes=30), at(day, 23) + timedelta(minutes=30)
        for moment in (early, late):
            enquiry = EnquiryFactory(asset=mif if n % 2 else newer, created_at=moment)
            if n % 3:
                Enquiry.objects.filter(pk=enquiry.pk).update(
                    answered_at=moment + timedelta(hours=5 * n)
                )
            interest = ExpressionOfInterestFactory(
                status=["accepted", "declined", "pending"][n % 3]
            )
            ExpressionOfInterest.objects.filter(pk=interest.pk).update(
                created_at=moment - timedelta(hours=n), decided_at=moment
            )
            posted = OpportunityFactory(
                kind=["partner_search", "capability_offer", "challenge"][n % 3],
                organisation=members if n % 2 else OrganisationFactory(),
                deadline=moment,
                status="expired" if n % 2 else "published",
            )
            posted.focal_areas.add(area)
            Opportunity.objects.filter(pk=posted.pk).update(
                submitted_at=moment - timedelta(hours=2), published_at=moment
            )
            user = UserFactory()
            User.objects.filter(pk=user.pk).update(date_joined=moment)
        organisation = OrganisationFactory(town=["St Helens", "Wirral", ""][n % 3])
        Organisation.objects.filter(pk=organisation.pk).update(
            created_at=at(day, 1), verified=bool(n % 2)
        )
        SearchDay.objects.create(
            day=day,
            area="assets",
            term=f"nmr {n}",
            filters="kind=facility",
            searches=n + 1,
            zero_results=n % 2,
        )
        SearchDay.objects.create(day=day, area="opportunities", searches=2)
    expired_event = OpportunityFactory(event=True, status="expired")
    Opportunity.objects.filter(pk=expired_event.pk).update(
        starts_at=at(WEEK[2], 20), ends_at=at(WEEK[2], 23)
    )
    Organisation.objects.filter(pk=members.pk).update(created_at=at(WEEK[0] - timedelta(1)))
    readers = SubscriberFactory.create_batch(4)
    Subscriber.objects.filter(pk=readers[0].pk).update(confirmed_at=at(WEEK[0] - timedelta(1)))
    Subscriber.objects.filter(pk=readers[1].pk).update(
        confirmed_at=at(WEEK[1]), unsubscribed_at=at(WEEK[3], 23), status="unsubscribed"
    )
    Subscriber.objects.filter(pk=readers[2].pk).update(
        confirmed_at=at(WEEK[0]), updated_at=at(WEEK[4]), status="bounced"
    )
    Subscriber.objects.filter(pk=readers[3].pk).update(
        confirmed_at=at(WEEK[1]),
        unsubscribed_at=at(WEEK[2], 8),
        updated_at=at(WEEK[5]),
        status="bounced",
    )
    for day in (WEEK[2], WEEK[5]):
        digest = DigestFactory(status=Digest.Status.SENT)
        Digest.objects.filter(pk=digest.pk).update(finished_at=at(day, 7))
    brokerage_event_held_on(WEEK[4])


def every_row():
    return sorted(Rollup.objects.values_list("day", "metric", "key", "label", "value"))


def test_a_range_rolled_up_at_once_is_the_same_as_day_by_day():
    a_week_of_everything()
    for day in WEEK:
        rollup_day(day)
    day_by_day = every_row()
    assert {metric for _, metric, *_ in day_by_day} >= {
        "searches", "zero_searches", "term_searches", "filter", "opp_posted",
        "opp_published", "opp_expired", "public_published", "demand_area", "supply_area",
        "enquiries", "enquiry_asset", "enquiry_host", "enquiry_answered",
        "reply_hours_asset", "reply_hours_host", "assets_area", "stale_assets", "eoi_sent",
        "eoi_accepted", "eoi_declined", "eoi_answer_hours", "bk_registered", "bk_requested",
        "bk_accepted", "bk_declined", "bk_held", "bk_outcome", "public_bk_events",
        "public_bk_outcome", "signups", "orgs_kind", "orgs_town", "orgs_verified",
        "orgs_created", "subscribers", "digest_unsubscribed",
    }  # fmt: skip
    # Stocks that change during the week, so the running totals are put to the test.
    stale = {d: v for d, m, _, _, v in day_by_day if m == "stale_assets"}
    assert stale[WEEK[0]] == 1 and stale[WEEK[-1]] == 2
    bounced = {d for d, m, k, _, _ in day_by_day if (m, k) == ("subscribers", "bounced")}
    assert min(bounced) == WEEK[4]
    Rollup.objects.all().delete()
    assert rollup_range(WEEK[0], WEEK[-1]) == len(day_by_day)
    assert every_row() == day_by_day
    rollup_range(WEEK[1], WEEK[2])  # again, over part of it: replaced, not added to
    assert every_row() == day_by_day
