# Articles move to the site's search index (longkhanh.SearchEntry, longkhanh/search.py): the
# published ones are indexed here, then the article's own search columns and their trigram index
# go. Later saves keep the index current (news/apps.py registers articles with the search).

import html
import math

from django.db import migrations
from django.urls import reverse
from django.utils.html import strip_tags

from longkhanh.text import index_form, search_form

TRIGRAM_INDEX = "article_search_text_trgm"
BATCH = 1000
SEQUENCE_BITS = 20  # longkhanh.search: an entry's id is its publication second, then a sequence


def index_published_articles(apps, schema_editor):
    """What Article.search_document() and longkhanh.search.rebuild() write, frozen here: this
    runs with the models of this migration, not today's."""
    Article = apps.get_model("news", "Article")
    SearchEntry = apps.get_model("longkhanh", "SearchEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    published = Article.objects.filter(status="published", published_at__isnull=False)
    if not published.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="article")
    SearchEntry.objects.filter(content_type=content_type).delete()
    rows, key = [], None
    fields = ("pk", "title", "summary", "body", "slug", "published_at")
    for pk, title, summary, body, slug, published_at in (
        published.order_by("published_at", "pk").values_list(*fields).iterator(chunk_size=BATCH)
    ):
        second = math.floor(published_at.timestamp()) << SEQUENCE_BITS
        key = key + 1 if key is not None and key >= second else second  # oldest first
        rows.append(
            SearchEntry(
                id=key,
                content_type=content_type,
                object_id=pk,
                title=title,
                summary=summary,
                url=reverse("news:article", kwargs={"slug": slug}),
                published_at=published_at,
                search_title=index_form(title),
                search_summary=index_form(summary),
                search_body=index_form(html.unescape(strip_tags(body))),
            )
        )
        if len(rows) == BATCH:
            SearchEntry.objects.bulk_create(rows)
            rows = []
    SearchEntry.objects.bulk_create(rows)


def remove_article_entries(apps, schema_editor):
    SearchEntry = apps.get_model("longkhanh", "SearchEntry")
    SearchEntry.objects.filter(
        content_type__app_label="news", content_type__model="article"
    ).delete()


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} "
            "ON news_article USING gin (search_text gin_trgm_ops)"
        )


def refill_old_columns(apps, schema_editor):
    """Going back: the columns this migration drops, as news/migrations/0002 wrote them."""
    Article = apps.get_model("news", "Article")
    for pk, title, summary, body in Article.objects.values_list(
        "pk", "title", "summary", "body"
    ).iterator():
        body_text = html.unescape(strip_tags(body))
        Article.objects.filter(pk=pk).update(
            search_title=search_form(title),
            search_summary=search_form(summary),
            search_text=search_form(f"{title}\n{summary}\n{body_text}"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0009_indexes_for_every_list"),
        ("longkhanh", "0003_search_index"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(index_published_articles, remove_article_entries),
        migrations.RunPython(drop_trigram_index, add_trigram_index),
        migrations.RunPython(migrations.RunPython.noop, refill_old_columns),
        migrations.RemoveField(model_name="article", name="search_summary"),
        migrations.RemoveField(model_name="article", name="search_text"),
        migrations.RemoveField(model_name="article", name="search_title"),
    ]
