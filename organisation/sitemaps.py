from django.urls import reverse

from longkhanh.site_url import SiteSitemap
from organisation.models import Page, Unit


class PageSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Page.objects.published().only("slug", "updated_at", "title_en", "body_en")

    def lastmod(self, page):
        return page.updated_at


class UnitSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Unit.objects.filter(active=True).only("slug", "updated_at")

    def lastmod(self, unit):
        return unit.updated_at


class EnglishSitemap(SiteSitemap):
    """The English pages: the fixed ones, the pages and the units with an English version."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        fixed = ["en-home", "en-structure", "en-leaders", "en-contacts"]
        pages = Page.objects.published().exclude(title_en="").only("slug", "title_en", "body_en")
        units = Unit.objects.filter(active=True).exclude(name_en="").only("slug", "name_en")
        return [
            *(reverse(f"organisation:{name}") for name in fixed),
            *(page.get_english_url() for page in pages if page.has_english),
            *(unit.get_english_url() for unit in units),
        ]

    def location(self, path):
        return path


class FixedSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return ["pages", "structure", "leaders", "contacts", "schedule"]

    def location(self, name):
        return reverse(f"organisation:{name}")


SITEMAPS = {
    "gioi-thieu": FixedSitemap,
    "trang": PageSitemap,
    "don-vi": UnitSitemap,
    "en": EnglishSitemap,
}
