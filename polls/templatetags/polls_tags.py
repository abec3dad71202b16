from django import template

from polls.models import Poll

register = template.Library()


@register.inclusion_tag("polls/sidebar.html")
def poll_sidebar():
    """The sidebar's "Thăm dò ý kiến": the newest open poll, or nothing."""
    poll = Poll.objects.open().prefetch_related("choices").first()
    return {"poll": poll}
