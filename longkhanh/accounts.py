"""Staff accounts: the editorial roles, who may enter the admin, and how people's names read.

The roles are groups ("Phóng viên" writes and submits, "Ban biên tập" approves and publishes),
made by a data migration of the news app; each app gives them its permissions once, by a data
migration of its own (`grant_roles`), and registers them (`register_roles`) so that groups found
missing after a `migrate` or a flush are made again with every app's share (`ensure_roles`).
Putting a user in either group is all it takes to work
in the admin: the account becomes staff at once (`grant_admin_access`). Someone who gives the right
password but has no access is told so plainly, and that is not a failed login: it never counts
towards the lockout.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

WRITERS = "Phóng viên"
APPROVERS = "Ban biên tập"
EDITOR_GROUPS = (WRITERS, APPROVERS)


def full_name(user):
    """The person's name the Vietnamese way, family name first ("Nguyễn Văn A"): Django keeps
    the family name in `last_name` ("họ") and the given names in `first_name` ("tên")."""
    return " ".join(part for part in (user.last_name.strip(), user.first_name.strip()) if part)


def grant_admin_access(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed on User.groups: joining an editorial group makes the account staff."""
    from django.contrib.auth.models import Group, User

    if action != "post_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(users)
        if instance.name in EDITOR_GROUPS:
            User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
        return
    if Group.objects.filter(pk__in=pk_set, name__in=EDITOR_GROUPS).exists():
        User.objects.filter(pk=instance.pk).update(is_staff=True)
        instance.is_staff = True


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's login form, saying plainly when a right password meets an account without
    access to the admin (Django's own form says the password is wrong)."""

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(
                "Tài khoản này đăng nhập đúng nhưng chưa được cấp quyền vào trang quản trị. "
                "Hãy đề nghị quản trị viên thêm tài khoản vào nhóm “Phóng viên” hoặc "
                "“Ban biên tập”.",
                code="no_admin_access",
            )
        super().confirm_login_allowed(user)


def grant_roles(apps, app_label, writer_permissions, approver_permissions):
    """A data migration's body: the editorial groups get `app_label`'s permissions (codenames),
    once, when the app is installed; after that the administrator decides. The app's permissions
    are created first (Django makes them only after all migrations otherwise)."""
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(WRITERS, writer_permissions), (APPROVERS, approver_permissions)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


# {app label: (writers' codenames, approvers' codenames)}, from each app's AppConfig.ready().
_roles = {}


def register_roles(app_label, writer_permissions, approver_permissions):
    """`app_label`'s share of the editorial roles: what `ensure_roles` gives a group it makes."""
    _roles[app_label] = (list(writer_permissions), list(approver_permissions))


def ensure_roles(sender=None, apps=None, using="default", **kwargs):
    """post_migrate: the editorial groups, each with every registered app's permissions, when it
    is missing; a group that exists is left as the administrator set it. A new database has them
    from the data migrations, so this acts only where they went: a flush (`manage.py flush`, a
    test's) empties every table, and sends post_migrate app by app; the permissions of the apps
    not yet reached are made here first (Django's own receiver would make them later)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    missing = [
        (name, role)
        for role, name in enumerate((WRITERS, APPROVERS))
        if not Group.objects.using(using).filter(name=name).exists()
    ]
    if not missing:
        return
    for app_label in _roles:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=using, apps=apps
        )
    for name, role in missing:
        group = Group.objects.using(using).create(name=name)
        group.permissions.add(
            *(
                permission
                for app_label, codenames in _roles.items()
                for permission in Permission.objects.using(using).filter(
                    content_type__app_label=app_label, codename__in=codenames[role]
                )
            )
        )
