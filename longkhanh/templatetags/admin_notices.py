from django import template

from longkhanh.admin_tools import notices_for

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_notices(context):
    """What waits for the signed-in editor: [(text, url)], from every app that registered."""
    return notices_for(context["request"])
