"""The benchmark's ceiling: a bare Django view returning "ok", served by the same gunicorn setup.

`make bench` runs it beside the portal; every page's speed is reported as a ratio to it. It has
settings of its own (nothing of the portal's), made here, so this module is a WSGI app by itself:
`gunicorn tools.ceiling:application`.
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
from django.urls import re_path  # noqa: E402


def ok(request):
    return HttpResponse("ok")


urlpatterns = [re_path(r"", ok)]  # every path, /healthz included
application = get_wsgi_application()
