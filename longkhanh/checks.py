"""System checks of the deployment's settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """The configured site address (DJANGO_SITE_URL) must be one the site answers on, and HTTPS
    when the site is served over HTTPS: every absolute link in feeds and sitemaps uses it."""
    parts = urlsplit(settings.SITE_URL)
    problems = []
    if getattr(settings, "HTTPS", False) and parts.scheme != "https":
        problems.append(
            Warning(
                f"DJANGO_SITE_URL ({settings.SITE_URL}) is not https:// while DJANGO_HTTPS=1.",
                hint="Links in feeds, sitemaps and canonical tags would leave HTTPS.",
                id="longkhanh.W001",
            )
        )
    if not validate_host(parts.hostname or "", settings.ALLOWED_HOSTS):
        problems.append(
            Warning(
                f"The host of DJANGO_SITE_URL ({parts.hostname}) is not in DJANGO_ALLOWED_HOSTS.",
                hint="Links made from it would be answered with 400 Bad Request.",
                id="longkhanh.W002",
            )
        )
    return problems
