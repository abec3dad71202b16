"""The one place that makes absolute URLs: canonical links, OpenGraph, JSON-LD, feeds, sitemaps,
robots.txt.

The address is the configured one, `settings.SITE_URL` (`DJANGO_SITE_URL`, else the first allowed
host), never the request's Host: without nginx in front, `Host: localhost.` or `127.0.0.1:6666`
would otherwise be written into every link that feed readers, search engines and the page cache
keep. Django's syndication and sitemap views build links from the request (`RequestSite`); the
feeds hand them absolute links, and the sitemaps use `SiteSitemap` and `sitemap_index` below.
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views


def absolute_url(request, path):
    """`path` (a site path such as "/tin-tuc/x/", with or without a query) as an absolute URL on
    the site's address. The request is not read: callers pass it, and it may be None. A URL that
    is already absolute (media on an object store's own domain) is returned as it is."""
    if path.startswith("/") and not path.startswith("//"):  # a site path: most calls
        return settings.SITE_URL + path
    if urlsplit(path).scheme:
        return path
    if path.startswith("//"):
        return f"{urlsplit(settings.SITE_URL).scheme}:{path}"
    return settings.SITE_URL + (path if path.startswith("/") else f"/{path}")


class SiteSitemap(Sitemap):
    """A sitemap whose `<loc>`s are on the site's address, whatever host the request named."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def sitemap_index(request, **kwargs):
    """Django's sitemap index, with each part's address on the site's address (Django's view
    writes the request's host into them)."""
    response = sitemap_views.index(request, **kwargs)
    for item in response.context_data["sitemaps"]:
        parts = urlsplit(item.location)
        item.location = absolute_url(request, urlunsplit(("", "", parts.path, parts.query, "")))
    return response
