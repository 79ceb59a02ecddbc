"""Date and time inputs for every form in the portal.

A browser's ``<input type="date">`` accepts only ISO values (``2027-02-28``); Django
renders dates in the locale's first input format (``28/02/2027`` for en-GB), which the
browser silently discards, so an edit form came back with its dates empty. Every form
uses these widgets, which always render ISO values.
"""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

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


class LongSelect(forms.Select):
    """A ``<select>`` for long lists, rendered in Python with the markup Django's templates
    give: those build an option dictionary and include a template per option (about
    0.4 ms each), and the opportunity filter can list hundreds of related facilities (500
    options cost 200 ms a page)."""

    def render(self, name, value, attrs=None, renderer=None):
        values = self.format_value(value)
        state = {"selected": False}
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                parts.append(f'<optgroup label="{_html(option_value)}">')
                parts += [self._option(v, label, values, state) for v, label in option_label]
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, values, state))
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{_html(name)}"{attrs}>{"".join(parts)}</select>')  # noqa: S308 (every value escaped)

    def _option(self, value, label, values, state):
        value = "" if value is None else str(value)
        selected = value in values and not state["selected"]
        state["selected"] = state["selected"] or selected
        flag = " selected" if selected else ""
        return f'<option value="{_html(value)}"{flag}>{_html(label)}</option>'


def _html(text):
    """Escaped for HTML unless already safe (Django's conditional_escape, without the lazy
    wrapper's cost per call)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))
