"""The base of every form in the portal: error messages that name the field.

GOV.UK's pattern: "Enter your organisation's name", "Choose at least one focal area",
never a bare "This field is required." repeated in the error summary. A field keeps
any message its form gives it; the others are written from the field's label and kind.
"""

from django import forms

BARE_REQUIRED = forms.Field.default_error_messages["required"]


def _noun(label):
    """'Closing date' -> 'closing date'; 'LCR+ focal areas' stays as it is."""
    label = str(label or "this").rstrip(":")
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def required_message(field, label=None):
    """What to do about an empty required field, in words that name it (``label``: the
    bound field's label, which falls back to the field's name)."""
    noun = _noun(label or field.label)
    widget = field.widget
    if isinstance(field, forms.BooleanField):
        return f"Tick the box to confirm: {noun}"
    if isinstance(field, forms.FileField):
        return f"Choose a file for the {noun}"
    if isinstance(widget, forms.CheckboxSelectMultiple) or isinstance(
        field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
    ):
        return f"Choose at least one of the {noun}"
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return f"Choose the {noun}"
    return f"Enter the {noun}"


class NamedErrorsMixin:
    """Replace the bare "This field is required." with a message naming the field.

    Done just before validation, so it covers fields added in ``__init__`` too
    (allauth builds its sign-up form that way).
    """

    #: Messages for fields a subclass does not declare itself (allauth's), by name.
    required_messages = {}

    def full_clean(self):
        for name, field in self.fields.items():
            if field.error_messages.get("required") == BARE_REQUIRED:
                field.error_messages["required"] = self.required_messages.get(
                    name
                ) or required_message(field, self[name].label)
        super().full_clean()


class Form(NamedErrorsMixin, forms.Form):
    pass


class ModelForm(NamedErrorsMixin, forms.ModelForm):
    pass
