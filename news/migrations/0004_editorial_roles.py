"""The editorial roles as groups: "Phóng viên" (writers) and "Ban biên tập" (approvers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from news.roles import EDITOR_PERMISSIONS, WRITER_PERMISSIONS

WRITERS = "Phóng viên"
EDITORS = "Ban biên tập"


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; these groups need them now.
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(WRITERS, WRITER_PERMISSIONS), (EDITORS, EDITOR_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[WRITERS, EDITORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_versions_and_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
