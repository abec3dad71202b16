"""RSS 2.0 of the newest published documents (plain text escaped once more, as news/feeds.py
explains)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape

from documents.models import Document
from longkhanh import site_url
from longkhanh.models import SiteSettings

FEED_SIZE = 20


class LatestDocumentsFeed(Feed):
    language = "vi"
    description = "Văn bản mới ban hành của chính quyền Thành phố Long Khánh."

    def title(self):
        return escape(f"Văn bản mới – {SiteSettings.current().site_title}")

    def link(self):
        return site_url.absolute_url(None, reverse("documents:list"))

    def feed_url(self):
        return site_url.absolute_url(None, reverse("documents:feed"))

    def items(self):
        return (
            Document.objects.published().for_listing().order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, document):
        return escape(document.heading)

    def item_description(self, document):
        return escape(
            f"{document.issuer.name}, ngày {document.issued_on:%d/%m/%Y}. {document.summary}"
        )

    def item_link(self, document):
        return site_url.absolute_url(None, document.get_absolute_url())

    def item_pubdate(self, document):
        return document.published_at

    def item_categories(self, document):
        return [document.doc_type.name]
