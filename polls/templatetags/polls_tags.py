from django import template

from longkhanh.pagecache import fragment
from polls.models import Poll

register = template.Library()


@register.inclusion_tag("polls/sidebar.html", takes_context=True)
def poll_sidebar(context):
    """The sidebar's "Thăm dò ý kiến": the newest open poll, or nothing. Cached under the chrome
    generation (saving a poll or a choice changes it); a poll opens or closes by its times, so at
    most a minute late."""

    def newest_open():  # its choices prefetched, and cached with it
        return Poll.objects.open().prefetch_related("choices").first()

    return {"poll": fragment(context.get("request"), "poll-sidebar", newest_open, seconds=60)}
