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
