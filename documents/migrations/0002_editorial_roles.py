"""The editorial groups get the documents' permissions once, when this app is installed; after
that the administrator decides (documents/roles.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from documents.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS
    from longkhanh.accounts import grant_roles

    grant_roles(apps, "documents", WRITER_PERMISSIONS, APPROVER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0001_initial"),
        ("news", "0004_editorial_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
