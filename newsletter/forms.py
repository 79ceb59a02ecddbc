from django import forms
from django.core.validators import validate_email

from newsletter.models import CONSENT_VERSION, CONSENT_WORDING, Frequency
from portal import forms as portal_forms
from portal.models import FocalArea
from portal.widgets import DateTimeInput

CONSENT_ERROR = "Tick the box to agree to receive the newsletter"


def focal_areas_field():
    return forms.ModelMultipleChoiceField(
        queryset=FocalArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Focal areas you are interested in",
        help_text="We put opportunities in these areas first. Tick none to hear about all of them.",
    )


def frequency_field():
    return forms.ChoiceField(
        choices=Frequency.choices,
        initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
        label="How often",
        help_text="Weekly on Mondays, or monthly on the first Monday.",
        error_messages={"required": "Choose how often you want the newsletter"},
    )


def consent_field():
    # Explicit and never ticked in advance: the person must tick it themselves.
    return forms.BooleanField(
        required=True,
        initial=False,
        label=CONSENT_WORDING[CONSENT_VERSION],
        error_messages={"required": CONSENT_ERROR},
    )


class SubscribeForm(portal_forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    focal_areas = focal_areas_field()
    frequency = frequency_field()
    consent = consent_field()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AccountSubscribeForm(portal_forms.Form):
    focal_areas = focal_areas_field()
    frequency = frequency_field()
    consent = consent_field()


class PreferencesForm(portal_forms.Form):
    focal_areas = focal_areas_field()
    frequency = frequency_field()


class ImportForm(portal_forms.Form):
    """A curator invites a list of people who asked for the newsletter elsewhere."""

    emails = forms.CharField(
        label="Email addresses",
        max_length=300_000,  # 1,000 addresses of the longest kind
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One per line (or separated by commas). Each gets a confirmation email "
        "and receives nothing until they confirm.",
    )
    focal_areas = focal_areas_field()
    frequency = frequency_field()
    asked = forms.BooleanField(
        label="Each of these people asked to receive the LCR+ newsletter",
        error_messages={"required": "Confirm that these people asked for the newsletter"},
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"].replace(",", "\n").replace(";", "\n")
        emails, bad = [], []
        for line in raw.splitlines():
            email = line.strip().lower()
            if not email:
                continue
            try:
                validate_email(email)
            except forms.ValidationError:
                bad.append(email)
                continue
            if email not in emails:
                emails.append(email)
        if bad:
            raise forms.ValidationError(
                "These are not email addresses: %(bad)s", params={"bad": ", ".join(bad[:10])}
            )
        if not emails:
            raise forms.ValidationError("Enter at least one email address")
        if len(emails) > 1000:
            raise forms.ValidationError("Import at most 1,000 addresses at a time")
        return emails


class ScheduleForm(portal_forms.Form):
    scheduled_at = forms.DateTimeField(
        label="Send at",
        widget=DateTimeInput(),
        help_text="UK time.",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        error_messages={"required": "Enter when to send it", "invalid": "Enter a date and time"},
    )
