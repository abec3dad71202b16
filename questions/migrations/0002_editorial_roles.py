"""The editorial groups get the questions app's permissions once, when it is installed; after
that the administrator decides (questions/roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from longkhanh.accounts import grant_roles
    from questions.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS

    grant_roles(apps, "questions", WRITER_PERMISSIONS, APPROVER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("news", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
