from django import forms

from accounts.models import Organisation
from assets.models import Enquiry


class EnquiryForm(forms.ModelForm):
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
        organisations = Organisation.objects.filter(memberships__user=user).order_by("name")
        field = self.fields["organisation"]
        field.queryset = organisations
        field.empty_label = "Not on behalf of an organisation"
        field.help_text = "The organisation you are asking for, if any."
        if not self.is_bound and "organisation" not in self.initial:
            self.initial["organisation"] = organisations.values_list("pk", flat=True).first()
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
