from django import template
from django.db.models import Prefetch

from links.models import Link, LinkGroup
from longkhanh.pagecache import fragment

register = template.Library()


@register.inclusion_tag("links/blocks.html", takes_context=True)
def link_blocks(context):
    """The sidebar's link groups ("Liên kết website", "Website Xã - Phường"), active links only;
    cached under the content generation, which saving a link or a group changes."""

    def groups():
        groups = LinkGroup.objects.prefetch_related(
            Prefetch("links", queryset=Link.objects.filter(active=True), to_attr="active_links")
        )
        return [group for group in groups if group.active_links]

    return {"groups": fragment(context.get("request"), "link-blocks", groups)}
