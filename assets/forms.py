from django import forms

from accounts.models import Organisation
from assets.models import Enquiry
from portal import forms as portal_forms


class EnquiryForm(portal_forms.ModelForm):
    """What a signed-in user sends from an asset page."""

    class Meta:
        model = Enquiry
        fields = ["organisation", "need", "timescale"]
        labels = {
            "organisation": "Your organisation",
            "need": "What do you need?",
            "timescale": "When do you need it?",
        }
        help_texts = {
            "need": "The work, tests or equipment time you have in mind, and anything the "
            "facility should know (materials, sample numbers, budget).",
            "timescale": "For example: within 3 months, or from January for 6 weeks.",
        }
        widgets = {"need": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.of_member(user).order_by("name")
        field = self.fields["organisation"]
        field.queryset = organisations  # what a posted choice is checked against
        field.empty_label = "Not on behalf of an organisation"
        field.help_text = "The organisation you are asking for, if any."
        # The choices read once, for the menu and the initial choice (one query).
        mine = list(organisations.values_list("pk", "name"))
        field.choices = [("", field.empty_label), *mine]
        if not self.is_bound and "organisation" not in self.initial:
            self.initial["organisation"] = mine[0][0] if mine else None
        self.fields["need"].error_messages["required"] = "Tell the facility what you need"
        self.fields["timescale"].error_messages["required"] = "Say when you need it"

    def clean_need(self):
        need = self.cleaned_data["need"].strip()
        if len(need) < 20:
            raise forms.ValidationError(
                "Describe what you need in a sentence or two, so the facility can answer"
            )
        if len(need) > 5000:
            raise forms.ValidationError("Keep what you need to 5,000 characters or fewer")
        return need


class AssetImportUploadForm(forms.Form):
    """The admin's import, step 1: a CSV file and how to read it."""

    file = forms.FileField(
        label="CSV file",
        help_text="The columns of the export (UTF-8). Columns the file leaves out are kept.",
    )
    publish = forms.BooleanField(
        required=False, label="Publish every imported asset (new ones are drafts otherwise)"
    )
    clear_empty = forms.BooleanField(
        required=False,
        label="Empty cells clear the field",
        help_text="Without this, an empty cell leaves an existing asset's field as it is.",
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file must be 5 MB or smaller.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(
                "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."
            ) from exc


class AssetImportConfirmForm(forms.Form):
    """The admin's import, step 2: the previewed file, carried to the confirmation.

    ``preview`` fingerprints what the curator saw; if the directory changed meanwhile,
    the import is previewed again rather than saved.
    """

    csv_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    publish = forms.BooleanField(required=False, widget=forms.HiddenInput)
    clear_empty = forms.BooleanField(required=False, widget=forms.HiddenInput)
    preview = forms.CharField(widget=forms.HiddenInput)


class ChangeSuggestionForm(forms.Form):
    """What the facility's contact says has changed; pre-filled with the current record."""

    summary = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences a business reads first. 300 characters at most.",
        error_messages={
            "required": "Enter a summary of what the facility offers",
            "max_length": "Summary must be 300 characters or fewer",
        },
    )
    eligibility = forms.CharField(
        label="Who may use it, and on what terms",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: UK companies of any size; charged per day; training first.",
    )
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="The page a business should read, like https://www.example.ac.uk/facility",
        error_messages={
            "invalid": "Enter a web address in the correct format, like https://www.example.ac.uk"
        },
    )
    address = forms.CharField(max_length=255, required=False)
    town = forms.CharField(max_length=100, required=False)
    postcode = forms.CharField(
        max_length=10,
        required=False,
        error_messages={"max_length": "Enter a real postcode, like L7 3FA"},
    )
    note = forms.CharField(
        label="Anything else that has changed",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: new equipment, a new contact, or the facility has closed.",
        error_messages={"max_length": "Keep this to 2,000 characters or fewer"},
    )

    def __init__(self, *args, asset, **kwargs):
        self.asset = asset
        initial = {name: getattr(asset, name) for name in self.base_fields if name != "note"}
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.changes() and not cleaned.get("note", "").strip():
            raise forms.ValidationError(
                "Change at least one detail, or tell us what else has changed"
            )
        return cleaned

    def changes(self):
        """{field: new value} for the fields that differ from the record."""
        return {
            name: value.strip()
            for name, value in self.cleaned_data.items()
            if name != "note" and value.strip() != (getattr(self.asset, name) or "")
        }
