"""Views that know the whole site: robots.txt names the paths of every app; the sitemap gathers
every app's sitemaps."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse

from documents.sitemaps import DocumentSitemap
from longkhanh import site_url
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from organisation.sitemaps import SITEMAPS as ORGANISATION_SITEMAPS
from questions.sitemaps import QuestionSitemap

SITEMAPS = {
    **NEWS_SITEMAPS,
    "van-ban": DocumentSitemap,
    **ORGANISATION_SITEMAPS,
    "hoi-dap": QuestionSitemap,
}


def sitemap_index(request):
    return site_url.sitemap_index(request, sitemaps=SITEMAPS, sitemap_url_name="sitemap-section")


def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        "Disallow: /tham-do/",
        "Disallow: /lien-ket/",
        "Disallow: /co-cau-to-chuc/chon/",
        "Disallow: /lich-cong-tac/ban-in/",
        "Disallow: /hoi-dap/gui-cau-hoi/",
        "Disallow: /hoi-dap/da-gui/",
        "Disallow: /hoi-dap/theo-doi/",
        f"Sitemap: {site_url.absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
