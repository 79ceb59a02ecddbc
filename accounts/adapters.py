"""The portal's customisation of django-allauth (the only place we change its behaviour)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmationHMAC
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.crypto import get_random_string

from portal.http import client_ip
from portal.outbox import email_queue_rendered


class AccountAdapter(DefaultAccountAdapter):
    def pre_authenticate(self, request, **credentials):
        """Answer repeated failed sign-ins with 429 Too Many Requests.

        allauth counts failed attempts (``ACCOUNT_RATE_LIMITS["login_failed"]``) and, past
        the limit, shows a form error; a plain 429 tells scripts and people alike to stop.
        """
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(request)) from error
            raise

    def get_client_ip(self, request):
        """The client's address for allauth's rate limits: the portal's one rule
        (``TRUSTED_PROXY_COUNT``), as every other per-address limit uses."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def send_account_already_exists_mail(self, email):
        """Tell the owner someone tried to sign up with their address, taking as long as
        a real sign-up would.

        A sign-up for a taken address answers with the same page as a new one; only the
        time could tell them apart, since a new account hashes its password (about
        200 ms, the point of a password hasher). So hash one here too.
        """
        make_password(get_random_string(24))
        super().send_account_already_exists_mail(email)

    def save_user(self, request, user, form, commit=True):
        """Save the person's name (sign-up asks it) with the new user, in the same query:
        a second write would make signing up with a new address slower than with a taken
        one (see ``send_account_already_exists_mail``)."""
        if form.cleaned_data.get("name"):
            user.name = form.cleaned_data["name"].strip()
        return super().save_user(request, user, form, commit=commit)

    def get_signup_redirect_url(self, request):
        """New people land on onboarding: create an organisation or accept an invitation."""
        return reverse("onboarding")

    def send_confirmation_mail(self, request, emailconfirmation, signup):
        """Send the verification code, plus a link for people who open the email elsewhere.

        allauth verifies by code in the browser that signed up; the link (to
        ``account_confirm_email_link``, which confirms only on POST) covers another
        device. An address not yet saved (enumeration-safe flows) gets the code only.
        """
        address = emailconfirmation.email_address
        context = {"user": address.user, "code": emailconfirmation.key, "email": address.email}
        if address.pk and not address.verified:
            key = EmailConfirmationHMAC(address).key
            context["activate_url"] = build_absolute_uri(
                request, reverse("account_confirm_email_link", args=[key])
            )
        prefix = "account/email/email_confirmation" + ("_signup" if signup else "")
        self.send_mail(prefix, address.email, context)

    def send_mail(self, template_prefix, email, context):
        """Queue allauth's emails through the portal's outbox and Celery.

        allauth renders the message (subject, text and, where a template exists,
        HTML); the outbox saves it and a task sends it after the commit.
        """
        # allauth's own send_mail adds these before rendering; its templates (and our
        # email layout's footer) need them.
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request) if request else None,
            "site_url": settings.SITE_URL,
            "site_name": "LCR+ Innovation Portal",
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        body_text = message.body
        if message.content_subtype == "html":
            html, body_text = message.body, ""
        email_queue_rendered(
            name=template_prefix.rsplit("/", 1)[-1],
            to=message.to,
            subject=message.subject,
            body_text=body_text,
            body_html=html,
            from_email=message.from_email,
            # Account mail (confirmations, password resets, security notices) goes even
            # to an address that bounced or complained: it is how a person gets back in.
            security=True,
        )
