"""Events with matchmaking, sessions and participants, ready to use in tests."""

from datetime import time, timedelta

from django.utils import timezone

from brokerage import services
from brokerage.models import Matchmaking, Participant, Session
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.models import Keyword


def matchmaking_for(event=None, *, mode=Matchmaking.Mode.ORGANISER_SCHEDULES, tables=10,
                    slots=4, validation_required=True, **fields):  # fmt: skip
    """An event with matchmaking whose registration and booking are open now, and one
    session of ``slots`` 20-minute slots tomorrow."""
    now = timezone.now()
    event = event or OpportunityFactory(event=True)
    matchmaking = Matchmaking.objects.create(
        event=event,
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=5),
        booking_opens_at=now - timedelta(days=1),
        booking_closes_at=now + timedelta(days=5),
        mode=mode,
        validation_required=validation_required,
        **fields,
    )
    session_add(matchmaking, tables=tables, slots=slots)
    return matchmaking


def session_add(matchmaking, *, tables=10, slots=4, day=1, title="Morning meetings"):
    date = (timezone.localtime() + timedelta(days=day)).date()
    minutes = 9 * 60 + 20 * slots
    session = Session(
        matchmaking=matchmaking,
        title=title,
        date=date,
        starts=time(9, 0),
        ends=time(minutes // 60, minutes % 60),
        meeting_minutes=20,
        tables=tables,
    )
    return services.session_save(session=session)


def participant_in(matchmaking, *, organisation=None, offers="", seeks="", status=None,
                   sessions=None, **user_fields):  # fmt: skip
    """A validated participant (a member of a new organisation unless given)."""
    user = member_of(organisation, **user_fields)
    participant = Participant.objects.create(
        matchmaking=matchmaking,
        user=user,
        organisation=user.memberships.get().organisation,
        status=status or Participant.Status.VALIDATED,
        offer=f"We offer {offers or 'things'}.",
        seek=f"We seek {seeks or 'things'}.",
    )
    participant.sessions.set(sessions if sessions is not None else matchmaking.sessions.all())
    participant.offers.set(Keyword.objects.from_text(offers))
    participant.seeks.set(Keyword.objects.from_text(seeks))
    return participant
