"""Curators write, preview, schedule, send and cancel digests, and import subscribers
(each still confirms by email); they read consent records and deliveries."""

from django.db import migrations

from portal.permissions import CURATORS_GROUP, grant_group_permissions, revoke_group_permissions

PERMISSIONS = [
    ("newsletter", "digest", ["add", "change", "view"]),
    ("newsletter", "subscriber", ["change", "view"]),
    ("newsletter", "consentrecord", ["view"]),
    ("newsletter", "delivery", ["view"]),
]


def grant(apps, schema_editor):
    grant_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("assets", "0005_curators_group"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
