import json
import logging

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from longkhanh import generation
from longkhanh.pagecache import fragment
from longkhanh.text import highlight_spans
from news.models import Article, Category

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("news/includes/figure.html")
def photo_figure(photo, sizes="(min-width: 64rem) 46rem, 100vw", eager=False):
    """A captioned photo: <figure><picture>…<img alt srcset loading></picture><figcaption>."""
    return {
        "photo": photo,
        "img": photo.renditions.get("figure"),  # made when the photo was saved
        "sizes": sizes,
        "eager": eager,
    }


@register.inclusion_tag("includes/picture.html")
def card_picture(photo, sizes="(min-width: 40rem) 20rem, 100vw", eager=False):
    """A photo cropped to 16:9 for article lists; alt is empty when the link text says it all."""
    return {
        "photo": photo,
        "img": photo.renditions.get("card"),
        "sizes": sizes,
        "eager": eager,
        "alt": "",
    }


@register.inclusion_tag("includes/section_menu.html", takes_context=True)
def section_menu(context):
    request = context.get("request")
    return {
        "categories": Category.in_menu_for(request),
        "current_path": request.path if request else "",
    }


@register.filter
def highlight(text, words):
    """`text`, escaped, with the parts matching the search `words` in <mark>."""
    text = str(text or "")
    parts, last = [], 0
    for start, end in highlight_spans(text, words or []):
        parts += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of `text` was escaped above


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with `data`, escaped like Django's json_script."""
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.inclusion_tag("news/includes/most_read.html", takes_context=True)
def most_read(context, count=5):
    """The sidebar's "Tin đọc nhiều": the published articles read by the most browsers. Reads
    change no generation, so the list is at most FRAGMENT_SECONDS old; it is made from articles,
    so it follows the content generation (an unpublished article leaves it at once)."""

    def articles():
        return list(
            Article.objects.published()
            .filter(read_count__gt=0)
            .only("title", "slug", "published_at")
            .order_by("-read_count", "-published_at")[:count]
        )

    request = context.get("request")
    return {"articles": fragment(request, f"most-read-{count}", articles, scope=generation.CONTENT)}


@register.simple_tag
def article_body(article):
    """The body with its photos placed in the text and body images as renditions."""
    from news.body import render_body

    return render_body(article.body, article.photos.all())
