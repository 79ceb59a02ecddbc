"""Curators write news: the "Curators" group may add, edit and publish news posts (a post
is withdrawn by setting it back to draft, not deleted).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
PERMISSIONS = [
    ("portal", "newspost", ["add", "change", "view"]),
]


def _permissions(apps):
    app_config = apps.get_app_config("portal")
    # Permissions are normally created after all migrations; make sure they exist now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, model, actions in PERMISSIONS
        for action in actions
    ]


def add_permissions(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def remove_permissions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_focal_areas"),
        ("assets", "0005_curators_group"),
    ]
    operations = [migrations.RunPython(add_permissions, remove_permissions)]
