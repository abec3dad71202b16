from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from longkhanh.pagecache import fragment
from organisation.models import Unit

register = template.Library()


@register.simple_tag(takes_context=True)
def ward_picker(context):
    """The sidebar's "Phường, xã" picker: the wards and communes among the units (it was a link
    group before the organisation app), as HTML kept under the chrome generation."""

    def html():
        wards = Unit.objects.filter(active=True, kind=Unit.Kind.WARD).only("name", "slug")
        return render_to_string("organisation/wards.html", {"wards": list(wards)})

    return mark_safe(fragment(context.get("request"), "wards-html", html))
