"""Demo brokerage for ``seed_lcr --demo``: matchmaking on the demo open day, with two
sessions, a participant for each of six demo businesses, requests and a published
schedule. Everything is marked demo; the people have no usable password and
``example.invalid`` addresses, so nobody can sign in as them or be emailed."""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, User
from brokerage import services
from brokerage.models import Matchmaking, Meeting, Participant, Session
from opportunities.models import Opportunity
from portal.models import Keyword

EVENT = "demo-materials-open-day"
PEOPLE = [
    # organisation slug, offers, seeks
    ("demo-mersey-coatings", "coatings, formulation", "robotics, high-throughput screening"),
    ("demo-formulate-north", "formulation, scale-up", "coatings, surface chemistry"),
    ("demo-halton-analytics", "machine learning, data analytics", "manufacturing data"),
    ("demo-proto-works", "robotics, prototyping", "coatings, machine learning"),
    ("demo-glassworks-innovations", "glass, surface chemistry", "data analytics"),
    ("demo-quantum-dock", "high performance computing", "formulation, materials data"),
]
REQUESTS = [(0, 3, True), (1, 0, True), (2, 5, True), (4, 2, True), (3, 2, True), (5, 1, False)]


def demo_brokerage_load():
    """Create the demo matchmaking once; later runs leave it as it is. Returns it."""
    event = Opportunity.objects.filter(slug=EVENT, kind=Opportunity.Kind.EVENT).first()
    if event is None:
        return None
    existing = Matchmaking.objects.filter(event=event).first()
    if existing:
        return existing
    now = timezone.now()
    starts = event.starts_at or now + timedelta(days=14)
    with transaction.atomic():
        matchmaking = Matchmaking.objects.create(
            event=event,
            registration_opens_at=now - timedelta(days=7),
            registration_closes_at=starts - timedelta(days=1),
            booking_opens_at=now - timedelta(days=7),
            booking_closes_at=starts - timedelta(hours=12),
            validation_required=True,
            mode=Matchmaking.Mode.ORGANISER_SCHEDULES,
            is_demo=True,
        )
        day = timezone.localtime(starts).date()
        for title, begin, end in [("Morning meetings", 10, 12), ("Afternoon meetings", 13, 15)]:
            services.session_save(
                session=Session(
                    matchmaking=matchmaking,
                    title=title,
                    date=day,
                    starts=time(begin),
                    ends=time(end),
                    meeting_minutes=20,
                    tables=6,
                )  # fmt: skip
            )
        participants = []
        for slug, offers, seeks in PEOPLE:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                continue
            user, _ = User.objects.get_or_create(
                email=f"{slug}@example.invalid", defaults={"name": f"{organisation.name} contact"}
            )
            if not user.has_usable_password():
                user.set_unusable_password()
                user.save()
            Membership.objects.get_or_create(user=user, organisation=organisation)
            participant = Participant.objects.create(
                matchmaking=matchmaking, user=user, organisation=organisation,
                status=Participant.Status.VALIDATED, offer=f"We offer {offers}.",
                seek=f"We are looking for {seeks}.", is_demo=True, decided_at=now,
            )  # fmt: skip
            participant.sessions.set(matchmaking.sessions.all())
            participant.offers.set(Keyword.objects.from_text(offers))
            participant.seeks.set(Keyword.objects.from_text(seeks))
            participant.focal_areas.set(organisation.focal_areas.all())
            participants.append(participant)
        for a, b, accepted in REQUESTS:
            if max(a, b) >= len(participants):
                continue
            Meeting.objects.create(
                matchmaking=matchmaking, requester=participants[a], recipient=participants[b],
                reason="Demo request: our offers and needs fit.",
                status=Meeting.Status.ACCEPTED if accepted else Meeting.Status.PENDING,
            )  # fmt: skip
        services.matchmaking_schedule(matchmaking=matchmaking)
        # Published without emails: the demo people have no inboxes.
        matchmaking.meetings.scheduled().update(published=True)
        matchmaking.agendas_published_at = now
        matchmaking.save(update_fields=["agendas_published_at"])
    return matchmaking
