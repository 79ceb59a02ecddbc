from django import forms
from django.core.exceptions import ValidationError

from accounts.models import Invitation, Membership, Organisation, User
from portal import forms as portal_forms
from portal.images import UploadedImageField


class LogoField(UploadedImageField):
    """An organisation's logo: checked and re-encoded like every uploaded image; stored
    under a random name by ``logo_upload_to``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, noun="logo", **kwargs)


class OrganisationForm(portal_forms.ModelForm):
    """The profile an owner or admin edits. ``verified``, ``is_demo`` and the slug are
    deliberately absent: a posted value for them is ignored."""

    capabilities_text = forms.CharField(
        label="Capabilities",
        required=False,
        max_length=1000,
        help_text="What your organisation can do, separated by commas: "
        "for example formulation, mass spectrometry, machine learning.",
        widget=forms.TextInput,
    )
    website = forms.URLField(
        label="Website address",
        required=False,
        assume_scheme="https",
        help_text="For example https://www.example.co.uk",
    )
    logo = LogoField(required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "size_band",
            "sector",
            "focal_areas",
            "capabilities_text",
            "description",
            "website",
            "logo",
            "town",
            "postcode",
            "contact_email",
            "phone",
            "visibility",
        ]
        error_messages = {
            "name": {"required": "Enter your organisation's name"},
            "visibility": {"required": "Choose who can see your profile"},
        }
        labels = {
            "kind": "Type of organisation",
            "size_band": "Size",
            "focal_areas": "Focal areas",
        }
        help_texts = {
            "focal_areas": "The LCR+ focal areas your work touches.",
            "description": "What you do and what you are looking for. "
            "You can use Markdown: **bold**, lists and links.",
            "visibility": "Members-only profiles are hidden from anonymous visitors "
            "and search engines.",
        }
        widgets = {
            "focal_areas": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            "kind": forms.Select,
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["size_band"].choices = [("", "Choose a size")] + list(
            Organisation.SizeBand.choices
        )
        self.fields["sector"].empty_label = "Choose a sector"
        self.fields["kind"].choices = [("", "Choose a type"), *Organisation.Kind.choices]
        if self.instance.pk:
            self.initial["capabilities_text"] = ", ".join(
                k.name for k in self.instance.capabilities.all()
            )


class InvitationForm(portal_forms.Form):
    email = forms.EmailField(
        label="Colleague's email address",
        error_messages={
            "required": "Enter your colleague's email address",
            "invalid": "Enter an email address like name@example.com",
        },
        help_text="They will need an account with this address to accept.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        choices=Invitation._meta.get_field("role").choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text="Admins can edit the profile and manage the team; members cannot.",
    )

    def __init__(self, *args, organisation, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError(f"{email} is already a member of {self.organisation.name}.")
        return email


class RoleForm(portal_forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class AccountSettingsForm(portal_forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "interests", "match_alerts"]
        error_messages = {
            "match_alerts": {"required": "Choose how often we email you about new matches"}
        }
        labels = {
            "name": "Your name",
            "interests": "Your interests",
            "match_alerts": "Match alerts",
        }
        help_texts = {
            "name": "Shown to your colleagues in your organisation's team.",
            "interests": "Focal areas you want to hear about.",
            "match_alerts": "How often we email you about new matches for your organisation.",
        }
        widgets = {
            "interests": forms.CheckboxSelectMultiple,
            "match_alerts": forms.RadioSelect,
        }


class DeleteAccountForm(portal_forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )


class SignupForm(portal_forms.Form):
    """The fields the portal adds to allauth's sign-up: the person's name.

    allauth builds its sign-up form on this class (``ACCOUNT_SIGNUP_FORM_CLASS``) and
    calls ``signup`` once the user exists.
    """

    name = forms.CharField(
        label="Your full name",
        max_length=150,
        help_text="Shown to your colleagues and to organisations you agree to share "
        "contact details with.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    field_order = ["name", "email", "password1", "password2"]
    required_messages = {
        "email": "Enter your email address",
        "password1": "Enter a password",
        "password2": "Enter the same password again",
    }

    def signup(self, request, user):
        """Called by allauth after the user is saved; the adapter's ``save_user`` has
        normally stored the name already."""
        name = self.cleaned_data["name"].strip()
        if user.name != name:
            user.name = name
            user.save(update_fields=["name"])


class NameForm(portal_forms.ModelForm):
    """Asked once of accounts made before sign-up asked for a name."""

    class Meta:
        model = User
        fields = ["name"]
        labels = {"name": "Your full name"}
        help_texts = {"name": "Shown to your colleagues in your organisation's team."}
        error_messages = {"name": {"required": "Enter your full name"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
