import copy
import json

from allauth.account.adapter import get_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.email_verification import login_on_verification
from allauth.account.internal.flows.email_verification_by_code import (
    EMAIL_VERIFICATION_CODE_SESSION_KEY,
)
from allauth.account.internal.stagekit import clear_login
from allauth.account.models import EmailConfirmationHMAC
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from accounts import services
from accounts.filters import OrganisationFilterSet
from accounts.forms import (
    AccountSettingsForm,
    DeleteAccountForm,
    InvitationForm,
    NameForm,
    OrganisationForm,
    RoleForm,
)
from accounts.models import Invitation, Membership, Organisation
from accounts.settings_blocks import settings_blocks
from portal.actions import run_action
from portal.confirm import confirm_page
from portal.pagecache import CountedPaginator
from portal.querystrings import clean_query_string
from portal.services import ServiceError

PAGE_SIZE = 20


def _bound(request, files=False):
    """Form data on POST (even an empty POST binds the form), nothing on GET."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


# --- Directory and profiles ----------------------------------------------------------


@clean_query_string
def organisation_list(request):
    organisations = (
        Organisation.objects.visible_to(request.user)
        .select_related("sector")
        .prefetch_related("focal_areas")
    )
    filterset = OrganisationFilterSet(request.GET or None, queryset=organisations)
    # visible_to() gives every signed-in visitor the same organisations, and every
    # anonymous one the public ones.
    scope = "signed-in" if request.user.is_authenticated else "public"
    count = filterset.result_count(scope=scope)
    page = CountedPaginator(filterset.qs, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organisation_list.html",
        {"filterset": filterset, "page_obj": page},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user)
        .select_related("sector")
        .prefetch_related("focal_areas", "capabilities"),
        slug=slug,
    )
    membership = None
    team = []
    if request.user.is_authenticated:
        membership = organisation.memberships.filter(user=request.user).first()
        if membership:
            team = organisation.memberships.select_related("user").order_by("role", "user__email")
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            "team": team,
            "assets": organisation.assets.published(),
        },
    )


# --- Creating and editing ------------------------------------------------------------


@login_required
def onboarding(request):
    """After signup: create an organisation, or accept an invitation waiting for you."""
    invitations = (
        Invitation.objects.pending()
        .for_emails(services.verified_emails(request.user))
        .select_related("organisation", "invited_by")
    )
    return render(
        request,
        "accounts/onboarding.html",
        {
            "invitations": invitations,
            "memberships": request.user.memberships.select_related("organisation"),
        },
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(*_bound(request, files=True))
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(
            organisation=form.save(commit=False),
            by=request.user,
            focal_areas=form.cleaned_data["focal_areas"],
            capabilities_text=form.cleaned_data["capabilities_text"],
        )
        messages.success(request, f"{organisation.name} is on the portal.")
        return redirect("onboarding_tasks", slug=organisation.slug)
    return render(request, "accounts/organisation_form.html", {"form": form})


def _managed(request, slug):
    """The organisation if the user owns or administers it; 404 for everyone else."""
    return get_object_or_404(Organisation.objects.managed_by(request.user), slug=slug)


@login_required
def organisation_edit(request, slug):
    organisation = _managed(request, slug)
    # The form edits a copy: validation writes the posted values onto its instance even
    # when it fails, and the page header must keep showing what is saved.
    form = OrganisationForm(*_bound(request, files=True), instance=copy.copy(organisation))
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            organisation=form.save(commit=False),
            focal_areas=form.cleaned_data["focal_areas"],
            capabilities_text=form.cleaned_data["capabilities_text"],
        )
        messages.success(request, "Your organisation profile is saved.")
        return redirect(organisation)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )


# --- Team --------------------------------------------------------------------------------


@login_required
def organisation_team(request, slug):
    organisation = _managed(request, slug)
    memberships = organisation.memberships.select_related("user").order_by("role", "user__email")
    return render(
        request,
        "accounts/organisation_team.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "me": next(m for m in memberships if m.user_id == request.user.pk),
            # An organisation always keeps an owner: its only owner is offered neither
            # to leave nor to change their own role.
            "sole_owner": sum(m.role == Membership.Role.OWNER for m in memberships) == 1,
            "invitations": organisation.invitations.pending().select_related("invited_by"),
            "roles": Membership.Role.choices,
        },
    )


@login_required
def organisation_invite(request, slug):
    organisation = _managed(request, slug)
    form = InvitationForm(*_bound(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except services.InvitationRateLimited as error:
            # The form keeps what was typed, so it can be sent later as it is.
            form.add_error(None, str(error))
            return render(
                request,
                "accounts/organisation_invite.html",
                {"form": form, "organisation": organisation},
                status=429,
            )
        except ServiceError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, f"We have emailed an invitation to {invitation.email}.")
            return redirect("organisation_team", slug=organisation.slug)
    return render(
        request, "accounts/organisation_invite.html", {"form": form, "organisation": organisation}
    )


def _post_only(request):
    """Checked after the 404 lookups, so an outsider learns nothing from the method."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


@login_required
def member_role(request, slug, pk):
    organisation = _managed(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    if refused := _post_only(request):
        return refused
    team = reverse("organisation_team", args=[organisation.slug])
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose owner, admin or member.")
        return redirect(team)
    return run_action(
        request,
        services.membership_change_role,
        membership=membership,
        role=form.cleaned_data["role"],
        by_membership=organisation.memberships.get(user=request.user),
        success=f"{membership.user} is now {form.cleaned_data['role']}.",
        then=team,
    )


@login_required
def member_remove(request, slug, pk):
    organisation = _managed(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    if refused := _post_only(request):
        return refused
    team = reverse("organisation_team", args=[organisation.slug])
    leaving = membership.user_id == request.user.pk
    return run_action(
        request,
        services.membership_remove,
        membership=membership,
        by_membership=organisation.memberships.get(user=request.user),
        success=f"You have left {organisation.name}."
        if leaving
        else f"{membership.user} is no longer in the team.",
        then="dashboard" if leaving else team,
        refused=team,
    )


@login_required
def invitation_revoke(request, slug, pk):
    organisation = _managed(request, slug)
    invitation = get_object_or_404(organisation.invitations.all(), pk=pk)
    if refused := _post_only(request):
        return refused
    return run_action(
        request,
        services.invitation_close,
        invitation=invitation,
        status=Invitation.Status.REVOKED,
        success=f"The invitation to {invitation.email} is withdrawn.",
        then=reverse("organisation_team", args=[organisation.slug]),
    )


@login_required
def member_remove_confirm(request, slug, pk):
    """Ask once before removing someone (or leaving) from the team page."""
    organisation = _managed(request, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    return _confirm_leave(
        request,
        membership,
        action_url=reverse("member_remove", args=[organisation.slug, membership.pk]),
        cancel_url=reverse("organisation_team", args=[organisation.slug]),
    )


@login_required
def organisation_leave_confirm(request, slug):
    """Ask once before a member leaves from their dashboard."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        organisation__slug=slug,
        user=request.user,
    )
    return _confirm_leave(
        request,
        membership,
        action_url=reverse("organisation_leave", args=[slug]),
        cancel_url=reverse("dashboard"),
    )


def _confirm_leave(request, membership, *, action_url, cancel_url):
    """The page that asks once before someone leaves, or is removed from, a team."""
    name = membership.organisation.name
    if membership.user_id == request.user.pk:
        return confirm_page(
            request,
            title=f"Leave {name}?",
            consequences=[
                f"You will no longer see {name}'s dashboard, opportunities or enquiries.",
                "To come back, an owner or admin must invite you again.",
            ],
            button=f"Leave {name}",
            action_url=action_url,
            cancel_url=cancel_url,
        )
    return confirm_page(
        request,
        title=f"Remove {membership.user} from {name}?",
        consequences=[
            f"{membership.user} will no longer see {name}'s dashboard, opportunities or enquiries.",
            "What they posted for the organisation stays. You can invite them again later.",
        ],
        button=f"Remove {membership.user}",
        action_url=action_url,
        cancel_url=cancel_url,
    )


@require_POST
@login_required
def organisation_leave(request, slug):
    membership = get_object_or_404(
        Membership.objects.select_related("organisation", "user"),
        organisation__slug=slug,
        user=request.user,
    )
    return run_action(
        request,
        services.membership_remove,
        membership=membership,
        by_membership=membership,
        success=f"You have left {membership.organisation.name}.",
        then="dashboard",
    )


# --- Invitations, seen by the invitee ------------------------------------------------


def _invitation_or_gone(request, token):
    invitation = Invitation.objects.from_token(token)
    if invitation is None:
        return None, render(request, "accounts/invitation_invalid.html", status=404)
    if not invitation.is_open:
        return None, render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    return invitation, None


def invitation_detail(request, token):
    invitation, gone = _invitation_or_gone(request, token)
    if gone:
        return gone
    matches = request.user.is_authenticated and invitation.email in services.verified_emails(
        request.user
    )
    here = request.get_full_path()
    return render(
        request,
        "accounts/invitation_detail.html",
        {
            "invitation": invitation,
            "token": token,
            "email_matches": matches,
            "signup_url": reverse("account_signup")
            + "?"
            + _query(email=invitation.email, next=here),
            "login_url": reverse("account_login") + "?" + _query(next=here),
        },
    )


def _query(**params):
    return urlencode(params)


@require_POST
@login_required
def invitation_accept(request, token):
    invitation, gone = _invitation_or_gone(request, token)
    if gone:
        return gone
    return run_action(
        request,
        services.invitation_accept,
        invitation=invitation,
        user=request.user,
        success=lambda membership: f"Welcome to {membership.organisation.name}.",
        then="dashboard",
        refused=reverse("invitation_detail", kwargs={"token": token}),
    )


@require_POST
@login_required
def invitation_decline(request, token):
    invitation, gone = _invitation_or_gone(request, token)
    if gone:
        return gone
    if invitation.email not in services.verified_emails(request.user):
        messages.error(request, "Only the person invited can decline this invitation.")
        return redirect("invitation_detail", token=token)
    services.invitation_close(invitation=invitation, status=Invitation.Status.DECLINED)
    messages.success(request, f"You declined the invitation to {invitation.organisation.name}.")
    return redirect("dashboard")


# --- The person's own account --------------------------------------------------------


@login_required
def account_settings(request):
    form = AccountSettingsForm(*_bound(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("account_settings")
    return render(
        request,
        "accounts/account_settings.html",
        {"form": form, "blocks": settings_blocks(request)},
    )


@login_required
def account_data(request):
    """Everything we hold about the signed-in person, as a JSON download."""
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="lcr-portal-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def account_delete(request):
    form = DeleteAccountForm(*_bound(request))
    blockers = services.user_deletion_blockers(user=request.user)
    if request.method == "POST" and form.is_valid() and not blockers:
        user = request.user
        try:
            services.user_delete(user=user)
        except ServiceError as error:
            messages.error(request, str(error))
            return redirect("account_delete")
        logout(request)
        messages.success(request, "Your account and personal data have been deleted.")
        return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {
            "form": form,
            "blockers": blockers,
            "deleted_with": services.organisations_deleted_with(user=request.user),
        },
    )


@login_required
def account_name(request):
    """Ask once for the name of an account made before sign-up asked for it."""
    next_url = request.GET.get("next") or request.POST.get("next")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = reverse("dashboard")
    form = NameForm(*_bound(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Thank you. Your name is saved.")
        return redirect(next_url)
    return render(request, "accounts/account_name.html", {"form": form, "next": next_url})


def start_again(request):
    """Leave an unfinished sign-up (a code not yet entered) and go to sign in or sign up.

    Until the code is entered, allauth sends every visit to sign in or register back to
    "Verify your email address"; this forgets that pending sign-up in this browser only.
    A GET is enough: it changes nothing for a signed-in person and saves nothing.
    """
    if not request.user.is_authenticated:
        clear_login(request)
        request.session.pop(EMAIL_VERIFICATION_CODE_SESSION_KEY, None)
    next_url = request.GET.get("next")
    if next_url not in (reverse("account_login"), reverse("account_signup")):
        next_url = reverse("account_login")
    return redirect(next_url)


# --- Email confirmation by link (beside allauth's code) ----------------------------


def confirm_email_link(request, key):
    """Confirm an address from the link in the verification email.

    allauth verifies by code (entered in the browser that signed up); the same email
    carries this link for people who open it elsewhere. A GET only shows a button:
    link scanners that open URLs confirm nothing.
    """
    confirmation = EmailConfirmationHMAC.from_key(key)
    if request.method == "POST" and confirmation:
        address = confirmation.email_address
        if get_adapter(request).confirm_email(request, address):
            # The browser that signed up is signed in, as after a code; any other is not.
            request.session.pop(EMAIL_VERIFICATION_CODE_SESSION_KEY, None)
            response = login_on_verification(request, address)
            if response:
                return response
            if request.user.is_authenticated:
                return redirect("dashboard")
            messages.info(request, "You can now sign in.")
            return redirect("account_login")
    return render(
        request,
        "account/email_confirm_link.html",
        {"confirmation": confirmation},
        status=200 if confirmation else 404,
    )
