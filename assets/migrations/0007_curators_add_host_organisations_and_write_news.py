"""Curators add host organisations (a facility's host may not be in the directory yet),
edit and verify organisations, and write news, as the README says they do."""

from django.db import migrations

from portal.permissions import CURATORS_GROUP, grant_group_permissions, revoke_group_permissions

PERMISSIONS = [
    ("accounts", "organisation", ["add", "change"]),
    ("portal", "sector", ["view"]),  # the organisation form looks sectors up
    ("portal", "newspost", ["add", "change", "view"]),
]


def grant(apps, schema_editor):
    grant_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


def revoke(apps, schema_editor):
    revoke_group_permissions(apps, CURATORS_GROUP, PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("assets", "0006_asset_coordinates_in_range_last_verified_not_prefilled")]
    operations = [migrations.RunPython(grant, revoke)]
