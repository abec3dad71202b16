from django.db.models import Max
from django.urls import reverse

from longkhanh.site_url import SiteSitemap
from news.models import Article, Category, public_q


class HomeSitemap(SiteSitemap):
    """The home page, changed whenever a public article is."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(last=Max("updated_at"))["last"]


class CategorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.annotate(
            last_article=Max("articles__updated_at", filter=public_q("articles__"))
        ).order_by("position", "name")

    def lastmod(self, category):
        return category.last_article


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 10_000  # URLs per sitemap page, so each page stays small and quick

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"trang-chu": HomeSitemap, "chuyen-muc": CategorySitemap, "bai-viet": ArticleSitemap}
