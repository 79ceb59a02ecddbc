from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


class StaffMFARequiredMiddleware:
    """Send a staff member without two-factor authentication to set it up before the admin.

    The admin's own login already goes through allauth (``secure_admin_login``); this
    closes the other door: a signed-in staff session that never added an authenticator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Curators need two-factor authentication. Set up an authenticator app "
                "to use the admin.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
