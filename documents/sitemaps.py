from documents.models import Document
from longkhanh.site_url import SiteSitemap


class DocumentSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.7
    limit = 2_000  # as the articles' (news/sitemaps.py)

    def items(self):
        return (
            Document.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, document):
        return document.updated_at
