"""Views that know the whole site: robots.txt names the paths of every app."""

from django.http import HttpResponse
from django.urls import reverse

from longkhanh import site_url


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        "Disallow: /tham-do/",
        "Disallow: /lien-ket/",
        f"Sitemap: {site_url.absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
