from django.apps import AppConfig
from django.db.models.signals import post_migrate


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from longkhanh import pagecache
        from news.models import Article, Category, Photo
        from news.roles import ensure_roles

        pagecache.connect([Article, Photo, Category])
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="news-roles")
