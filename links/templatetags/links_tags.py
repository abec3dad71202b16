from django import template
from django.db.models import Prefetch

from links.models import Link, LinkGroup

register = template.Library()


@register.inclusion_tag("links/blocks.html")
def link_blocks():
    """The sidebar's link groups ("Liên kết website", "Website Xã - Phường"), active links only."""
    groups = LinkGroup.objects.prefetch_related(
        Prefetch("links", queryset=Link.objects.filter(active=True), to_attr="active_links")
    )
    return {"groups": [group for group in groups if group.active_links]}
