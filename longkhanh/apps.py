from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, pre_save


def delete_stored_image_files(sender, instance, **kwargs):
    """A deleted image of a text leaves no file behind."""
    from longkhanh.renditions import delete_when_unused

    delete_when_unused(instance.name, instance.renditions, lambda: False)


class LongKhanhConfig(AppConfig):
    """The base layer: what every app may use, and which imports no app (docs/ARCHITECTURE.md)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "longkhanh"
    verbose_name = "Cài đặt trang"

    def ready(self):
        from django.contrib.auth.models import User

        from longkhanh import checks, i18n, pagecache  # noqa: F401 (checks registers them)
        from longkhanh.accounts import ensure_roles, grant_admin_access
        from longkhanh.models import SiteSettings, StoredImage
        from longkhanh.text import composed

        m2m_changed.connect(
            grant_admin_access, sender=User.groups.through, dispatch_uid="grant-admin-access"
        )
        # Every app registers what its pages show the same way, in its own ready().
        pagecache.connect([SiteSettings], chrome=True)
        post_delete.connect(
            delete_stored_image_files, sender=StoredImage, dispatch_uid="longkhanh-image-files"
        )

        # Every text any app stores, in NFC, whatever the keyboard typed (longkhanh.text).
        pre_save.connect(composed, dispatch_uid="longkhanh-composed-text")

        # After django.contrib.auth's own receiver, which creates the permissions (auth comes
        # first in INSTALLED_APPS, so it was connected first).
        post_migrate.connect(i18n.rename_default_permissions, dispatch_uid="longkhanh_permissions")
        # The editorial groups made again if a flush emptied them, with every app's permissions
        # (each app registers its share in its ready()): once per migrate or flush.
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="editorial-roles")
        i18n.label_history_fields()
        i18n.name_records()
