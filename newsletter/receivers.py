"""django-anymail's tracking webhooks, turned into delivery events."""

from newsletter.bounces import delivery_event_record, event_from_anymail


def anymail_tracking(sender, event, esp_name, **kwargs):
    """Bounces, deferrals and complaints a provider reports (other events are ignored)."""
    found = event_from_anymail(event, esp_name)
    if found is not None:
        delivery_event_record(event=found)
