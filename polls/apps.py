from django.apps import AppConfig


class PollsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "polls"
    verbose_name = "Thăm dò ý kiến"

    def ready(self):
        from longkhanh import pagecache
        from polls.models import Choice, Poll

        pagecache.connect([Poll, Choice], chrome=True)
