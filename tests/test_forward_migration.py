"""A database made by an earlier release migrates forward with nothing lost.

tests/data holds a database made by main at 22a9dbf (before the floors and the daily-use work), as
SQL for SQLite and for PostgreSQL: migrated, seeded (seed_demo), with editors in their roles, an
article written, submitted and published (versions), votes, visits, site settings and a checked
link. The test loads it into a new database of the suite's kind, runs today's migrations, and
compares every row of every table it had: each row is still there with the same values, but for
the changes a migration makes on purpose, which are checked exactly.
"""

import sqlite3
from pathlib import Path

from django.conf import settings

from longkhanh.sanitize import plain_text
from tests.servers import fresh_database, manage, server_env

DATA = Path(__file__).parent / "data"
RELEASE = "main-22a9dbf"
# Columns a migration drops on purpose: the article's own search columns, replaced by the site's
# search index (news/migrations/0010, longkhanh.SearchEntry).
# And its read count, moved to a table of its own (news/migrations/0015, 0016: news.ReadCount).
DROPPED = {
    ("news_article", "search_title"),
    ("news_article", "search_summary"),
    ("news_article", "search_text"),
    ("news_article", "read_count"),
}
# The release's site had no reads yet: some are given to it, so that their move is checked.
READS = "UPDATE {} SET read_count = id * 7 WHERE status = 'published' AND id % 2 = 1"


def load(database_url, vendor):
    if vendor == "sqlite":
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        connection.executescript((DATA / f"{RELEASE}.sqlite.sql").read_text())
        connection.execute(READS.format("news_article"))
        connection.commit()
        connection.close()
        return
    import psycopg2

    # pg_dump's own meta-commands (\restrict…) are for psql; the rest is plain SQL.
    lines = (DATA / f"{RELEASE}.postgresql.sql").read_text().splitlines()
    script = "\n".join(line for line in lines if not line.startswith("\\"))
    connection = psycopg2.connect(database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(script)
        cursor.execute(READS.format("public.news_article"))  # the dump empties search_path
    connection.close()


def every_row(database_url, vendor):
    """{table: {key: {column: value}}}, keyed by `id` where the table has one."""
    if vendor == "sqlite":
        connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )]  # fmt: skip
        cursor = connection.cursor()
    else:
        import psycopg2

        connection = psycopg2.connect(database_url)
        cursor = connection.cursor()
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        names = [row[0] for row in cursor.fetchall()]
    tables = {}
    for name in names:
        cursor.execute(f'SELECT * FROM "{name}"')
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        tables[name] = {
            (row["id"] if "id" in row else tuple(sorted(row.items()))): row for row in rows
        }
    connection.close()
    return tables


def test_a_database_made_by_the_last_release_migrates_forward_with_nothing_lost(tmp_path):
    vendor = "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    with fresh_database(tmp_path) as database_url:
        load(database_url, vendor)
        before = every_row(database_url, vendor)
        assert sum(len(rows) for rows in before.values()) > 250  # a real site, not an empty one
        env = server_env(database_url, tmp_path)
        manage(env, "migrate", "--noinput")
        after = every_row(database_url, vendor)
        # the database's own full-text index was filled too (FTS5 by its triggers, or the
        # generated tsvector): the seed article is found by a phrase of its title
        # and the entries' types (SQLite's index holds them since longkhanh/migrations/0006):
        # a search of the articles alone finds it as well, and again after the index is taken
        # back to what 0005 made (where the whole search still finds it) and made again
        everything = "print(len(search.search('\"cai cach hanh chinh\" -xyz').hits))"
        articles = "print(len(search.search('cai cach hanh chinh', model=Article).hits))"
        imports = "from longkhanh import search; from news.models import Article; "

        def count(code):
            return int(manage(env, "shell", "-c", imports + code).split()[-1])

        found = count(everything)
        assert found >= 1 and count(articles) == found
        manage(env, "migrate", "longkhanh", "0005", "--noinput")
        assert count(everything) == found
        manage(env, "migrate", "--noinput")
        assert count(everything) == found and count(articles) == found

    purposeful, dropped = [], set()
    for table, rows in before.items():
        assert table in after, f"table {table} is gone"
        for key, old in rows.items():
            assert key in after[table], f"{table}: row {key} is gone"
            new = after[table][key]
            for column, value in old.items():
                if column not in new:
                    assert (table, column) in DROPPED, f"{table}.{column} is gone"
                    dropped.add((table, column))
                elif new[column] != value:
                    purposeful.append((table, column, value, new[column]))
    assert dropped == DROPPED

    # Every read count moved to news_readcount, none lost, none made up.
    counts = {a["id"]: a["read_count"] for a in before["news_article"].values() if a["read_count"]}
    assert len(counts) > 10
    assert {r["article_id"]: r["count"] for r in after["news_readcount"].values()} == counts

    # Every published article is in the search index, with its title and address.
    articles = after["news_article"].values()
    published = {a["id"]: a for a in articles if a["status"] == "published"}
    assert len(published) > 20
    entries = after["longkhanh_searchentry"].values()
    assert sorted(e["object_id"] for e in entries) == sorted(published)
    for entry in entries:
        article = published[entry["object_id"]]
        assert entry["title"] == article["title"]
        assert entry["url"] == f"/tin-tuc/{article['slug']}/"
        assert (
            "cai cach hanh chinh"
            in " ".join([entry["search_title"], entry["search_summary"], entry["search_body"]])
            or "cải cách hành chính" not in article["title"]
        )

    # What migrations change on purpose, and nothing else:
    bylines = [(old, new) for table, column, old, new in purposeful if column == "author"]
    names = [(old, new) for table, column, old, new in purposeful if table == "auth_permission"]
    others = [
        change for change in purposeful if change[1] != "author" and change[0] != "auth_permission"
    ]
    # the links block's wards and communes became units, and their links were switched off
    # (organisation/migrations/0003): the organisation's picker shows them now
    switched_off = [change for change in others if change[:2] == ("links_link", "active")]
    assert len(switched_off) == 15 and all(old and not new for _, _, old, new in switched_off)
    # articles' bodies lose the whitespace around their blocks' tags, as CKEditor writes them
    # (news/migrations/0020): the same characters but whitespace, the same text paragraph apart
    tightened = [change for change in others if change[:2] == ("news_article", "body")]
    assert tightened
    for _, _, old, new in tightened:
        assert "".join(old.split()) == "".join(new.split()) and len(new) < len(old)
        assert plain_text(old) == plain_text(new) and ">\n<" not in new
    assert [c for c in others if c not in switched_off and c not in tightened] == []
    wards = [unit for unit in after["organisation_unit"].values() if unit["kind"] == "ward"]
    assert len(wards) == 15 and all(unit["website"].startswith("https://") for unit in wards)
    # a byline that was a login name becomes the writer's name, family name first
    assert bylines == [("phongvien", "Nguyễn Văn A")]
    # Django's English permission names, in Vietnamese
    assert names and all(old.startswith("Can ") and new.startswith("Có thể ") for old, new in names)
    assert ("Can add bài viết", "Có thể thêm bài viết") in names
    # Every photo has its first kept version (news/migrations/0018), with its caption as it was,
    # so that restoring a later version of its article can bring its caption back.
    photos = after["news_photo"].values()
    assert len(photos) >= 2
    kept = after["news_historicalphoto"]  # keyed by the photo's id: one version each
    assert sorted(kept) == sorted(p["id"] for p in photos)
    for photo in photos:
        version = kept[photo["id"]]
        assert (version["caption"], version["alt_text"], version["image"]) == (
            photo["caption"],
            photo["alt_text"],
            photo["image"],
        )
        assert version["history_type"] == "+" and version["article_id"] == photo["article_id"]
