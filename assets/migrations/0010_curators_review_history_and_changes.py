"""Curators read asset history and confirmations, and approve or dismiss change requests."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
PERMISSIONS = [
    ("assets", "assetchange", ["view"]),
    ("assets", "confirmation", ["view"]),
    ("assets", "changerequest", ["change", "view"]),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("assets")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for _app_label, model, actions in PERMISSIONS:
        for action in actions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="assets", codename=f"{action}_{model}")
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group:
        codenames = [f"{action}_{model}" for _, model, actions in PERMISSIONS for action in actions]
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="assets", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [("assets", "0009_asset_history_confirmations_change_requests")]
    operations = [migrations.RunPython(grant, revoke)]
