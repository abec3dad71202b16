"""The search index also holds each entry's content type, so that a search of one model (Văn
bản's keyword, the questions' archive) reads that model's matches alone (longkhanh/search.py).

SQLite: the FTS5 table gets a fourth column, the entries' `content_type_id` (a column of the
entries, so FTS5's own `rebuild` reads it too). Before, a search of one model joined every match
of the words to the entries to read their type: all of them for a model with few entries, since
fewer than the limit were ever found ("thanh pho" in the questions' archive, 100,000 articles:
13 ms; with the type in the index, 1.2 ms).

PostgreSQL: the vector gets the lexeme "_<content_type_id>", which no typed word can be (a word is
letters and digits), so the GIN index gives one model's matches: Văn bản's keyword at 100,000
articles, median 12.3 → 4.3 ms (it rechecked every type's matches of a phrase). The generated
column is made again (the table is rewritten, about 10 s at 120,000 entries) with both of its
GIN indexes (longkhanh/migrations/0003, 0005).
"""

import datetime
import math

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


VECTOR = """setweight(to_tsvector('simple'::regconfig, search_title), 'A')
    || setweight(to_tsvector('simple'::regconfig, search_summary), 'B')
    || setweight(to_tsvector('simple'::regconfig, search_body), 'C')"""
KIND = "('_' || content_type_id::text)::tsvector"


def _vector(expression):
    """PostgreSQL: the generated vector made again as `expression`, with its two GIN indexes
    (the recent one from the start of last year, as 0005 makes it)."""
    year = datetime.datetime.now(datetime.UTC).year - 1
    bound = math.floor(datetime.datetime(year, 1, 1, tzinfo=datetime.UTC).timestamp()) << 20
    return [
        "ALTER TABLE longkhanh_searchentry DROP COLUMN search_vector",  # and its indexes
        "ALTER TABLE longkhanh_searchentry ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({expression}) STORED",
        "CREATE INDEX longkhanh_searchentry_vector ON longkhanh_searchentry "
        "USING gin (search_vector)",
        "CREATE INDEX longkhanh_searchentry_recent ON longkhanh_searchentry "
        f"USING gin (search_vector) WHERE id >= {bound}",
    ]


def _remake(columns, expression):
    def remake(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = DROP + _statements(columns) if vendor == "sqlite" else _vector(expression)
        for statement in statements:
            schema_editor.execute(statement)

    return remake


class Migration(migrations.Migration):
    dependencies = [
        ("longkhanh", "0005_recent_search_index"),
    ]

    operations = [
        migrations.RunPython(
            _remake([*TEXT, "content_type_id"], f"{VECTOR} || {KIND}"), _remake(TEXT, VECTOR)
        ),
    ]
