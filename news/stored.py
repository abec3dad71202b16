"""The public pages' reads of articles with their stored rows (news/rendered.py), each one query
of fixed SQL: an article's page, a section's list, a page of search results.

Apart from news/rendered.py, so that a deploy that changes how rows are read does not change
the rendering code's fingerprint (news.rendered.code_version), which would render every
article again.
"""

import datetime
import functools

from django.db import connection
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

from longkhanh import prepared
from news.models import Article, Category, RenderedArticle
from news.rendered import version

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


_plans = {}


def _plan(wanted):
    """[(model, the attnames read, the indexes of its times among them)] for rows of
    `_select(wanted)`: worked out once per process."""
    key = tuple((model, tuple(names)) for model, names in wanted.items())
    plan = _plans.get(key)
    if plan is None:
        plan = _plans[key] = [
            (
                model,
                [f.attname for f in fields],
                [i for i, f in enumerate(fields) if f.get_internal_type() == "DateTimeField"],
            )
            for model, fields in ((m, _fields(m, names)) for m, names in wanted.items())
        ]
    return plan


def _instance(model, attnames, row, alias, light):
    """What `model.from_db()` makes of `row` (the fields not read are deferred); `light`: without
    Model.__init__'s walk over every field and its two signals, which nothing listens to."""
    if not light:
        return model.from_db(alias, attnames, row)
    instance = model.__new__(model)
    instance._state = ModelState()
    instance._state.adding, instance._state.db = False, alias
    instance.__dict__.update(zip(attnames, row, strict=True))
    return instance


def _made(wanted, rows):
    """[{model: instance}] from rows of `_select(wanted)`, times with their zone; a stored row
    only when the article has one and it is current (`version`), else None. Model.__init__ is
    skipped while nothing listens to its signals: a section's list makes 32 instances, and
    they took a tenth of its page's time."""
    alias = connection.alias
    plan = [
        (
            model,
            attnames,
            times,
            not (pre_init.has_listeners(model) or post_init.has_listeners(model)),
        )
        for model, attnames, times in _plan(wanted)
    ]
    result = []
    for values in rows:
        start, made = 0, {}
        for model, attnames, times, light in plan:
            row = list(values[start : start + len(attnames)])
            start += len(attnames)
            for i in times:
                row[i] = _aware(row[i])
            made[model] = _instance(model, attnames, row, alias, light)
        article, kept = made[Article], made[RenderedArticle]
        if Category in made:
            article.category = made[Category]
        current = kept.version is not None and kept.version == version(article.updated_at)
        made[RenderedArticle] = kept if current else None
        result.append(made)
    return result


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
    (made,) = _made(PAGE_FIELDS, [found])
    return made[Article], made[RenderedArticle]


@functools.cache
def _section_rows_sql(direction):
    """The query of section_rows() for `direction`: "" (the newest), "before" or "after".

    Newest first, a page has one upper bound on the publication time: the cursor's or now,
    whichever is earlier (section_rows() picks it). Given both, SQLite seeks the section's index
    at the first bound written (now) and walks every newer article of the section to the
    cursor: 0.85 ms for a page deep in a section at 100,000 articles, 0.10 with one bound."""
    published, pk = _column(Article, "published_at"), _column(Article, "id")
    cursor, order = {
        "": ("", "DESC"),
        "before": (f"AND NOT ({published} = %s AND {pk} >= %s)", "DESC"),
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
    now = timezone.now()
    if before is not None:
        moment, pk = before
        # Public means published by now: the cursor's time is the bound unless it is later.
        params = [adapt(min(moment, now)), adapt(moment), pk]
        direction = "before"
    elif after is not None:
        moment, pk = after
        params = [adapt(now), adapt(moment), adapt(moment), pk]
        direction = "after"
    else:
        params, direction = [adapt(now)], ""
    params = [category_id, Article.Status.PUBLISHED, *params]
    with connection.cursor() as cursor:
        prepared.execute(cursor, _section_rows_sql(direction), [*params, limit])
        found = cursor.fetchall()
    return [(made[Article], made[RenderedArticle]) for made in _made(LIST_FIELDS, found)]


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
    made = _made(SEARCH_FIELDS, found)
    return {m[Article].pk: (m[Article], m[RenderedArticle]) for m in made}
