from django.apps import AppConfig


class LongKhanhConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "longkhanh"
    verbose_name = "Cài đặt trang"

    def ready(self):
        from links.models import Link, LinkGroup
        from longkhanh import pagecache
        from longkhanh.models import SiteSettings
        from news.models import Article, Category, Photo
        from polls.models import Choice, Poll

        pagecache.connect([Article, Photo, Category, SiteSettings, Poll, Choice, Link, LinkGroup])
