"""Granting model permissions to a group from a data migration.

The "Curators" group is created by ``assets`` and each app that curators work in grants
its own permissions from its own migration, so the group always matches the code beside it.
"""

from django.contrib.auth.management import create_permissions

CURATORS_GROUP = "Curators"


def grant_group_permissions(apps, group_name, permissions):
    """Add ``permissions`` [(app_label, model, [actions])] to the group (created if missing)."""
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_label in {app for app, _, _ in permissions}:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, model, actions in permissions
            for action in actions
        ]
    )


def revoke_group_permissions(apps, group_name, permissions):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label__in={app for app, _, _ in permissions},
            codename__in=[
                f"{action}_{model}" for _, model, actions in permissions for action in actions
            ],
        )
    )
