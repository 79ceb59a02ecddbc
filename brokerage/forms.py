from django import forms

from brokerage.models import Matchmaking, Outcome, Session
from opportunities.models import Opportunity
from portal.models import FocalArea

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MatchmakingForm(forms.ModelForm):
    class Meta:
        model = Matchmaking
        fields = [
            "registration_opens_at",
            "registration_closes_at",
            "booking_opens_at",
            "booking_closes_at",
            "validation_required",
            "marketplace_public",
            "mode",
        ]
        widgets = {
            "registration_opens_at": DATETIME,
            "registration_closes_at": DATETIME,
            "booking_opens_at": DATETIME,
            "booking_closes_at": DATETIME,
            "mode": forms.RadioSelect,
        }
        labels = {
            "registration_opens_at": "Registration opens",
            "registration_closes_at": "Registration closes",
            "booking_opens_at": "Booking opens",
            "booking_closes_at": "Booking closes",
        }
        help_texts = {
            "booking_opens_at": "When participants can start requesting meetings.",
            "booking_closes_at": "After this, no more requests or acceptances.",
        }

    def clean(self):
        data = super().clean()
        for first, last, what in [
            ("registration_opens_at", "registration_closes_at", "Registration"),
            ("booking_opens_at", "booking_closes_at", "Booking"),
        ]:
            if data.get(first) and data.get(last) and data[first] >= data[last]:
                self.add_error(last, f"{what} must close after it opens.")
        return data


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "date",
            "starts",
            "ends",
            "meeting_minutes",
            "tables",
            "break_starts",
            "break_ends",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts": TIME,
            "ends": TIME,
            "break_starts": TIME,
            "break_ends": TIME,
        }
        labels = {"starts": "Starts at", "ends": "Ends at", "break_starts": "Break starts"}
        help_texts = {"title": "For example: Morning meetings."}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and starts >= ends:
            self.add_error("ends", "The session must end after it starts.")
        pause = data.get("break_starts"), data.get("break_ends")
        if any(pause) and not all(pause):
            self.add_error(
                "break_ends", "Give both the start and the end of the break, or neither."
            )
        elif all(pause):
            if pause[0] >= pause[1]:
                self.add_error("break_ends", "The break must end after it starts.")
            elif starts and ends and not (starts <= pause[0] and pause[1] <= ends):
                self.add_error("break_starts", "The break must fall within the session.")
        minutes = data.get("meeting_minutes")
        if minutes is not None and minutes < 5:
            self.add_error("meeting_minutes", "Meetings must be at least 5 minutes long.")
        tables = data.get("tables")
        if tables is not None and tables < 1:
            self.add_error("tables", "A session needs at least one table.")
        if (
            not self.errors
            and not Session(**{k: data.get(k) for k in self.Meta.fields}).slot_times()
        ):
            self.add_error("meeting_minutes", "No meeting of this length fits in the session.")
        return data


class RegistrationForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=None, empty_label=None, label="You represent")
    sessions = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label="Sessions you can attend",
        error_messages={"required": "Choose at least one session you can attend."},
    )
    offer = forms.CharField(
        label="What you offer",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your capabilities, facilities or expertise, in a few sentences.",
    )
    seek = forms.CharField(
        label="What you seek",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The partners, skills or equipment you are looking for.",
    )
    offers = forms.CharField(
        label="Keywords for what you offer",
        required=False,
        max_length=500,
        help_text="Separate with commas, for example: surface chemistry, formulation.",
    )
    seeks = forms.CharField(
        label="Keywords for what you seek",
        required=False,
        max_length=500,
        help_text="Separate with commas, for example: robotics, high-throughput screening.",
    )
    focal_areas = forms.ModelMultipleChoiceField(
        queryset=FocalArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Focal areas",
    )
    opportunities = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Link your organisation's published opportunities",
    )

    def __init__(self, *args, matchmaking, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["sessions"].queryset = matchmaking.sessions.all()
        self.fields["opportunities"].queryset = Opportunity.objects.published().filter(
            organisation__in=organisations
        )

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        for opportunity in data.get("opportunities") or []:
            if organisation and opportunity.organisation_id != organisation.pk:
                self.add_error(
                    "opportunities", f"“{opportunity}” belongs to another of your organisations."
                )
        return data


class MeetingRequestForm(forms.Form):
    reason = forms.CharField(
        label="Why meet?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two they read before answering.",
    )
    suggested_because = forms.CharField(required=False, widget=forms.HiddenInput)


class AcceptForm(forms.Form):
    slot = forms.ModelChoiceField(
        queryset=None,
        widget=forms.RadioSelect,
        label="Choose a time free for both of you",
        error_messages={
            "required": "Choose a time for the meeting.",
            "invalid_choice": "That time is no longer free for both of you: choose another.",
        },
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["result", "note"]
        widgets = {"result": forms.RadioSelect, "note": forms.TextInput}
        labels = {"result": "What came of it?", "note": "Anything to add"}
        error_messages = {
            "result": {
                "required": "Choose what came of the meeting.",
                "invalid_choice": "Choose one of the outcomes listed.",
            },
            "note": {"max_length": "Keep what you add to 500 characters or fewer."},
        }
