from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from longkhanh.pagecache import fragment
from questions.models import Question

register = template.Library()


@register.simple_tag(takes_context=True)
def questions_sidebar(context):
    """The sidebar's "Hỏi đáp": the three newest answers and the way to ask, as HTML kept under
    the questions' own generation (publishing an answer changes it; an article's save does not)."""

    def html():
        newest = Question.objects.published().only("title", "slug").order_by("-published_at")
        return render_to_string("questions/sidebar.html", {"questions": list(newest[:3])})

    request = context.get("request")
    return mark_safe(fragment(request, "questions-html", html, scope="questions"))
