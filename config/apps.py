from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project shell: settings, root URLs, WSGI, and `seed_demo`, which loads every app's
    demo content. It has no models; it is an app only so that its command is found."""

    name = "config"
    verbose_name = "Cấu hình"
