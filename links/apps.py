from django.apps import AppConfig


class LinksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "links"
    verbose_name = "Liên kết website"

    def ready(self):
        from links.models import Link, LinkGroup
        from longkhanh import pagecache

        pagecache.connect([Link, LinkGroup], chrome=True)
