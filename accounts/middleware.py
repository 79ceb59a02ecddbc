"""Staff powers need a two-factor session (the security probe of issue 11).

allauth records each way a session authenticated (password, an emailed code, an
authenticator app) in the session. A staff member whose session has no authenticator step
is an ordinary user everywhere: ``User.has_staff_powers`` is False, so querysets, pages and
the admin treat them as anyone else, and the admin sends them to add an authenticator app
or to confirm with it. A staff account's first authenticator app needs a fresh password
and a fresh code sent to its verified address, so a stolen password alone cannot enrol an
attacker's authenticator.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def used_two_factor(request, user):
    """Whether this session passed an authenticator step (sign-in or re-authentication)."""
    return any(record.get("method") == "mfa" for record in _records(request, user))


def recently_used(request, user, method):
    """Whether this session used ``method`` ("password", "code") within allauth's
    re-authentication window."""
    window = account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("method") == method and time.time() - record.get("at", 0) < window
        for record in _records(request, user)
    )


def _records(request, user):
    return get_authentication_records(request, user) if hasattr(request, "session") else []


def _to(url_name, next_path):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': next_path})}")


class StaffTwoFactorMiddleware:
    """Grant staff powers per request, only to sessions that passed two-factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            user.two_factor_session = used_two_factor(request, user)
            if not user.two_factor_session:
                response = self.guard(request, user)
                if response is not None:
                    return response
        return self.get_response(request)

    def guard(self, request, user):
        path = request.path
        if path.startswith(reverse("admin:index")):
            if not is_mfa_enabled(user):
                messages.warning(
                    request,
                    "Curators need two-factor authentication. Set up an authenticator app "
                    "to use the admin.",
                )
                return redirect("mfa_activate_totp")
            messages.info(request, "Confirm it is you with your authenticator app.")
            return _to("mfa_reauthenticate", request.get_full_path())
        if path == reverse("mfa_activate_totp") and not is_mfa_enabled(user):
            return self.enrolment_guard(request, user)
        return None

    def enrolment_guard(self, request, user):
        """A staff account's first authenticator: a fresh password, then a fresh code."""
        if not recently_used(request, user, "password"):
            return _to("account_reauthenticate", request.get_full_path())
        if not recently_used(request, user, "code"):
            if not EmailAddress.objects.filter(user=user, verified=True).exists():
                messages.warning(request, "Verify your email address first.")
                return redirect("account_email")
            messages.info(
                request,
                "Staff accounts confirm their first authenticator app with a code sent "
                "to their email address as well as their password.",
            )
            return _to("account_request_reauthentication_code", request.get_full_path())
        return None
