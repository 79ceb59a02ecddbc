"""A participant's agenda as iCalendar (RFC 5545), written with the icalendar library."""

from icalendar import Calendar, Event


def agenda_ics(matchmaking, participant, meetings, site_url):
    """One VEVENT per scheduled meeting: time, table, who and why."""
    cal = Calendar()
    cal.add("prodid", "-//LCR+ Innovation Portal//Brokerage agenda//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{matchmaking.event.title}: my meetings")
    for meeting in meetings:
        other = meeting.other(participant)
        event = Event()
        event.add("uid", f"brokerage-meeting-{meeting.pk}-{participant.pk}@lcr-portal")
        event.add("summary", f"Meeting with {other.display_name} ({other.organisation.name})")
        event.add("dtstart", meeting.slot.starts_at)
        event.add("dtend", meeting.slot.ends_at)
        event.add("location", f"Table {meeting.table}, {matchmaking.event.location or 'the event'}")
        event.add("description", f"Why: {meeting.reason}")
        event.add("url", f"{site_url.rstrip('/')}{matchmaking.get_absolute_url()}agenda/")
        cal.add_component(event)
    return cal.to_ical()
