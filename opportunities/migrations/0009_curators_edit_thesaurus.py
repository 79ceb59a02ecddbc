"""Curators edit the matching thesaurus and can read the term weights."""

from django.db import migrations

from portal.permissions import CURATORS_GROUP, grant_group_permissions, revoke_group_permissions

PERMISSIONS = [
    ("opportunities", "thesaurusset", ["add", "change", "delete", "view"]),
    ("opportunities", "termweight", ["view"]),
]


def grant(apps, schema_editor):
    grant_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0008_thesaurus_term_weights_match_features"),
        ("assets", "0005_curators_group"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
