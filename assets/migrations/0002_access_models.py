"""The ways a business can use an asset, each explained in plain English."""

from django.db import migrations

ACCESS_MODELS = [
    ("open-access", "Open access",
     "Book equipment or technician time for a fee, like any other customer."),
    ("free-sme-support", "Free SME support",
     "Funded help for small and medium-sized businesses, at no cost to you."),
    ("collaborative-rd", "Collaborative R&D",
     "Work with the experts on a joint project, often with shared funding."),
    ("contract-research", "Contract research and testing",
     "Pay the facility to do the work or run the tests for you."),
    ("tenancy", "Tenancy and hot-desking",
     "Rent an office, lab or desk and work alongside others."),
    ("membership", "Membership",
     "Join as a member for access to facilities, events and networks."),
    ("open-data", "Open data",
     "Use the data or services freely, usually online."),
]


def create(apps, schema_editor):
    AccessModel = apps.get_model("assets", "AccessModel")
    for order, (slug, name, explanation) in enumerate(ACCESS_MODELS):
        AccessModel.objects.update_or_create(
            slug=slug, defaults={"name": name, "explanation": explanation, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("assets", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
