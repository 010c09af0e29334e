"""The four role groups and their permissions (see opensota/accounts/roles.py).

Permissions are normally created by post_migrate, after every migration has run, so
this migration creates the ones it needs first (the standard create_permissions trick).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from opensota.accounts.roles import ROLES, ensure_roles


def create_roles(apps, schema_editor):
    for label in ("auth", "accounts", "community"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0, using=schema_editor.connection.alias)
        config.models_module = None
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("community", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
