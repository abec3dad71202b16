"""Stored rendered articles get a search result's card (RenderedArticle.search_card), placed
before the long columns (see the model). The table only keeps HTML that is made again on the
next view of each article (or by `manage.py render_articles`), so it is made anew rather than
altered: SQLite would add the column after the long ones."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0018_photo_history"),
    ]

    operations = [
        migrations.DeleteModel(name="RenderedArticle"),
        migrations.CreateModel(
            name="RenderedArticle",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rendered",
                        serialize=False,
                        to="news.article",
                    ),
                ),
                ("version", models.CharField(max_length=40)),
                ("card", models.TextField()),
                ("search_card", models.TextField()),
                ("title", models.TextField()),
                ("description", models.TextField()),
                ("meta", models.TextField()),
                ("content", models.TextField()),
            ],
            options={
                "verbose_name": "bản dựng sẵn của bài viết",
                "verbose_name_plural": "bản dựng sẵn của bài viết",
                "default_permissions": (),
            },
        ),
    ]
