import factory
from allauth.account.models import EmailAddress

from accounts.models import Invitation, Membership, Organisation, User
from accounts.tests.helpers import totp_code


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password("correct horse battery staple")


class VerifiedUserFactory(UserFactory):
    """A user whose email address allauth knows as verified and primary."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.SME
    town = "Liverpool"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OWNER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = Membership.Role.MEMBER
    invited_by = factory.SubFactory(UserFactory)


def with_authenticator(user, secret=None):
    """Give a user an authenticator app: staff need one before the admin opens (MFA).
    Pass ``secret`` to type codes in a browser test."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, secret or generate_totp_secret())
    return user


# The data migrations that give the Curators group its permissions (each app its own).
CURATOR_MIGRATIONS = [
    "assets.migrations.0005_curators_group",
    "assets.migrations.0007_curators_add_host_organisations_and_write_news",
    "opportunities.migrations.0007_curators_moderate_opportunities",
    "newsletter.migrations.0002_curators_send_digests",
    "assets.migrations.0010_curators_review_history_and_changes",
    "matching.migrations.0003_thesaurus_term_weights_match_features",
]


def curators_group():
    """The Curators group as the migrations made it. A transactional test empties the
    database afterwards (the group with it), so it is rebuilt from the same lists."""
    from importlib import import_module

    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="Curators")
    if created:
        for module in CURATOR_MIGRATIONS:
            for app_label, model, actions in import_module(module).PERMISSIONS:
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label,
                        codename__in=[f"{action}_{model}" for action in actions],
                    )
                )
    return group


def curator_user(totp_secret=None, **fields):
    """A curator as the README describes one: staff in the Curators group, not a
    superuser, with an authenticator app (the admin requires it of staff)."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(curators_group())
    return with_authenticator(user, totp_secret)


def in_two_factor_session(user):
    """``user`` as ``request.user`` is in a session that passed two-factor authentication
    (for calling querysets and services directly): staff then have their powers."""
    user.two_factor_session = True
    return user


def sign_in_with_two_factor(client, user):
    """Sign ``client`` in as ``user`` through allauth's authenticator-app step, as staff
    must before their powers (and the admin) apply. Gives the user an authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        generate_totp_secret,
    )

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    client.force_login(user)
    code = totp_code(secret)
    response = client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert response.status_code == 302, response.content.decode()
    return user
