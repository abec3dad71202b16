from django import template
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from links.models import Link, LinkGroup
from longkhanh.pagecache import fragment

register = template.Library()


@register.simple_tag(takes_context=True)
def link_blocks(context):
    """The sidebar's link groups ("Liên kết website", "Website Xã - Phường"), active links only,
    as HTML: the same on every page, so it is kept rendered, under the chrome generation, which
    saving a link or a group changes."""

    def html():
        groups = LinkGroup.objects.prefetch_related(
            Prefetch("links", queryset=Link.objects.filter(active=True), to_attr="active_links")
        )
        shown = [group for group in groups if group.active_links]
        return render_to_string("links/blocks.html", {"groups": shown})

    return mark_safe(fragment(context.get("request"), "link-blocks-html", html))
