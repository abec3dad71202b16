"""The article's own read count is gone: news.ReadCount holds it (0015 copied it)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0015_read_counts_apart"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="article",
            name="article_most_read_idx",
        ),
        migrations.RemoveField(
            model_name="article",
            name="read_count",
        ),
        migrations.AddIndex(
            model_name="readcount",
            index=models.Index(fields=["-count", "-article"], name="readcount_most_read_idx"),
        ),
    ]
