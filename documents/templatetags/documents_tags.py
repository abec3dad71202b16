from django import template

from documents.models import Document
from longkhanh.pagecache import fragment

register = template.Library()


@register.inclusion_tag("documents/sidebar.html", takes_context=True)
def latest_documents(context, count=5):
    """The sidebar's "Văn bản mới": the newest published documents, under the documents' own
    generation (an unpublished document leaves it at once; an article's save leaves it alone)."""

    def documents():
        return list(
            Document.objects.published()
            .select_related("doc_type")
            .only("number", "slug", "summary", "issued_on", "doc_type__name")
            .order_by("-published_at", "-id")[:count]
        )

    request = context.get("request")
    return {"documents": fragment(request, f"new-documents-{count}", documents, scope="documents")}
