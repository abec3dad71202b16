"""The editorial groups get the questions app's permissions once, when it is installed; after
that the administrator decides (questions/roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    from longkhanh.accounts import APPROVERS, WRITERS
    from questions.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS

    config = apps.get_app_config("questions")
    config.models_module = True  # the permissions are made after the migrations otherwise
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(WRITERS, WRITER_PERMISSIONS), (APPROVERS, APPROVER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("news", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
