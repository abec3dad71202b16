"""Read counts move from the article's row to news.ReadCount (one narrow row an article), with
the counts kept; 0016 then drops the article's column. Two migrations, two transactions: on
PostgreSQL the copied rows' deferred foreign key checks must run before the article table is
altered."""

import django.db.models.deletion
from django.db import migrations, models


def copy_counts(apps, schema_editor):
    """Every article's count, in batches (an archive of any size, without holding it whole)."""
    Article = apps.get_model("news", "Article")
    ReadCount = apps.get_model("news", "ReadCount")
    counts = Article.objects.filter(read_count__gt=0).values_list("pk", "read_count")
    batch = []
    for pk, count in counts.iterator(chunk_size=2000):
        batch.append(ReadCount(article_id=pk, count=count))
        if len(batch) == 2000:
            ReadCount.objects.bulk_create(batch)
            batch = []
    ReadCount.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    for row in apps.get_model("news", "ReadCount").objects.iterator(chunk_size=2000):
        Article.objects.filter(pk=row.article_id).update(read_count=row.count)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0014_rendered_article"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReadCount",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="reads",
                        serialize=False,
                        to="news.article",
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0, verbose_name="lượt đọc")),
            ],
            options={
                "verbose_name": "lượt đọc của bài viết",
                "verbose_name_plural": "lượt đọc của bài viết",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(copy_counts, copy_back),
    ]
