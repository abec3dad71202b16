"""PostgreSQL: a second GIN index of the search vectors, of the recent entries only (from the
start of last year), which the search's first periods read (longkhanh.search.refresh_recent_index
renews it; `rebuild_search_index` runs that). Made without blocking the site
(CONCURRENTLY: the migration is not atomic). Nothing on SQLite, whose FTS5 reads newest first.
"""

import datetime
import math

from django.db import connection, migrations

NAME = "longkhanh_searchentry_recent"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    year = datetime.datetime.now(datetime.UTC).year - 1
    bound = math.floor(datetime.datetime(year, 1, 1, tzinfo=datetime.UTC).timestamp()) << 20
    # Outside a transaction, as `migrate` runs it: CONCURRENTLY. Inside one (a test's), not.
    concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY"
    schema_editor.execute(
        f"CREATE INDEX {concurrently} IF NOT EXISTS {NAME} ON longkhanh_searchentry "
        f"USING gin (search_vector) WHERE id >= {bound}"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        concurrently = "" if schema_editor.connection.in_atomic_block else "CONCURRENTLY"
        schema_editor.execute(f"DROP INDEX {concurrently} IF EXISTS {NAME}")


class Migration(migrations.Migration):
    # PostgreSQL: CONCURRENTLY, which cannot run in a transaction. SQLite keeps the usual atomic
    # migration (its schema editor cannot work inside a caller's transaction otherwise).
    atomic = connection.vendor != "postgresql"

    dependencies = [
        ("longkhanh", "0004_site_contacts_and_english"),
    ]

    operations = [migrations.RunPython(create, drop)]
