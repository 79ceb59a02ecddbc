from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsletter import ratelimit, services, tokens
from newsletter.forms import AccountSubscribeForm, PreferencesForm, SubscribeForm
from newsletter.models import ConsentRecord, Digest, Subscriber
from portal.http import client_ip

TOO_MANY = "Too many subscription requests. Wait an hour and try again."


def _subscriber_from_token(token, purpose):
    subscriber_id = tokens.read_token(token, purpose)
    if subscriber_id is None:
        return None
    return Subscriber.objects.filter(pk=subscriber_id).first()


def _bad_link(request, expired=False):
    return render(
        request,
        "newsletter/bad_link.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


@require_http_methods(["GET", "POST"])
def subscribe(request):
    """The subscribe form. Every valid request answers with the same "check your inbox"
    page, whether or not the address was known."""
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        limited = ratelimit.hit(
            scope="ip", key=client_ip(request) or "-", limit=settings.NEWSLETTER_RATE_LIMIT_IP
        )
        if form.is_valid() and not limited:
            limited = ratelimit.hit(
                scope="email",
                key=form.cleaned_data["email"],
                limit=settings.NEWSLETTER_RATE_LIMIT_EMAIL,
            )
        if limited:
            form.add_error(None, TOO_MANY)
            return render(request, "newsletter/subscribe.html", {"form": form}, status=429)
        if form.is_valid():
            services.subscriber_subscribe(
                email=form.cleaned_data["email"],
                focal_areas=form.cleaned_data["focal_areas"],
                frequency=form.cleaned_data["frequency"],
                ip=client_ip(request),
            )
            return redirect("newsletter_check_inbox")
    else:
        form = SubscribeForm(initial={"email": request.GET.get("email", "")[:254]})
    return render(request, "newsletter/subscribe.html", {"form": form})


def check_inbox(request):
    return render(request, "newsletter/check_inbox.html")


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (link scanners open links); only the POST confirms."""
    subscriber = _subscriber_from_token(token, tokens.CONFIRM)
    if subscriber is None:
        return _bad_link(request, expired=tokens.token_is_expired(token))
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber, ip=client_ip(request))
        subscriber.refresh_from_db()
    context = {
        "subscriber": subscriber,
        "preferences_url": services.preferences_url(subscriber.pk),
        "confirmed": subscriber.status == Subscriber.Status.ACTIVE,
    }
    return render(request, "newsletter/confirm.html", context)


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber = _subscriber_from_token(token, tokens.PREFERENCES)
    if subscriber is None:
        return _bad_link(request)
    if subscriber.status in (
        Subscriber.Status.UNSUBSCRIBED,
        Subscriber.Status.BOUNCED,
        Subscriber.Status.COMPLAINED,
    ):
        return render(request, "newsletter/preferences_inactive.html", {"subscriber": subscriber})
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_update_preferences(
                subscriber=subscriber,
                focal_areas=form.cleaned_data["focal_areas"],
                frequency=form.cleaned_data["frequency"],
                ip=client_ip(request),
            )
            messages.success(request, "Your newsletter preferences are saved.")
            return redirect("newsletter_preferences", token=token)
    else:
        form = PreferencesForm(
            initial={
                "focal_areas": subscriber.focal_areas.all(),
                "frequency": subscriber.frequency,
            }
        )
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "subscriber": subscriber,
            # Relative: the form posts to this site whatever SITE_URL says (CSP form-action).
            "unsubscribe_url": reverse(
                "newsletter_unsubscribe",
                args=[tokens.make_token(subscriber.pk, tokens.UNSUBSCRIBE)],
            ),
        },
    )


@csrf_exempt  # RFC 8058: mail providers POST without cookies or a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm; POST unsubscribes and answers 200 (never a redirect).

    The signed token is the authority, so the POST needs no session or CSRF token; a
    second POST changes nothing and answers the same.
    """
    subscriber = _subscriber_from_token(token, tokens.UNSUBSCRIBE)
    if subscriber is None:
        return _bad_link(request)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.subscriber_unsubscribe(
            subscriber=subscriber,
            ip=client_ip(request),
            method=ConsentRecord.Method.ONE_CLICK if one_click else ConsentRecord.Method.EMAIL_LINK,
        )
        return render(request, "newsletter/unsubscribed.html", {"subscriber": subscriber})
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscriber": subscriber, "already": subscriber.status == Subscriber.Status.UNSUBSCRIBED},
    )


def account_context(user, form=None, next_url=""):
    """What ``newsletter/account_settings.html`` needs for a signed-in user."""
    subscriber = services.subscriber_for_user(user)
    active = subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE
    verified = services.user_has_verified_email(user)
    if form is None and not active:
        form = AccountSubscribeForm(
            initial={"focal_areas": services.user_interests(user)}, auto_id="id_newsletter_%s"
        )
    return {
        "newsletter_subscriber": subscriber,
        "newsletter_active": active,
        "newsletter_verified": verified,
        "newsletter_form": form,
        "newsletter_preferences_url": services.preferences_url(subscriber.pk) if active else "",
        "newsletter_subscribe_url": reverse("newsletter_subscribe"),
        "newsletter_next": next_url or reverse("newsletter_account"),
    }


def account_settings_block(request):
    """The newsletter's block on the account settings page (accounts.settings_blocks)."""
    return render_to_string(
        "newsletter/account_settings.html",
        account_context(request.user, next_url=request.get_full_path()),
        request=request,
    )


@login_required
def account(request):
    """A page of its own for the account block (account settings include the block)."""
    return render(
        request, "newsletter/account.html", account_context(request.user, next_url=request.path)
    )


@login_required
@require_POST
def account_subscribe(request):
    """One-click subscribe for a signed-in user with a verified address."""
    form = AccountSubscribeForm(request.POST, auto_id="id_newsletter_%s")
    if not services.user_has_verified_email(request.user):
        messages.error(request, "Verify your email address before subscribing.")
        return redirect("newsletter_account")
    if not form.is_valid():
        return render(
            request, "newsletter/account.html", account_context(request.user, form), status=400
        )
    services.subscriber_subscribe_account(
        user=request.user,
        focal_areas=form.cleaned_data["focal_areas"],
        frequency=form.cleaned_data["frequency"],
        ip=client_ip(request),
    )
    messages.success(request, "You are subscribed to the LCR+ newsletter.")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(next_url)
    return redirect("newsletter_account")


ARCHIVE_PAGE_SIZE = 20


def archive(request):
    """Past digests, newest first."""
    page = Paginator(Digest.objects.archived(), ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletter/archive.html", {"page_obj": page})


def archive_detail(request, digest_id):
    """One past digest in the browser: the general edition, never anyone's own."""
    digest = get_object_or_404(Digest.objects.archived(), pk=digest_id)
    context = services.digest_archive_context(digest=digest)
    return render(request, "newsletter/archive_detail.html", context)
