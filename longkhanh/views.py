from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.static import serve


def media(request, path):
    """Uploaded files, for when no web server in front serves /media/ (see docs/DEPLOYMENT.md)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def favicon(request):
    """Browsers ask for /favicon.ico on every page that names none (the admin's)."""
    return redirect(static("img/favicon.svg"))


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        "Disallow: /tham-do/",
        "Disallow: /lien-ket/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
