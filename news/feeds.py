"""RSS 2.0 feeds: all news, and each section; the 20 newest published articles.

Feed readers show an RSS `<title>` and `<description>` as HTML (once the XML is decoded), so the
plain text that fills them (titles, summaries, the body's text, section names and descriptions,
the site's title) is HTML-escaped here, and the XML writer escapes it once more: a summary such as
`"><img src=x onerror=…>` reaches a reader as those characters, never as an element. No field
carries HTML today; only a sanitized body (longkhanh.sanitize) ever may. Bylines and section
names in `<dc:creator>` and `<category>` are plain text by definition and go as XML text.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape

from longkhanh import site_url
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
        return escape(f"Tin mới – {SiteSettings.current().site_title}")

    # Every link is absolute on the site's address (longkhanh.site_url): Django's feed view would
    # otherwise put the request's host in front of a path.

    def link(self, obj=None):
        return site_url.absolute_url(None, reverse("news:home"))

    def feed_url(self, obj=None):
        return site_url.absolute_url(None, reverse("news:feed"))

    def item_link(self, article):
        return site_url.absolute_url(None, article.get_absolute_url())

    def items(self, obj=None):
        return Article.objects.published().select_related("category")[:FEED_SIZE]

    def item_title(self, article):
        return escape(article.title)

    def item_description(self, article):
        return escape(article.description)

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
        return escape(f"{category.name} – {SiteSettings.current().site_title}")

    def link(self, category):
        return site_url.absolute_url(None, category.get_absolute_url())

    def feed_url(self, category):
        return site_url.absolute_url(None, reverse("news:category_feed", args=[category.slug]))

    def description(self, category):
        return escape(category.description or f"Tin mới chuyên mục {category.name}.")

    def items(self, category):
        return (
            Article.objects.published()
            .filter(category=category)
            .select_related("category")[:FEED_SIZE]
        )
