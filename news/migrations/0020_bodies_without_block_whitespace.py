"""Stored rich text without whitespace around its blocks' tags, as longkhanh.sanitize.clean_html
now stores it and CKEditor 5 writes it: a body from the demo or an import read back from the
editor unchanged, and saving it untouched made a version that changed nothing. (The rule is
written here as it was when this migration was made.)"""

import re

from django.db import migrations

BLOCK_TAGS = (
    "p|h[1-6]|ul|ol|li|blockquote|hr|figure|figcaption|table|caption|thead|tbody|tfoot|tr|th|td"
)
AROUND_BLOCK_TAGS = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*", re.IGNORECASE)
FIELDS = {"news.Article": ["body"]}


def tighten(apps, schema_editor):
    for label, names in FIELDS.items():
        model = apps.get_model(label)
        changed = []
        for row in model.objects.only("pk", *names).iterator(chunk_size=1000):
            before = [getattr(row, name) for name in names]
            for name in names:
                setattr(row, name, AROUND_BLOCK_TAGS.sub(r"\1", getattr(row, name) or "").strip())
            if [getattr(row, name) for name in names] != before:
                changed.append(row)
        model.objects.bulk_update(changed, names, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0019_rendered_search_card"),
    ]

    operations = [migrations.RunPython(tighten, migrations.RunPython.noop, elidable=True)]
