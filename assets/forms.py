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
