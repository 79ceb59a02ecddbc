"""Curators moderate: the moderation queue (approve, reject) and every opportunity."""

from django.db import migrations

from portal.permissions import CURATORS_GROUP, grant_group_permissions, revoke_group_permissions

PERMISSIONS = [
    ("opportunities", "opportunity", ["change", "view"]),
    ("opportunities", "pendingopportunity", ["change", "view"]),
    ("opportunities", "expressionofinterest", ["view"]),
]


def grant(apps, schema_editor):
    grant_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0006_newest_index"),
        ("assets", "0005_curators_group"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
