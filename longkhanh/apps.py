from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LongKhanhConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "longkhanh"
    verbose_name = "Cài đặt trang"

    def ready(self):
        from django.contrib.auth.models import User
        from django.db.models.signals import m2m_changed

        from longkhanh.accounts import grant_admin_access

        m2m_changed.connect(
            grant_admin_access, sender=User.groups.through, dispatch_uid="grant-admin-access"
        )

        from links.models import Link, LinkGroup
        from longkhanh import i18n, pagecache
        from longkhanh.models import SiteSettings
        from news.models import Article, Category, Photo
        from polls.models import Choice, Poll

        pagecache.connect([Article, Photo, Category, SiteSettings, Poll, Choice, Link, LinkGroup])

        # After django.contrib.auth's own receiver, which creates the permissions (auth comes
        # first in INSTALLED_APPS, so it was connected first).
        post_migrate.connect(i18n.rename_default_permissions, dispatch_uid="longkhanh_permissions")
        i18n.label_history_fields()
        i18n.name_records()
