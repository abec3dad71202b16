"""Articles rendered once and served as stored (news.models.RenderedArticle).

An article's page is its own parts (head tags, the article with its photos) in the shell every
article page shares (longkhanh/shell.py), with the section's newest articles beside it. Its own
parts and its card in a section's list change only when the article is saved, so they are
rendered then (on the first view after the save, or by `manage.py render_articles`) and stored
in the database, which every worker and server shares: a reader who opens an article no one
opened for months gets it for one indexed query, not a render.

A stored row is used only when its `version` is what `version()` gives the article now: its last
save (`updated_at`) and a fingerprint of the code and templates that render it and of the site's
address (`SITE_URL`), so a deploy that changes any of them re-renders each article on its next
view. What an article's parts show from other rows deletes the stored rows when it is saved or
deleted (`connect()`): its photos, its section (name, address), the site's settings (the site's
name, the publisher in the JSON-LD). A deletion is made twice, now and when the transaction
commits, so a reader's request between the two cannot leave a row rendered from the rows as they
were.
"""

import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.html import escape

from longkhanh.models import SiteSettings
from news.metadata import article_metadata
from news.models import Article, Category, Photo, RenderedArticle
from news.templatetags.news_tags import CARD_TEMPLATE, SEARCH_CARD, SLOTS

logger = logging.getLogger(__name__)

# Everything whose change changes what is stored: read once per process.
SOURCES = (
    "news/metadata.py",
    "news/body.py",
    "news/rendered.py",
    "news/templatetags/news_tags.py",
    "longkhanh/richtext.py",
    "templates/news/article_meta.html",
    "templates/news/article_content.html",
    "templates/news/includes/article_card.html",
    "templates/news/includes/figure.html",
    "templates/includes/page_meta.html",
    "templates/includes/picture.html",
)
FIELDS = ["version", "title", "description", "meta", "content", "card", "search_card"]
# An article's photos in their order, as every page shows them.
PHOTOS = Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))
# The card a section's page shows (news/includes/article_card.html), stored with each article.
SECTION_CARD = {"show_photo": True, "show_summary": True, "heading": "h2"}


@functools.cache
def code_version():
    """The code and templates that render an article, and the site's address its links are on."""
    digest = hashlib.md5(settings.SITE_URL.encode(), usedforsecurity=False)
    for name in SOURCES:
        digest.update((Path(settings.BASE_DIR) / name).read_bytes())
    return digest.hexdigest()[:16]


def version(updated_at):
    """What a stored row must carry to be served for an article last saved at `updated_at`."""
    return f"{code_version()}:{updated_at.timestamp():.6f}"


def current(article):
    """The article's stored row if it is current (fetched with `select_related("rendered")`),
    else None."""
    try:
        row = article.rendered
    except RenderedArticle.DoesNotExist:
        return None
    return row if row.version == version(article.updated_at) else None


def render_article(request, article, preview=False):
    """The article's own parts (an unsaved RenderedArticle), from `article` with its section and
    photos (PHOTOS)."""
    site = SiteSettings.current(request)
    context = {
        "article": article,
        "site": site,
        "meta": article_metadata(request, article),
        "preview": preview,
    }
    return RenderedArticle(
        article=article,
        version=version(article.updated_at),
        title=escape(f"{article.title} – {site.site_title}"),
        description=escape(article.description),
        meta=render_to_string("news/article_meta.html", context, request=request),
        content=render_to_string("news/article_content.html", context, request=request),
        card=render_to_string(CARD_TEMPLATE, {"article": article, **SECTION_CARD}, request=request),
        search_card=render_to_string(
            CARD_TEMPLATE, {"article": article, **SEARCH_CARD, **SLOTS}, request=request
        ),
    )


def store(rows):
    """Keeps `rows` (RenderedArticle), replacing what was stored. A database that refuses the
    write (busy, read-only) costs only the next view a render: the page is served either way."""
    if not rows:
        return
    try:
        with transaction.atomic():
            RenderedArticle.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["article"], update_fields=FIELDS
            )
    except DatabaseError:
        logger.warning("Could not store %d rendered articles", len(rows), exc_info=True)


def forget(articles=None):
    """Deletes the stored rows of `articles` (a queryset of articles; None: all), now and when the
    transaction commits."""

    def delete():
        rows = RenderedArticle.objects.all()
        if articles is not None:
            rows = rows.filter(article__in=articles.values("pk"))
        rows.delete()

    delete()
    transaction.on_commit(delete)


def _photo_changed(sender, instance, **kwargs):
    forget(Article.objects.filter(pk=instance.article_id))


def _category_changed(sender, instance, **kwargs):
    forget(Article.objects.filter(category_id=instance.pk))


def _site_changed(sender, instance, **kwargs):
    forget()


def connect():
    """Called by NewsConfig.ready(): what deletes stored rows (see the module's docstring)."""
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_photo_changed, sender=Photo, dispatch_uid=f"rendered-photo-{name}")
        signal.connect(_category_changed, sender=Category, dispatch_uid=f"rendered-cat-{name}")
        signal.connect(_site_changed, sender=SiteSettings, dispatch_uid=f"rendered-site-{name}")
