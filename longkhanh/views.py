import sys

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.static import serve

# Originals as uploaded: no page shows them (pages show renditions), so the public never gets
# them; staff do, from the admin. nginx keeps the same rule (docs/deploy/nginx.conf).
PRIVATE_MEDIA = ("photos/", "uploads/", "documents/", "questions/")  # documents: through their
# download view; questions' attachments: only through the admin


def media(request, path):
    """Uploaded files, for when no web server in front serves /media/ (see docs/DEPLOYMENT.md)."""
    if path.startswith(PRIVATE_MEDIA) and not request.user.is_staff:
        raise Http404("Không có tệp này.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def favicon(request):
    """Browsers, feed readers and crawlers ask for /favicon.ico by habit: an ICO file (16, 32
    and 48 px) for those that read no SVG; every page names the SVG icon."""
    return redirect(static("img/favicon.ico"))


def touch_icon(request, *sizes):
    """The icon a phone puts on its home screen (180 px, opaque, as iOS wants it)."""
    return redirect(static("img/apple-touch-icon.png"))


@never_cache
def healthz(request):
    """For load balancers: 200 when the database and the cache answer, else 503."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any failure is the answer, not an error page
        checks["database"] = f"lỗi: {type(exc).__name__}"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "lỗi: không đọc lại được"
    except Exception as exc:
        checks["cache"] = f"lỗi: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "lỗi", **checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def server_error(request):
    """500, or 503 with a "back in a moment" page when the database is out of reach.

    Neither page touches the database, so both still work while it is down.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "10"
        return response
    return render(request, "500.html", status=500)


def page_not_found(request, exception):
    """Django's 404, in English under /en/ (the English pages, organisation/views.py)."""
    from django.utils import translation
    from django.views import defaults

    english = request.path_info.startswith("/en/")
    with translation.override("en" if english else settings.LANGUAGE_CODE):
        return defaults.page_not_found(request, exception)
