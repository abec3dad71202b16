"""RSS 2.0 feeds: all news, and each section; the 20 newest published articles."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from longkhanh.models import SiteSettings
from news.models import Article, Category

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    language = "vi"
    description = "Tin tức, thông báo và hoạt động của chính quyền Thành phố Long Khánh."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer leaves the body in thousands of small pieces, which makes the page
        # cache slow to store and read; one piece is as fast as any page.
        response.content = response.content
        return response

    def title(self, obj=None):
        return f"Tin mới – {SiteSettings.current().site_title}"

    def link(self, obj=None):
        return reverse("news:home")

    def items(self, obj=None):
        return Article.objects.published().select_related("category")[:FEED_SIZE]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.description

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or None

    def item_categories(self, article):
        return [article.category.name]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} – {SiteSettings.current().site_title}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"Tin mới chuyên mục {category.name}."

    def items(self, category):
        return (
            Article.objects.published()
            .filter(category=category)
            .select_related("category")[:FEED_SIZE]
        )
