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

import datetime
import functools
import hashlib
import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from longkhanh import prepared
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


# Pages read in plain SQL (the ORM would take longer to build their queries than the database
# takes to answer them): {model: the fields read}, each model under its alias in the SQL; every
# other field is deferred in the instances made (Model.from_db).
ALIASES = {Article: "a", Category: "c", RenderedArticle: "r"}
# An article's page: the article, its section and its stored row (not the card: lists' only).
PAGE_FIELDS = {
    Article: ["id", "slug", "category_id", "updated_at"],
    Category: ["id", "name", "slug"],
    RenderedArticle: ["article_id", "version", "title", "description", "meta", "content"],
}
# A section's list (news.views.SectionArchive): each article and its stored card.
LIST_FIELDS = {
    Article: ["id", "title", "slug", "published_at", "updated_at"],
    RenderedArticle: ["article_id", "version", "card"],
}

# A page of search results (news.views.SearchView): what fills each card's slots, and the card.
SEARCH_FIELDS = {
    Article: ["id", "title", "summary", "updated_at"],
    RenderedArticle: ["article_id", "version", "search_card"],
}


def _fields(model, names):
    """`names`' fields in the order of the model's columns (as from_db takes them)."""
    return [f for f in model._meta.concrete_fields if f.attname in names]


def _column(model, name):
    return f"{ALIASES[model]}.{connection.ops.quote_name(model._meta.get_field(name).column)}"


def _select(wanted):
    """The SELECT and FROM of `wanted` ({model: fields}): the article, its section joined, its
    stored row left-joined (it may have none)."""
    selected = [_column(m, f.name) for m, names in wanted.items() for f in _fields(m, names)]
    joins = {
        Category: f"JOIN {{}} c ON {_column(Category, 'id')} = {_column(Article, 'category')}",
        RenderedArticle: (
            f"LEFT JOIN {{}} r ON {_column(RenderedArticle, 'article')} = {_column(Article, 'id')}"
        ),
    }
    tables = " ".join(
        joins[m].format(connection.ops.quote_name(m._meta.db_table)) for m in wanted if m in joins
    )
    return (
        f"SELECT {', '.join(selected)} FROM {connection.ops.quote_name(Article._meta.db_table)} a "
        + tables
    )


def _aware(value):
    """A time read in plain SQL, with its zone (SQLite keeps UTC without it)."""
    if isinstance(value, str):  # a backend that hands back text
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=datetime.UTC) if timezone.is_naive(value) else value


def _instances(wanted, values):
    """{model: instance} from a row of `_select(wanted)`, times with their zone; a stored row
    only when the article has one and it is current (`version`), else None."""
    values, made = iter(values), {}
    for model, names in wanted.items():
        fields = _fields(model, names)
        row = [next(values) for _ in fields]
        row = [_aware(v) if f.get_internal_type() == "DateTimeField" else v
               for f, v in zip(fields, row, strict=True)]  # fmt: skip
        made[model] = model.from_db(connection.alias, [f.attname for f in fields], row)
    article, stored = made[Article], made[RenderedArticle]
    if Category in made:
        article.category = made[Category]
    current = stored.version is not None and stored.version == version(article.updated_at)
    made[RenderedArticle] = stored if current else None
    return made


@functools.cache
def _stored_page_sql():
    return (
        _select(PAGE_FIELDS)
        # news.models.public_q, in SQL
        + f" WHERE {_column(Article, 'slug')} = %s AND {_column(Article, 'status')} = %s"
        f" AND {_column(Article, 'published_at')} <= %s"
    )


def stored_page(slug):
    """The public article at `slug` with its section, and its stored row, from one query of
    fixed SQL: None when there is no such public article; (article, None) when its row is
    missing or older than its last save (the caller reads the whole article to render it); else
    (article, row). The article and its section hold what the page needs, the rest deferred.
    The ORM would take longer to build this query than the database takes to answer it (0.8
    against 0.05 ms on SQLite), and it is what almost every view of an article costs."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        prepared.execute(cursor, _stored_page_sql(), [slug, Article.Status.PUBLISHED, now])
        found = cursor.fetchone()
    if found is None:
        return None
    made = _instances(PAGE_FIELDS, found)
    return made[Article], made[RenderedArticle]


@functools.cache
def _section_rows_sql(direction):
    """The query of section_rows() for `direction`: "" (the newest), "before" or "after"."""
    published, pk = _column(Article, "published_at"), _column(Article, "id")
    cursor, order = {
        "": ("", "DESC"),
        "before": (f"AND {published} <= %s AND NOT ({published} = %s AND {pk} >= %s)", "DESC"),
        "after": (f"AND {published} >= %s AND NOT ({published} = %s AND {pk} <= %s)", "ASC"),
    }[direction]
    return (
        _select(LIST_FIELDS)
        # news.models.public_q, in SQL
        + f" WHERE {_column(Article, 'category')} = %s AND {_column(Article, 'status')} = %s"
        f" AND {published} <= %s {cursor} ORDER BY {published} {order}, {pk} {order} LIMIT %s"
    )


def section_rows(category_id, limit, before=None, after=None):
    """Up to `limit` public articles of the section, in one query of fixed SQL, as
    news.views.Archive.rows() gives them (the newest; newest first older than the cursor
    `before`, (published_at, id); oldest first newer than `after`): [(article, its stored
    row if current, else None)]. The articles hold what a card's list needs (id, title, slug,
    publication, last save), the rest deferred; the rows their version and card. The ORM took
    half of a section page's time to build and read this list (1.5 against 0.1 ms)."""
    adapt = connection.ops.adapt_datetimefield_value
    params = [category_id, Article.Status.PUBLISHED, adapt(timezone.now())]
    direction = "before" if before is not None else "after" if after is not None else ""
    if direction:
        moment, pk = before or after
        params += [adapt(moment), adapt(moment), pk]
    with connection.cursor() as cursor:
        prepared.execute(cursor, _section_rows_sql(direction), [*params, limit])
        found = cursor.fetchall()
    return [
        (made[Article], made[RenderedArticle])
        for made in (_instances(LIST_FIELDS, values) for values in found)
    ]


@functools.lru_cache(maxsize=64)
def _search_rows_sql(count):
    """The query of search_rows() for `count` ids."""
    return (
        _select(SEARCH_FIELDS) + f" WHERE {_column(Article, 'id')} IN ({', '.join(['%s'] * count)})"
        # news.models.public_q, in SQL
        f" AND {_column(Article, 'status')} = %s AND {_column(Article, 'published_at')} <= %s"
    )


def search_rows(ids):
    """{id: (article, its stored row if current, else None)} of the public articles among `ids`,
    in one query of fixed SQL: a page of search results. The articles hold what fills a search
    card's slots (title, summary) and their last save, the rest deferred; the rows their
    version and search card."""
    if not ids:
        return {}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        prepared.execute(cursor, _search_rows_sql(len(ids)), [*ids, Article.Status.PUBLISHED, now])
        found = cursor.fetchall()
    made = (_instances(SEARCH_FIELDS, values) for values in found)
    return {m[Article].pk: (m[Article], m[RenderedArticle]) for m in made}


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
