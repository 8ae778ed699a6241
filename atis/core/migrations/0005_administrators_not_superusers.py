"""Administrators are staff with exactly the permissions of the `administrators` group,
never superusers (issue 11): the group is made with its permissions, and every user whose
active membership is the administrator role loses the superuser flag and joins it.

The permission list is frozen here as it was when this migration was written; a later
change to `atis.core.administrators.PERMISSIONS` needs a migration of its own (a test
compares the group with the list)."""

from django.db import migrations

GROUP_NAME = "administrators"
PERMISSIONS = [
    ("core", "user", ("view", "add", "change")),
    ("core", "membership", ("view", "add", "change")),
    ("core", "organisation", ("view", "add", "change")),
    ("core", "team", ("view", "add", "change")),
    ("core", "adminrequest", ("view", "change")),
    ("reference", "term", ("view", "add", "change")),
    ("reference", "country", ("view", "add", "change")),
    ("reference", "language", ("view", "add", "change")),
]


def forwards(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after `migrate`; the group needs them now.
    for label in ("core", "reference"):
        config = apps.get_app_config(label)
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("core", "User")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    permissions = [Permission.objects.get(content_type__app_label=app, codename=f"{action}_{model}")
                   for app, model, actions in PERMISSIONS for action in actions]
    group.permissions.set(permissions)
    for user in User.objects.filter(memberships__active=True, memberships__role="admin"):
        user.is_superuser = False
        user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        user.groups.add(group)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_admin_request"),
        ("reference", "0004_alter_term_list"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
