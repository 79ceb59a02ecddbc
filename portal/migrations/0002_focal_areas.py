"""The three focal areas named by the LCR+ Science and Innovation Audit."""

from django.db import migrations

FOCAL_AREAS = [
    (
        "materials-chemistry",
        "Materials chemistry",
        "Discovering and making new materials and formulations, from robotic chemistry "
        "to factory-scale pilot plants.",
    ),
    (
        "infection",
        "Infection",
        "Vaccines, diagnostics, therapeutics and vector control for infectious diseases.",
    ),
    (
        "hpc-cognitive-computing",
        "High performance & cognitive computing",
        "Supercomputing, data analytics, artificial intelligence and digital engineering.",
    ),
]


def create(apps, schema_editor):
    FocalArea = apps.get_model("portal", "FocalArea")
    for order, (slug, name, summary) in enumerate(FOCAL_AREAS):
        FocalArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "summary": summary, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
