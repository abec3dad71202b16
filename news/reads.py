"""Counting each article's reads once per browser, for "Tin đọc nhiều".

The article view marks its response with the article's id (news.views.READ_HEADER); this
middleware, which sits outside any page cache, takes the mark off and counts the read unless the
browser's signed cookie lists the article already. A repeat read writes nothing. The cookie keeps
the last KEEP articles a browser read. A read adds one to the article's ReadCount row, a narrow
row of its own (made by the article's first read): exact under any concurrency.

Reads are written in batches (`READS_FLUSH_SECONDS`, 1 s by default): each worker adds them up in
memory, and a timer writes what a second brought in one transaction (one statement per 500
articles read), off the request path; a worker that stops writes what it has as it exits
(`flush`, registered with atexit). A write per read was a random article's second round trip to the
database, and the database's write lock taken by every view. A batch the database refuses is
written with the next one (RETRIES). A worker killed outright loses the reads of its last
second; "Tin đọc nhiều" shows reads a minute late anyway. With the setting at 0 each read is
written in its own request (the tests' default, which read counts right after).
"""

import atexit
import logging
import threading
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, Error, connection, transaction
from django.utils.cache import patch_cache_control

from longkhanh import cookies
from longkhanh.visits import is_bot
from news.models import Article, ReadCount
from news.views import READ_HEADER

COOKIE = "lk_read"
KEEP = 100
COOKIE_AGE = 365 * 24 * 3600


logger = logging.getLogger(__name__)


# Articles a statement adds reads to: two parameters each, well under SQLite's limit.
BATCH = 500


def _upsert(size):
    """The statement that adds reads to `size` articles ((id, reads) parameters), in one
    statement whatever came before: an article's row made by its first reads, its count raised
    by the next ones, exactly under any concurrency (SQL of its own: the ORM has no
    insert-or-add; SQLite and PostgreSQL both take this). An article deleted since its reads
    adds nothing."""
    table = ReadCount._meta.db_table
    articles = connection.ops.quote_name(Article._meta.db_table)
    values = ", ".join(["(%s, %s)"] * size)
    return (
        f"WITH v (id, n) AS (VALUES {values}) "
        f"INSERT INTO {table} (article_id, count) "  # noqa: S608 (names and placeholders)
        # In id order whatever the join's plan (a hash join keeps the table's order): two
        # workers' batches over the same articles then lock their rows in one order.
        f"SELECT a.id, v.n FROM v JOIN {articles} a ON a.id = v.id WHERE true ORDER BY a.id "
        f"ON CONFLICT (article_id) DO UPDATE SET count = {table}.count + excluded.count"
    )


def write_reads(counts):
    """Adds `counts` ({article id: reads}) in one transaction, a statement per BATCH articles
    in id order (two workers writing the same articles take their rows' locks in one order).
    Up to BATCH articles are one statement, a transaction by itself (no BEGIN and COMMIT
    around it: one round trip).

    On PostgreSQL the commit does not wait for the WAL to reach the disk (`synchronous_commit`
    off for this transaction only): a crash of the database server may lose the last fraction of
    a second of reads, never a save. (SQLite in WAL mode with synchronous=NORMAL commits so.)"""
    ids = sorted(counts)
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    with transaction.atomic() if len(batches) > 1 else nullcontext(), connection.cursor() as cursor:
        for number, batch in enumerate(batches):
            sql = _upsert(len(batch))
            if number == 0 and connection.vendor == "postgresql":
                # In the same string, so in the statement's own transaction when it is alone.
                sql = "SET LOCAL synchronous_commit TO OFF; " + sql
            cursor.execute(sql, [value for pk in batch for value in (pk, counts[pk])])


# A batch the database refuses (locked for longer than its timeout, restarting) is tried again
# with the next one, this many times (a timer's interval apart), then dropped with a warning: a
# database that stays down does not make a worker keep its reads, and retry, for ever.
RETRIES = 30


class Pending:
    """A worker's reads not written yet, and the timer that writes them."""

    def __init__(self):
        self.lock = threading.Lock()  # the counts
        self.writing = threading.Lock()  # one write at a time: the exit's waits for the timer's
        self.counts = {}
        self.timer = None
        self.refused = 0  # batches refused in a row

    def add(self, article_id):
        with self.lock:
            self.counts[article_id] = self.counts.get(article_id, 0) + 1
            started = self._timer_started()
        if not started:  # no thread to be had: this request writes them
            self.flush()

    def _timer_started(self):
        """A timer to write the counts, unless one is waiting already (under `lock`)."""
        if self.timer is not None:
            return True
        timer = threading.Timer(settings.READS_FLUSH_SECONDS, self.flush_in_thread)
        timer.daemon = True
        try:
            timer.start()
        except RuntimeError:
            return False
        self.timer = timer
        return True

    def _keep(self, counts):
        """Refused counts put back, for the next timer to write with the reads since."""
        with self.lock:
            for article_id, reads in counts.items():
                self.counts[article_id] = self.counts.get(article_id, 0) + reads
            self._timer_started()  # without one, the next read's request starts it

    def take(self):
        with self.lock:
            counts, self.counts = self.counts, {}
            if self.timer is not None:
                self.timer.cancel()  # nothing left for it (or it is the one running)
            self.timer = None
        return counts

    def flush(self, retry=False):
        """Writes what is pending. A flush waits for one under way (the worker's exit, for its
        timer's write). A batch the database refuses is kept for the next one (`retry`: the
        timer's flush), up to RETRIES times in a row; then, or at the worker's exit, its reads
        are lost, with a warning."""
        with self.writing:
            counts = self.take()
            if not counts:
                return
            if not connection.in_atomic_block:  # a kept one may be gone (a database restart)
                connection.close_if_unusable_or_obsolete()
            try:
                write_reads(counts)
            except Error:
                self.refused += 1
                reads = sum(counts.values())
                if retry and self.refused <= RETRIES:
                    logger.warning(
                        "%d reads not counted yet: the database refused them (%d of %d tries)",
                        reads,
                        self.refused,
                        RETRIES,
                    )
                    self._keep(counts)
                else:
                    logger.warning("%d reads not counted: the database refused them", reads)
                    self.refused = 0
            else:
                self.refused = 0

    def flush_in_thread(self):
        try:
            self.flush(retry=True)
        finally:
            connection.close()  # the timer's own connection (connections are per thread)


pending = Pending()
flush = pending.flush
atexit.register(flush)


def count_read(article_id):
    """One more read of the article: pending until the timer writes it, or written now (and
    raising DatabaseError) when READS_FLUSH_SECONDS is 0."""
    if settings.READS_FLUSH_SECONDS:
        pending.add(article_id)
    else:
        write_reads({article_id: 1})


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
