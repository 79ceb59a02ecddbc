"""Free text has sensible maximum lengths: a clear message in the form, a validator on the
model, and nothing saved when an answer is too long."""

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from accounts.models import Organisation
from accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from assets.models import Enquiry
from assets.tests.factories import AssetFactory
from opportunities.models import ExpressionOfInterest
from opportunities.tests.factories import OpportunityFactory, member_of
from portal.models import NewsPost

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000

# Written by the portal itself, never typed by a person: rendered emails and their errors,
# and copies of values already checked.
GENERATED = {
    ("portal", "outgoingemail", "body_text"),
    ("portal", "outgoingemail", "body_html"),
    ("portal", "outgoingemail", "last_error"),
    ("newsletter", "digestedition", "body_text"),
    ("newsletter", "digestedition", "body_html"),
    # An asset's history copies values the portal has already checked (a description, say).
    ("assets", "assetchange", "old_value"),
    ("assets", "assetchange", "new_value"),
}


def test_every_free_text_field_has_a_maximum_enforced_by_the_model():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in {
            "portal",
            "accounts",
            "assets",
            "opportunities",
            "newsletter",
        }:
            continue
        for field in model._meta.get_fields():
            if not isinstance(field, models.TextField):
                continue
            key = (model._meta.app_label, model._meta.model_name, field.name)
            if key in GENERATED:
                continue
            validated = any(
                isinstance(v, MaxLengthValidator) and v.limit_value == field.max_length
                for v in field.validators
            )
            if not field.max_length or not validated:
                unbounded.append(".".join(key))
    assert unbounded == []


def test_a_megabyte_answer_to_an_expression_of_interest_is_refused_with_a_message(client):
    opportunity = OpportunityFactory(title="Coatings partner")
    client.force_login(member_of(OrganisationFactory(name="Halton"), email="ivy@halton.example"))

    response = client.post(
        f"/opportunities/{opportunity.slug}/interest/",
        {"who_we_are": MEGABYTE, "what_we_bring": "Models.", "what_we_want": "A bid."},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ensure this value has at most 3000 characters (it has 1000000)." in html
    assert "error-summary" in html
    assert not ExpressionOfInterest.objects.exists()


def test_an_answer_at_the_limit_is_accepted(client):
    opportunity = OpportunityFactory(title="Coatings partner")
    client.force_login(member_of(OrganisationFactory(name="Halton"), email="ivy@halton.example"))

    client.post(
        f"/opportunities/{opportunity.slug}/interest/",
        {"who_we_are": "y" * 3000, "what_we_bring": "Models.", "what_we_want": "A bid."},
    )

    assert len(ExpressionOfInterest.objects.get().who_we_are) == 3000


def test_an_overlong_enquiry_is_refused_and_nothing_is_sent(client):
    user = UserFactory(email="ada@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    asset = AssetFactory()

    response = client.post(
        f"/assets/{asset.slug}/enquire/", {"need": MEGABYTE, "timescale": "Soon"}
    )

    assert "at most 5000 characters" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_an_overlong_organisation_description_is_refused_and_the_saved_one_kept(client):
    organisation = OrganisationFactory(name="Mersey Materials", description="Short and true.")
    owner = MembershipFactory(organisation=organisation, role="owner").user
    client.force_login(owner)

    response = client.post(
        f"/organisations/{organisation.slug}/edit/",
        {
            "name": "Mersey Materials",
            "kind": "sme",
            "visibility": "public",
            "description": MEGABYTE,
        },
    )

    assert "at most 10000 characters" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.description == "Short and true."


@pytest.mark.parametrize(
    ("make", "field", "limit"),
    [
        (lambda text: NewsPost(title="t", slug="t", summary="s", body=text), "body", 50_000),
        (
            lambda text: Organisation(name="n", slug="n", kind="sme", description=text),
            "description",
            10_000,
        ),
    ],
)
def test_the_model_refuses_text_over_its_limit(make, field, limit):
    make("z" * limit).full_clean(exclude=["slug"])
    with pytest.raises(ValidationError) as error:
        make("z" * (limit + 1)).full_clean(exclude=["slug"])
    assert field in error.value.message_dict
