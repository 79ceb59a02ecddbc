from datetime import timedelta

from django import forms
from django.utils import timezone

MAX_SPAN = timedelta(days=3 * 366)


class PeriodForm(forms.Form):
    """The period the insights cover; every value is in the query string, so it can be shared."""

    PERIODS = [("30d", "Last 30 days"), ("12m", "Last 12 months"), ("custom", "Custom dates")]

    period = forms.ChoiceField(choices=PERIODS, initial="12m", widget=forms.RadioSelect)
    start = forms.DateField(
        required=False,
        label="From",
        help_text="For example, 2026-01-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        required=False,
        label="To",
        help_text="For example, 2026-06-30",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data else {}
        data.setdefault("period", "12m")
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period") != "custom":
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if not start and "start" not in self.errors:
            self.add_error("start", "Enter the first day of the period")
        if not end and "end" not in self.errors:
            self.add_error("end", "Enter the last day of the period")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be the same as or after the first day")
            elif end - start > MAX_SPAN:
                self.add_error("end", "Choose a period of at most three years")
            elif start > timezone.localdate():
                self.add_error("start", "The first day must be today or in the past")
        return cleaned

    def date_range(self):
        """(first day, last day) of a valid form; the last 12 months otherwise."""
        today = timezone.localdate()
        period = self.cleaned_data.get("period") if self.is_valid() else "12m"
        if period == "custom":
            return self.cleaned_data["start"], min(self.cleaned_data["end"], today)
        if period == "30d":
            return today - timedelta(days=29), today
        first = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
        return first, today
