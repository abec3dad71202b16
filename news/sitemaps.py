from django.db.models import OuterRef, Subquery
from django.urls import reverse

from longkhanh.site_url import SiteSitemap
from news.models import Article, Category


def latest_update():
    """When a public article last changed: one aggregate, where Django's default for the sitemap
    index would build every item of the section to take the newest (2 s at 100,000 articles)."""
    return newest_update(Article.objects.published())


def newest_update(articles, look=50):
    """The newest `updated_at` of `articles`. Max() with their filter reads every row (0.1 s at
    100,000 articles), and the databases' planners prefer the filter's index to the one on
    updated_at; so the newest `look` changes of any article are read from that index, and the
    filter asked of those ids only; the whole query only if none of them matches."""
    recent = Article.objects.order_by("-updated_at").values_list("pk", flat=True)[:look]
    found = articles.filter(pk__in=list(recent)).order_by("-updated_at")
    newest = found.values_list("updated_at", flat=True).first()
    if newest is None:
        newest = articles.order_by("-updated_at").values_list("updated_at", flat=True).first()
    return newest


class HomeSitemap(SiteSitemap):
    """The home page, changed whenever a public article is."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["news:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return latest_update()


class CategorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        # A section's page changes when an article is published in it: the newest publication
        # time, read from the section list's own index (edits of older articles, which its first
        # page does not show, are left out).
        return Category.objects.annotate(
            last_article=Subquery(
                Article.objects.published()
                .filter(category=OuterRef("pk"))
                .order_by("-published_at", "-id")
                .values("published_at")[:1]
            )
        ).order_by("position", "name")

    def lastmod(self, category):
        return category.last_article

    def get_latest_lastmod(self):
        return latest_update()


class ArticleSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8
    # URLs per sitemap page: a page not yet cached is made in about 0.1 s and is 190 KB (10,000
    # took 1.5 s and 2 MB at 100,000 articles; 2,000, 377 KB a request, held a worker sending
    # them twice as long as any other kept page), at the cost of more pages in the index (100 at
    # 100,000 articles; crawlers take up to 50,000 sitemaps in an index).
    limit = 1_000

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return latest_update()


SITEMAPS = {"trang-chu": HomeSitemap, "chuyen-muc": CategorySitemap, "bai-viet": ArticleSitemap}
