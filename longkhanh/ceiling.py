"""The benchmark's ceiling: a bare Django view returning "ok", served by the same gunicorn setup.

`manage.py bench` runs it beside the portal; every page's speed is reported as a ratio to it.
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling-not-secret",
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("", ok)]
application = get_wsgi_application()
