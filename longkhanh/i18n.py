"""Vietnamese where a translation catalog alone cannot reach (see locale/README.md).

- Django stores the names of the default permissions in the database, in English ("Can add log
  entry"), when it creates them after `migrate`. `rename_default_permissions` runs after it, for
  every app on every `migrate`, so models added later are covered too.
- django-simple-history gives the fields it adds to every version plain English names ("history
  date"), which no catalog translates. `label_history_fields` gives them translatable ones, whose
  Vietnamese is in locale/vi/LC_MESSAGES/django.po.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.db import router
from django.utils import translation
from django.utils.translation import gettext_lazy as _

VERBS = {"add": "thêm", "change": "sửa", "delete": "xóa", "view": "xem"}


def default_permission_name(action, model):
    """Django's "Can add article", in Vietnamese: "Có thể thêm bài viết"."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"Có thể {VERBS[action]} {model._meta.verbose_name}"[:255]


def rename_default_permissions(app_config, using="default", apps=global_apps, **kwargs):
    """A post_migrate receiver, connected after django.contrib.auth's create_permissions."""
    if not app_config.models_module:
        return
    try:
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    if not router.allow_migrate_model(using, Permission):
        return
    # The names come from the app's real models: their verbose names are translatable, those of
    # the migrations' frozen models are plain strings.
    for model in global_apps.get_app_config(app_config.label).get_models():
        opts = model._meta
        for action in opts.default_permissions:
            if action not in VERBS:
                continue
            name = default_permission_name(action, model)
            Permission.objects.using(using).filter(
                content_type__app_label=opts.app_label,
                content_type__model=opts.model_name,
                codename=get_permission_codename(action, opts),
            ).exclude(name=name).update(name=name)


HISTORY_FIELD_LABELS = {
    "history_id": _("history id"),
    "history_date": _("history date"),
    "history_change_reason": _("history change reason"),
    "history_type": _("history type"),
    "history_user": _("history user"),
}


def label_history_fields():
    """Translatable labels for simple-history's own fields, on every model's versions.

    Only `verbose_name` changes, not the `_verbose_name` that migrations compare, so no migration
    follows from it.
    """
    from simple_history.models import HistoricalChanges

    for model in global_apps.get_models():
        if not issubclass(model, HistoricalChanges):
            continue
        for field in model._meta.fields:
            if field.name in HISTORY_FIELD_LABELS and field._verbose_name is None:
                field.verbose_name = HISTORY_FIELD_LABELS[field.name]


def local(moment):
    from django.utils import timezone

    return f"{timezone.localtime(moment):%H:%M:%S ngày %d/%m/%Y}" if moment else "(không rõ)"


def yes_no_icon(value):
    """Django's yes/no icon (admin lists, read-only fields) with Vietnamese alt text: Django
    writes the Python value ("True") there."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    icon, text = {True: ("yes", "Có"), False: ("no", "Không"), None: ("unknown", "Không rõ")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def name_records():
    """Names that third-party code writes in English into the admin's titles, breadcrumbs and
    delete confirmations, given in Vietnamese. Each is a model's `__str__` or label that no
    catalog reaches; kept together here so that an upgrade has one place to check."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.templatetags import admin_list
    from django.contrib.auth.models import Group, User
    from simple_history.models import HistoricalChanges

    admin_list._boolean_icon = yes_no_icon  # the admin imports it from here on every use
    global_apps.get_app_config("axes").verbose_name = "Khóa đăng nhập"

    AccessAttempt.__str__ = lambda self: (
        f"Lần đăng nhập sai của “{self.username}” ({local(self.attempt_time)})"
    )
    AccessLog.__str__ = lambda self: f"Đăng nhập của “{self.username}” ({local(self.attempt_time)})"
    AccessFailureLog.__str__ = lambda self: (
        f"Đăng nhập thất bại của “{self.username}” ({local(self.attempt_time)})"
    )
    for model in global_apps.get_models():
        if issubclass(model, HistoricalChanges):
            model.__str__ = lambda self: (
                f"{self.instance} (phiên bản lúc {local(self.history_date)})"
            )

    links = [
        (
            User.groups.through,
            "quan hệ người dùng – nhóm",
            lambda r: f"{r.user} thuộc nhóm {r.group}",
        ),
        (
            User.user_permissions.through,
            "quan hệ người dùng – quyền",
            lambda r: f"{r.user} có quyền “{r.permission.name}”",
        ),
        (
            Group.permissions.through,
            "quan hệ nhóm – quyền",
            lambda r: f"nhóm {r.group} có quyền “{r.permission.name}”",
        ),
    ]
    for through, name, text in links:
        through._meta.verbose_name = name
        through._meta.verbose_name_plural = name
        through.__str__ = text
