import hashlib
import json
import logging

from django import template
from django.core.cache import caches
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from longkhanh import generation, menu
from longkhanh.pagecache import current_generation, fragment
from longkhanh.templatetags.site_tags import highlight
from news.models import Category, ReadCount

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


CARD_TEMPLATE = "news/includes/article_card.html"
CARD_SECONDS = 3600


# A search result's card (stored with each article: news/rendered.py).
SEARCH_CARD = {"show_photo": True, "show_summary": True, "show_category": True, "heading": "h2"}
# Where a search result's card takes its highlighted title and summary: HTML comments, which no
# text in a card can make (the template engine escapes every "<" of it).
TITLE_SLOT, SUMMARY_SLOT = "<!--title-->", "<!--summary-->"
# And where it says where in the text the words it lacks are (`highlighted`'s `found`).
EXCERPT_SLOT = "<!--excerpt-->"
SLOTS = {
    "title_html": mark_safe(TITLE_SLOT),
    "summary_html": mark_safe(SUMMARY_SLOT),
    "excerpt_html": mark_safe(EXCERPT_SLOT),
}


@register.simple_tag(takes_context=True)
def article_card(context, article, **options):
    """An article in a list (news/includes/article_card.html; `options`: lead, show_photo,
    show_summary, show_category, heading, words).

    Kept rendered in the worker's memory per article version: the key holds the article's
    `updated_at` (any save changes it), its first photo's file (prefetched by every list) and
    the chrome generation (the section's name), so no save has to retire the cards of articles
    it did not touch, and a list rendered right after a save re-renders only the changed
    cards. A search result (`words`: highlighted) is kept the same way with two slots (SLOTS),
    filled with its title and summary highlighted for each search (`highlighted`)."""
    request = context.get("request")
    words = options.pop("words", None)
    found = options.pop("found", None)
    values = {"article": article, **options, **(SLOTS if words else {})}
    photo = next(iter(article.photos.all()), None)
    version = (
        article.pk,
        article.updated_at.timestamp(),
        photo.pk if photo else None,
        photo.image.name if photo else None,
        current_generation(request, generation.CHROME),
        sorted(options.items()),
        bool(words),
    )
    key = "card:" + hashlib.md5(repr(version).encode(), usedforsecurity=False).hexdigest()
    cache = caches["template_fragments"]
    html = cache.get(key)
    if html is None:
        html = render_to_string(CARD_TEMPLATE, values, request=request)
        cache.set(key, html, CARD_SECONDS)
    if words:
        return highlighted(html, article, words, found)
    return mark_safe(html)  # rendered by the template engine, which escaped it


def highlighted(card, article, words, found=None):
    """A search result's card (rendered with SLOTS), its slots filled with the article's title
    and summary, the search's `words` marked in them, and where its text has the words they
    lack (`found`: (where, excerpt), from longkhanh.search.excerpts), if they lack some."""
    summary = truncatewords(article.summary, 40)
    card = card.replace(TITLE_SLOT, highlight(article.title, words), 1)
    card = card.replace(SUMMARY_SLOT, highlight(summary, words), 1)
    quote = ""
    if found:
        where, excerpt = found
        quote = format_html(
            '<p class="card__excerpt">Trong {}: {}</p>', where, highlight(excerpt, words)
        )
    card = card.replace(EXCERPT_SLOT, quote, 1)
    return mark_safe(card)  # rendered by the template engine, which escaped it; and highlight()


@register.inclusion_tag("includes/section_menu.html", takes_context=True)
def section_menu(context):
    request = context.get("request")
    return {
        "categories": Category.in_menu_for(request),
        "others": menu.items("vi"),  # other apps' items: introduction pages, the schedule…
        # The item the page is (aria-current="page") and the one it is within ("true"), as
        # the header's {% menu_place %} and {% menu_within %} said (site_tags).
        "place": context.get("place", ""),
        "within": context.get("within", ""),
    }


# The base layer's filter, under the name the news templates know it by.
register.filter("highlight", highlight)


@register.simple_tag
def json_ld(data):
    """<script type="application/ld+json"> with `data`, escaped like Django's json_script (its
    three characters replaced one by one: `str.translate` with a table took 0.1 ms for the
    Vietnamese JSON of a section page, 40 times as long)."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


MOST_READ_SECONDS = 30


@register.inclusion_tag("news/includes/most_read.html", takes_context=True)
def most_read(context, count=5):
    """The sidebar's "Tin đọc nhiều": the published articles read by the most browsers (ties:
    the newest article first, by id: news.models.ReadCount.most_read). Reads
    change no generation, so the list is at most MOST_READ_SECONDS old (then the kept block's
    shell.BLOCK_SECONDS, and the page cache's 15 s); it is made from articles,
    so it follows the content generation (an unpublished article leaves it at once)."""

    def articles():
        return ReadCount.most_read(count)

    request = context.get("request")
    return {
        "articles": fragment(
            request,
            f"most-read-{count}",
            articles,
            seconds=MOST_READ_SECONDS,
            scope=generation.CONTENT,
        )
    }


@register.simple_tag
def article_body(article):
    """The body with its photos placed in the text and body images as renditions."""
    from news.body import render_body

    return render_body(article.body, article.photos.all())
