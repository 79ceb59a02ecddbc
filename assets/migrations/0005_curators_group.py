"""The "Curators" group: exactly the permissions needed to run the asset directory.

Curators add and edit assets (publishing and archiving are edits; nothing is deleted),
edit the plain-English access models, and read and update enquiries. To pick a host and
capabilities in the asset form they need to look up organisations and keywords, and to
add a capability keyword that does not exist yet.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Curators"
PERMISSIONS = [
    ("assets", "asset", ["add", "change", "view"]),
    ("assets", "accessmodel", ["add", "change", "view"]),
    ("assets", "enquiry", ["change", "view"]),
    ("accounts", "organisation", ["view"]),
    ("portal", "keyword", ["add", "view"]),
]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_label in {app for app, _, _ in PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = []
    for app_label, model, actions in PERMISSIONS:
        for action in actions:
            wanted.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                )
            )
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0004_search_index"),
        ("accounts", "0001_initial"),
        ("portal", "0002_focal_areas"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
