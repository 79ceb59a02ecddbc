"""Date and time inputs for every form in the portal.

A browser's ``<input type="date">`` accepts only ISO values (``2027-02-28``); Django
renders dates in the locale's first input format (``28/02/2027`` for en-GB), which the
browser silently discards, so an edit form came back with its dates empty. Every form
uses these widgets, which always render ISO values.
"""

from django import forms

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)
