"""The editorial roles' permissions. The groups themselves are made by a data migration and made
again after any `migrate` (or a test's flush) if they are missing, with these permissions; a group
that exists is left as the administrator set it."""

from longkhanh.accounts import APPROVERS, WRITERS

WRITER_PERMISSIONS = [
    "add_article",
    "change_article",
    "view_article",
    "view_historicalarticle",
    "add_photo",
    "change_photo",
    "delete_photo",
    "view_photo",
    "view_category",
]
EDITOR_PERMISSIONS = WRITER_PERMISSIONS + [
    "delete_article",
    "publish_article",
    "add_category",
    "change_category",
    "delete_category",
]


def ensure_roles(sender=None, apps=None, **kwargs):
    """post_migrate: the two groups, unless they exist."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(WRITERS, WRITER_PERMISSIONS), (APPROVERS, EDITOR_PERMISSIONS)]:
        if Group.objects.filter(name=name).exists():
            continue
        group = Group.objects.create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
        )
