"""The brokerage's sections of a person's "download my data" (accounts.exports).

Deleting an account deletes these rows too: they hang off the user by CASCADE
(registrations, and through them requests, seats, outcomes and reminders).
"""

from django.db.models import Q

from brokerage.models import Meeting, Outcome, Participant


def _iso(value):
    return value.isoformat() if value else None


def registrations(user):
    return [
        {
            "event": p.matchmaking.event.title,
            "organisation": p.organisation.name,
            "status": p.status,
            "sessions": [str(s) for s in p.sessions.all()],
            "offer": p.offer,
            "seek": p.seek,
            "registered_at": _iso(p.created_at),
        }
        for p in Participant.objects.filter(user=user)
        .select_related("matchmaking__event", "organisation")
        .prefetch_related("sessions")
    ]


def meeting_requests(user):
    meetings = Meeting.objects.filter(
        Q(requester__user=user) | Q(recipient__user=user)
    ).select_related(
        "matchmaking__event", "requester__organisation", "recipient__organisation", "slot"
    )
    return [
        {
            "event": m.matchmaking.event.title,
            "from": m.requester.organisation.name,
            "to": m.recipient.organisation.name,
            "sent_by_me": m.requester.user_id == user.pk,
            "reason": m.reason,
            "status": m.status,
            "time": _iso(m.slot.starts_at if m.slot else None),
            "table": m.table,
            "sent_at": _iso(m.created_at),
        }
        for m in meetings
    ]


def outcomes(user):
    return [
        {
            "event": o.meeting.matchmaking.event.title,
            "meeting_with": o.meeting.other(o.participant).organisation.name,
            "result": o.result,
            "note": o.note,
            "recorded_at": _iso(o.created_at),
        }
        for o in Outcome.objects.filter(participant__user=user).select_related(
            "participant",
            "meeting__matchmaking__event",
            "meeting__requester__organisation",
            "meeting__recipient__organisation",
        )
    ]
