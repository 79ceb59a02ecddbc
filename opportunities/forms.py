from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone

from accounts.models import Organisation
from assets.models import Asset
from opportunities.models import ExpressionOfInterest, Opportunity
from portal import forms as portal_forms
from portal.models import FocalArea
from portal.widgets import DateInput, DateTimeInput

MAX_AHEAD = timedelta(days=366)
EVENT_FIELDS = ("starts_at", "ends_at", "venue", "booking_url")


def end_of_day(day):
    """A closing date means the end of that day, UK time."""
    return timezone.make_aware(datetime.combine(day, time(23, 59)))


class OrganisationChoiceMixin:
    """Adds an organisation choice when the user belongs to more than one."""

    def add_organisation_field(self, organisations, label):
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    queryset=Organisation.objects.filter(pk__in=[o.pk for o in self.organisations]),
                    label=label,
                    empty_label=None,
                ),
                **self.fields,
            }

    def chosen_organisation(self):
        return self.cleaned_data.get("organisation") or self.organisations[0]

    def service_kwargs(self):
        """The cleaned data as keyword arguments for a service (without the organisation)."""
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        return data


class OpportunityForm(OrganisationChoiceMixin, portal_forms.ModelForm):
    """Post or edit an opportunity. Events need dates and a venue or place; everything
    else needs a closing date."""

    keywords = forms.CharField(
        required=False,
        max_length=500,
        help_text="Separate keywords with commas, for example: coatings, formulation, robotics.",
        # A native combobox: the browser lists the suggestions the server sends (htmx)
        # for the last keyword being typed.
        widget=forms.TextInput(
            attrs={
                "list": "keyword-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("keyword_suggestions"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#keyword-suggestions",
                "hx-swap": "innerHTML",
            }
        ),
    )
    deadline = forms.DateField(
        label="Closing date",
        required=False,
        widget=DateInput(),
        help_text="Not for events. It closes at the end of this day, at most a year ahead.",
    )
    starts_at = forms.DateTimeField(
        label="Starts", required=False, widget=DateTimeInput(), help_text="Events only."
    )
    ends_at = forms.DateTimeField(
        label="Ends", required=False, widget=DateTimeInput(), help_text="Events only."
    )
    booking_url = forms.URLField(
        label="Booking link",
        required=False,
        assume_scheme="https",
        help_text="Where people book a place (events).",
    )

    class Meta:
        model = Opportunity
        fields = [
            "title",
            "kind",
            "summary",
            "description",
            "focal_areas",
            "keywords",
            "related_assets",
            "deadline",
            "starts_at",
            "ends_at",
            "venue",
            "location",
            "is_online",
            "booking_url",
            "value_band",
            "visibility",
            "is_anonymous",
        ]
        error_messages = {
            "title": {"required": "Enter a title"},
            "kind": {"required": "Choose what kind of opportunity it is"},
            "summary": {"required": "Enter a summary in one or two sentences"},
            "visibility": {"required": "Choose who can see it"},
        }
        labels = {
            "related_assets": "Related facilities and assets",
            "is_online": "It takes place online",
            "is_anonymous": "Hide our organisation's name",
            "visibility": "Who can see it",
        }
        help_texts = {
            "description": "What you need or offer, in as much detail as helps. You can use "
            "Markdown: **bold**, lists, links.",
            "location": "A town or an address. Events need a place, a venue or to be online.",
            "venue": "If the event is held at one of the region's facilities.",
            "is_anonymous": "Others see “An organisation (anonymous)” until you accept their "
            "expression of interest.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "focal_areas": forms.CheckboxSelectMultiple,
            "related_assets": forms.SelectMultiple(attrs={"size": 8}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, f"{label}: {Opportunity.KIND_EXPLANATIONS[value]}")
            for value, label in Opportunity.Kind.choices
        ]
        self.fields["focal_areas"].queryset = FocalArea.objects.all()
        offered = Q(status=Asset.Status.PUBLISHED)
        if self.instance.pk:
            # Keep the assets it already names (one may have been archived since), or an
            # edit would silently drop them.
            offered |= Q(pk__in=self.instance.related_assets.values("pk"))
            if self.instance.venue_id:
                offered |= Q(pk=self.instance.venue_id)
        assets = Asset.objects.filter(offered).only("pk", "name")
        self.fields["related_assets"].queryset = assets
        self.fields["related_assets"].help_text = (
            "Facilities this opportunity uses or needs; it will be listed on their pages. "
            "Hold Ctrl (Cmd on a Mac) to choose more than one."
        )
        self.fields["venue"].queryset = assets
        self.fields["venue"].empty_label = "Not at one of the region's facilities"
        for name in ("deadline", "starts_at", "ends_at", "location"):
            # Required for some kinds only (see clean()): the label must not say optional.
            self.fields[name].required_sometimes = True
        self.fields["value_band"].choices = [("", "Not given"), *Opportunity.ValueBand.choices]
        if self.instance.pk:
            self.initial["keywords"] = ", ".join(
                self.instance.keywords.values_list("name", flat=True)
            )
            if self.instance.deadline:
                self.initial["deadline"] = timezone.localtime(self.instance.deadline).date()
        if organisations and not self.instance.pk:
            self.add_organisation_field(organisations, "Post for")

    def clean(self):
        data = super().clean()
        now = timezone.now()
        if data.get("kind") == Opportunity.Kind.EVENT:
            starts, ends = data.get("starts_at"), data.get("ends_at")
            if not starts:
                self.add_error("starts_at", "Enter when the event starts.")
            if not ends:
                self.add_error("ends_at", "Enter when the event ends.")
            if starts and ends and ends <= starts:
                self.add_error("ends_at", "The end must be after the start.")
            elif ends and ends < now:
                self.add_error("ends_at", "The end must be in the future.")
            if not (data.get("location") or data.get("venue") or data.get("is_online")):
                self.add_error(
                    "location", "Enter where it takes place, choose a venue, or tick online."
                )
            data["deadline"] = None
        elif data.get("kind"):
            day = data.get("deadline")
            if not day:
                self.add_error("deadline", "Enter a closing date.")
            elif not (now < end_of_day(day) <= now + MAX_AHEAD):
                self.add_error(
                    "deadline", "Enter a closing date in the future, within the next year."
                )
            else:
                data["deadline"] = end_of_day(day)
            for name in EVENT_FIELDS:
                data[name] = None if name != "booking_url" else ""
        return data


class InterestForm(OrganisationChoiceMixin, portal_forms.ModelForm):
    """The three standard questions of an expression of interest."""

    class Meta:
        model = ExpressionOfInterest
        fields = ["who_we_are", "what_we_bring", "what_we_want"]
        error_messages = {
            "who_we_are": {"required": "Say who you are: what your organisation does and where"},
            "what_we_bring": {"required": "Say what you would bring to the work"},
            "what_we_want": {"required": "Say what you hope to get from working together"},
        }
        help_texts = {
            "who_we_are": "Your organisation in a few sentences: what you do and where.",
            "what_we_bring": "The capability, facility, people or funding you would bring.",
            "what_we_want": "What you hope to get from working together.",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["who_we_are", "what_we_bring", "what_we_want"]
        }

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        if organisations:
            self.add_organisation_field(organisations, "Express interest for")


class RenewForm(portal_forms.Form):
    deadline = forms.DateField(
        label="New closing date",
        widget=DateInput(),
        help_text="Within the next six months. You can renew an opportunity once.",
    )

    def clean_deadline(self):
        deadline = end_of_day(self.cleaned_data["deadline"])
        now = timezone.now()
        if not (now < deadline <= now + timedelta(days=180)):
            raise forms.ValidationError("The new closing date must be within the next six months.")
        return deadline


class RejectForm(portal_forms.Form):
    """A curator's reason for rejecting, emailed to the poster."""

    reason = forms.CharField(
        max_length=2_000,  # as Opportunity.rejection_reason
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason, so the organisation knows what to change"},
        help_text="Sent to the organisation: say what to change so it can be published.",
    )
