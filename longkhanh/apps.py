from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate


class LongKhanhConfig(AppConfig):
    """The base layer: what every app may use, and which imports no app (docs/ARCHITECTURE.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "longkhanh"
    verbose_name = "Cài đặt trang"

    def ready(self):
        from django.contrib.auth.models import User

        from longkhanh import checks, i18n, pagecache  # noqa: F401 (checks registers them)
        from longkhanh.accounts import grant_admin_access
        from longkhanh.models import SiteSettings

        m2m_changed.connect(
            grant_admin_access, sender=User.groups.through, dispatch_uid="grant-admin-access"
        )
        # Every app registers what its pages show the same way, in its own ready().
        pagecache.connect([SiteSettings], chrome=True)

        # After django.contrib.auth's own receiver, which creates the permissions (auth comes
        # first in INSTALLED_APPS, so it was connected first).
        post_migrate.connect(i18n.rename_default_permissions, dispatch_uid="longkhanh_permissions")
        i18n.label_history_fields()
        i18n.name_records()
