"""SQLite: the FTS5 index also holds each entry's content type (its `content_type_id`, a column
of the entries, so FTS5's own `rebuild` reads it too), so that a search of one model (Văn bản's
keyword, the questions' archive) asks FTS5 for that model's matches alone. Before, it joined
every match of the words to the entries to read their type: all of them for a model with few
entries, since fewer than the limit were ever found ("thanh pho" in the questions' archive,
100,000 articles: 13 ms; with the type in the index, 1.2 ms). The words a resident types are
looked for in the three text columns only (longkhanh/search.py). Nothing on PostgreSQL.
"""

from django.db import migrations

TABLE = "longkhanh_searchentry_fts"
TRIGGERS = ["insert", "delete", "update"]


def _statements(columns):
    """The FTS5 table over `columns` of the entries, its triggers, and its rows made from the
    entries (FTS5's `rebuild` reads the content table)."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {TABLE} ({TABLE}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {TABLE} (rowid, {names}) VALUES (new.id, {new});"
    return [
        f"""CREATE VIRTUAL TABLE {TABLE} USING fts5(
            {names},
            content='longkhanh_searchentry', content_rowid='id',
            tokenize='unicode61 remove_diacritics 0'
        )""",
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON longkhanh_searchentry BEGIN {insert} END",
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON longkhanh_searchentry BEGIN {delete} END",
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON longkhanh_searchentry "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')",
    ]


DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_{name}" for name in TRIGGERS] + [
    f"DROP TABLE IF EXISTS {TABLE}"
]
TEXT = ["search_title", "search_summary", "search_body"]


def _remake(columns):
    def remake(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in DROP + _statements(columns):
            schema_editor.execute(statement)

    return remake


class Migration(migrations.Migration):
    dependencies = [
        ("longkhanh", "0005_recent_search_index"),
    ]

    operations = [
        migrations.RunPython(_remake([*TEXT, "content_type_id"]), _remake(TEXT)),
    ]
