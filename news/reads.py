"""Counting each article's reads once per browser, for "Tin đọc nhiều".

The article view marks its response with the article's id (news.views.READ_HEADER); this
middleware, which sits outside any page cache, takes the mark off and counts the read unless the
browser's signed cookie lists the article already. A repeat read writes nothing. The cookie keeps
the last KEEP articles a browser read. A read adds one to the article's ReadCount row, a narrow
row of its own (made by the article's first read): one statement, exact under any concurrency.
"""

from django.db import DatabaseError, connection
from django.utils.cache import patch_cache_control

from longkhanh import cookies
from longkhanh.visits import is_bot
from news.models import ReadCount
from news.views import READ_HEADER

COOKIE = "lk_read"
KEEP = 100
COOKIE_AGE = 365 * 24 * 3600


def count_read(article_id):
    """One more read of the article, in one statement whatever came before: its row made by its
    first read, its count raised by the next ones, exactly under any concurrency. (SQL of its
    own: the ORM has no insert-or-add; SQLite and PostgreSQL both take this.)

    On PostgreSQL the read's commit does not wait for the WAL to reach the disk
    (`synchronous_commit` off for this transaction only): a crash of the database server may
    lose the last fraction of a second of reads, never a save, and each read costs about 0.2 ms
    instead of 1–3 ms. (SQLite in WAL mode with synchronous=NORMAL already commits so.)"""
    table = ReadCount._meta.db_table
    upsert = (
        f"INSERT INTO {table} (article_id, count) VALUES (%s, 1) "  # noqa: S608 (a constant)
        f"ON CONFLICT (article_id) DO UPDATE SET count = {table}.count + 1"
    )
    if connection.vendor == "postgresql":
        # Both statements in one message: one transaction, one round trip.
        upsert = "SET LOCAL synchronous_commit TO OFF; " + upsert
    with connection.cursor() as cursor:
        cursor.execute(upsert, [article_id])


def read_ids(request):
    value = cookies.read(request, COOKIE, max_age=COOKIE_AGE) or ""
    return [item for item in value.split(".") if item.isdigit()]


class ReadCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        article_id = response.get(READ_HEADER)
        if article_id is not None:
            del response[READ_HEADER]
        if (
            article_id
            and request.method == "GET"
            and response.status_code == 200
            and not is_bot(request)
        ):
            read = read_ids(request)
            if article_id not in read:
                try:
                    count_read(int(article_id))
                except DatabaseError:  # serve the page; this read goes uncounted
                    return response
                cookies.write(
                    response, COOKIE, ".".join([article_id, *read][:KEEP]), max_age=COOKIE_AGE
                )
                patch_cache_control(response, private=True)
        return response
