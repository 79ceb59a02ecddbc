"""No form of ours answers an empty submission with a bare "This field is required."."""

import pytest
from django.forms import Field

from accounts import allauth_forms
from accounts import forms as account_forms
from accounts.tests.factories import MembershipFactory, OrganisationFactory
from assets.forms import EnquiryForm
from newsletter import forms as newsletter_forms
from opportunities import forms as opportunity_forms
from portal.forms import required_message

pytestmark = pytest.mark.django_db

BARE = Field.default_error_messages["required"]


def every_form():
    user = MembershipFactory().user
    organisation = OrganisationFactory()
    return [
        account_forms.OrganisationForm(data={}),
        account_forms.InvitationForm(data={}, organisation=organisation),
        account_forms.RoleForm(data={}),
        account_forms.AccountSettingsForm(data={}),
        account_forms.DeleteAccountForm(data={}),
        account_forms.NameForm(data={}),
        allauth_forms.LoginForm(data={}),
        allauth_forms.ResetPasswordForm(data={}),
        allauth_forms.AddEmailForm(data={}, user=user),
        allauth_forms.ChangePasswordForm(data={}, user=user),
        EnquiryForm(data={}, user=user),
        opportunity_forms.OpportunityForm(data={}),
        opportunity_forms.InterestForm(data={}),
        opportunity_forms.RenewForm(data={}),
        opportunity_forms.RejectForm(data={}),
        newsletter_forms.SubscribeForm(data={}),
        newsletter_forms.AccountSubscribeForm(data={}),
        newsletter_forms.PreferencesForm(data={}),
        newsletter_forms.ImportForm(data={}),
        newsletter_forms.ScheduleForm(data={}),
    ]


def test_empty_forms_say_what_to_do_for_each_field():
    for form in every_form():
        form.is_valid()
        messages = [message for errors in form.errors.values() for message in errors]
        assert BARE not in messages, (type(form).__name__, form.errors)


def test_the_sign_up_form_names_each_field():
    from allauth.account.forms import SignupForm

    form = SignupForm(data={})
    form.is_valid()
    assert form.errors["name"] == ["Enter your full name"]
    assert form.errors["email"] == ["Enter your email address"]
    assert form.errors["password1"] == ["Enter a password"]


def test_a_field_without_a_label_is_named_after_itself():
    form = account_forms.RoleForm(data={})
    form.is_valid()
    assert form.errors["role"] == ["Choose the role"]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (account_forms.OrganisationForm.base_fields["postcode"], "Enter the postcode"),
        (
            account_forms.OrganisationForm.base_fields["focal_areas"],
            "Choose at least one of the focal areas",
        ),
        (opportunity_forms.RenewForm.base_fields["deadline"], "Enter the new closing date"),
    ],
)
def test_messages_are_written_from_the_label(field, message):
    assert required_message(field) == message
