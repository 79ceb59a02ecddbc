"""allauth's forms with error messages that name the field (``ACCOUNT_FORMS``).

Kept apart from ``accounts.forms``: allauth's form module imports our sign-up form
class (``ACCOUNT_SIGNUP_FORM_CLASS``) from there, so that module must not import it.
"""

from allauth.account import forms as allauth_forms

from portal import forms as portal_forms


class LoginForm(portal_forms.NamedErrorsMixin, allauth_forms.LoginForm):
    """allauth's sign-in form with messages that name the field."""

    required_messages = {"login": "Enter your email address", "password": "Enter your password"}


class ResetPasswordForm(portal_forms.NamedErrorsMixin, allauth_forms.ResetPasswordForm):
    required_messages = {"email": "Enter your email address"}


class AddEmailForm(portal_forms.NamedErrorsMixin, allauth_forms.AddEmailForm):
    required_messages = {"email": "Enter the new email address"}


class ChangePasswordForm(portal_forms.NamedErrorsMixin, allauth_forms.ChangePasswordForm):
    required_messages = {
        "oldpassword": "Enter your current password",
        "password1": "Enter a new password",
        "password2": "Enter the new password again",
    }


class ResetPasswordKeyForm(portal_forms.NamedErrorsMixin, allauth_forms.ResetPasswordKeyForm):
    required_messages = {"password1": "Enter a new password", "password2": "Enter it again"}
