"""Article reads, once per browser, and the "Tin đọc nhiều" block."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import reads
from news.models import Article, ReadCount
from news.views import READ_HEADER
from tests.helpers import BROWSER, cookie_value


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def news_writes(queries):
    """The statements among `queries` that write to a news table (on PostgreSQL a read's upsert
    comes after a SET in the same statement)."""
    return [
        q["sql"]
        for q in queries
        if re.search(r"\b(INSERT|UPDATE)\b", q["sql"]) and "news_" in q["sql"]
    ]


def read_count(article):
    return ReadCount.objects.filter(article=article).values_list("count", flat=True).first() or 0


def set_reads(article, count):
    ReadCount.objects.update_or_create(article=article, defaults={"count": count})


def test_a_read_counts_once_per_browser_and_a_repeat_writes_nothing(browser, make_article):
    article = make_article("Bài được đọc")
    browser.get(article.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")  # stored, uncounted
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(article.get_absolute_url())
    assert READ_HEADER not in response  # the mark never leaves the server
    assert read_count(article) == 1
    # a read writes its narrow row, never the article's (whose indexes it would all rewrite)
    written = news_writes(queries.captured_queries)
    assert written and all("news_readcount" in sql for sql in written), written
    cookie = response.cookies[reads.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    browser.get("/")  # counting a visit is not counting a read
    with CaptureQueriesContext(connection) as queries:
        again = browser.get(article.get_absolute_url())
    assert again.status_code == 200
    assert news_writes(queries.captured_queries) == []
    assert read_count(article) == 1


def test_each_article_counts_separately_and_other_browsers_count_too(
    browser, client, make_article, django_user_model
):
    first, second = make_article("Một"), make_article("Hai")
    browser.get(first.get_absolute_url())
    browser.get(second.get_absolute_url())
    browser.get(first.get_absolute_url())
    assert (read_count(first), read_count(second)) == (1, 1)  # a repeat read writes nothing
    from django.test import Client

    Client(HTTP_USER_AGENT=BROWSER).get(first.get_absolute_url())
    assert (read_count(first), read_count(second)) == (2, 1)


def test_crawlers_and_forged_cookies(client, make_article):
    article = make_article("Bài")
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")
    assert read_count(article) == 0
    client.cookies[reads.COOKIE] = f"{article.pk}:forged"
    client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert read_count(article) == 1


def test_the_cookie_keeps_the_latest_hundred_reads(browser, make_article):
    articles = [make_article(f"Bài {n}") for n in range(reads.KEEP + 5)]
    for article in articles:
        browser.get(article.get_absolute_url())
    value = browser.cookies[reads.COOKIE].value
    kept = cookie_value(reads.COOKIE, value).split(".")
    assert len(kept) == reads.KEEP
    assert kept[0] == str(articles[-1].pk)


def test_most_read_block_lists_the_most_read_published_articles(client, make_article):
    popular = make_article("Tin được đọc nhiều nhất")
    second = make_article("Tin đọc nhiều thứ hai")
    hidden = make_article("Bản nháp nhiều lượt đọc", status=Article.Status.DRAFT)
    make_article("Tin chưa ai đọc")
    set_reads(popular, 50)
    set_reads(second, 7)
    set_reads(hidden, 999)
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    block = page.select_one("aside .most-read")
    assert block.h2.get_text() == "Tin đọc nhiều"
    assert [a.get_text() for a in block.select("li a")] == [popular.title, second.title]


def test_no_reads_no_block(client, make_article):
    make_article("Tin chưa ai đọc")
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert page.select_one(".most-read") is None


def test_most_read_walks_past_a_window_of_unpublished_articles(client, make_article, monkeypatch):
    """ReadCount.most_read reads the counts a window at a time: the most read ones being drafts
    (a takedown of the whole top of the list) leaves the published ones below them listed, in
    order, ties the newest article first."""
    monkeypatch.setattr(ReadCount, "WINDOW", 2)
    for n in range(5):
        set_reads(make_article(f"Bản nháp {n}", status=Article.Status.DRAFT), 900 + n)
    older, newer = make_article("Tin cũ hơn", days_ago=9), make_article("Tin mới hơn")
    popular = make_article("Tin được đọc nhiều nhất")
    set_reads(older, 40)
    set_reads(newer, 40)
    set_reads(popular, 50)
    assert ReadCount.most_read(5) == [popular, newer, older]
    assert ReadCount.most_read(2) == [popular, newer]
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    titles = [a.get_text() for a in page.select("aside .most-read li a")]
    assert titles == ["Tin được đọc nhiều nhất", "Tin mới hơn", "Tin cũ hơn"]


def test_reads_show_in_the_most_read_list_within_a_minute_on_every_worker(
    client, make_article, monkeypatch
):
    """Reads change no generation: "Tin đọc nhiều" follows them by its lifetimes alone (30 s for
    the list, 30 s for the kept block, 15 s for the page), not the 5 minutes a trial saw."""
    import time

    first, second = make_article("Tin đọc trước"), make_article("Tin đọc sau")
    set_reads(first, 5)
    set_reads(second, 1)

    def most_read():
        page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        return [a.get_text() for a in page.select("aside .most-read li a")]

    assert most_read() == ["Tin đọc trước", "Tin đọc sau"]
    set_reads(second, 9)  # read by more browsers since: no save, no new generation
    assert most_read() == ["Tin đọc trước", "Tin đọc sau"]  # kept, for now
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 61)  # every cache's clock, a minute on
    assert most_read() == ["Tin đọc sau", "Tin đọc trước"]


# Batches: what the servers do (READS_FLUSH_SECONDS, 1 s by default; the tests' settings write
# each read in its request). The timer writes on its own connection, so these tests commit.


def read_by_new_browser(client, article):
    client.cookies.clear()
    return client.get(article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)


def wait_for_the_timer():
    """Until the pending reads' timer has written them (its thread alone uses the database
    meanwhile: SQLite's in-memory test database locks tables between connections)."""
    timer = reads.pending.timer
    assert timer is not None, "no reads pending"
    timer.join(timeout=10)
    assert not timer.is_alive()


@pytest.mark.django_db(transaction=True)
def test_reads_are_written_in_batches_off_the_request_and_add_up(client, make_article, settings):
    settings.READS_FLUSH_SECONDS = 0.2
    first, second = make_article("Tin đọc theo đợt"), make_article("Tin đọc một lần")
    set_reads(first, 10)  # counted before

    for _ in range(3):  # three new browsers read the first article, one the second
        with CaptureQueriesContext(connection) as queries:
            response = read_by_new_browser(client, first)
        assert response.status_code == 200 and reads.COOKIE in response.cookies
        written = news_writes(queries.captured_queries)
        assert not [sql for sql in written if "news_readcount" in sql]  # not by the request
    read_by_new_browser(client, second)
    assert (read_count(first), read_count(second)) == (10, 0)  # pending

    wait_for_the_timer()
    assert (read_count(first), read_count(second)) == (13, 1)
    # The second time: the next batch adds to what the first wrote.
    read_by_new_browser(client, second)
    wait_for_the_timer()
    assert (read_count(first), read_count(second)) == (13, 2)


@pytest.mark.django_db(transaction=True)
def test_a_stopping_worker_writes_what_it_holds_and_a_deleted_article_is_left_out(
    client, make_article, settings
):
    settings.READS_FLUSH_SECONDS = 3600  # the timer will not write: only the worker's exit
    kept, deleted = make_article("Tin còn"), make_article("Tin bị xóa")
    read_by_new_browser(client, kept)
    read_by_new_browser(client, kept)
    read_by_new_browser(client, deleted)
    deleted_pk = deleted.pk
    deleted.delete()
    assert read_count(kept) == 0

    reads.flush()  # what a worker's exit calls (atexit)

    assert read_count(kept) == 2
    assert not ReadCount.objects.filter(article_id=deleted_pk).exists()
    assert reads.pending.timer is None  # nothing left to write, no timer waiting
    reads.flush()  # a second time: nothing to write
    assert read_count(kept) == 2


@pytest.mark.django_db(transaction=True)
def test_reads_added_by_many_threads_at_once_add_up_exactly(make_article, settings):
    from concurrent.futures import ThreadPoolExecutor

    settings.READS_FLUSH_SECONDS = 3600
    articles = [make_article(f"Tin {n}") for n in range(5)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: reads.count_read(articles[n % 5].pk), range(500)))
    reads.flush()
    assert [read_count(a) for a in articles] == [100] * 5


@pytest.mark.django_db(transaction=True)
def test_batches_written_by_several_workers_at_once_add_up_exactly(make_article):
    """Batches over the same articles from several connections at once (each worker's timer)
    lose nothing and do not deadlock. On SQLite, whose writers take turns, the same is shown
    by three gunicorn workers (tests/test_visits_server.py)."""
    from concurrent.futures import ThreadPoolExecutor

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database locks tables between connections")
    articles = [make_article(f"Tin {n}") for n in range(5)]

    def batch(n):
        try:
            ordered = articles if n % 2 else articles[::-1]
            reads.write_reads({a.pk: 1 for a in ordered})
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(batch, range(20)))
    assert [read_count(a) for a in articles] == [20] * 5


def test_more_articles_than_one_statement_takes_are_written_together(make_article, monkeypatch):
    """A second's reads of more than BATCH articles: a statement per BATCH, in one transaction,
    each article's reads added to what it had, the second time too."""
    monkeypatch.setattr(reads, "BATCH", 2)
    articles = [make_article(f"Tin số {n}") for n in range(5)]
    set_reads(articles[0], 7)
    counts = {a.pk: n + 1 for n, a in enumerate(articles)}
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            reads.write_reads(counts)
        assert len([q for q in news_writes(queries.captured_queries) if "news_readcount" in q]) == 3
    assert [read_count(a) for a in articles] == [7 + 2, 4, 6, 8, 10]


@pytest.mark.django_db(transaction=True)
def test_a_workers_exit_waits_for_the_write_its_timer_has_begun(
    make_article, settings, monkeypatch
):
    """The timer has taken a second's reads and is writing them (waiting for the database's
    lock, say) when the worker exits: the exit's flush waits for it, so the worker does not end
    with those reads half written."""
    import threading

    settings.READS_FLUSH_SECONDS = 0.05
    article = make_article("Tin đang ghi")
    writing, release = threading.Event(), threading.Event()
    write = reads.write_reads

    def slow_write(counts):
        writing.set()
        release.wait(5)
        write(counts)

    monkeypatch.setattr(reads, "write_reads", slow_write)
    reads.count_read(article.pk)
    assert writing.wait(5)  # the timer's thread took the read and is writing it
    exited = threading.Event()

    def worker_exit():
        try:
            reads.flush()
            exited.set()
        finally:
            connection.close()

    exiting = threading.Thread(target=worker_exit)
    exiting.start()
    assert not exited.wait(0.3)  # waiting for the timer's write
    release.set()
    exiting.join(5)
    assert exited.is_set() and read_count(article) == 1


def test_a_batch_the_database_refuses_is_written_with_the_next_one(
    make_article, settings, monkeypatch, caplog
):
    """A second's reads the database refused (locked past its timeout, restarting) were lost.
    They are kept and written with the next batch, the second refusal too; a database that
    keeps refusing past RETRIES tries drops them with a warning rather than have the worker
    keep and retry them for ever; a worker's exit (no retry after it) drops them at once."""
    from django.db import OperationalError

    settings.READS_FLUSH_SECONDS = 3600  # no timer writes: each flush is the timer's, by hand
    article = make_article("Tin đọc lúc cơ sở dữ liệu bận")
    write, refusals = reads.write_reads, [2]

    def refusing(counts):
        if refusals[0]:
            refusals[0] -= 1
            raise OperationalError("database is locked")
        write(counts)

    monkeypatch.setattr(reads, "write_reads", refusing)
    try:
        reads.count_read(article.pk)
        reads.count_read(article.pk)
        reads.pending.flush(retry=True)  # refused: kept
        assert read_count(article) == 0 and reads.pending.counts == {article.pk: 2}
        assert reads.pending.timer is not None  # the next timer will try
        reads.count_read(article.pk)
        reads.pending.flush(retry=True)  # refused again, with the read since
        assert reads.pending.counts == {article.pk: 3}
        reads.pending.flush(retry=True)
        assert read_count(article) == 3 and reads.pending.counts == {}
        assert "reads not counted yet" in caplog.text

        monkeypatch.setattr(reads, "RETRIES", 2)
        refusals[0] = 10
        reads.count_read(article.pk)
        for _ in range(2):
            reads.pending.flush(retry=True)
            assert reads.pending.counts == {article.pk: 1}
        reads.pending.flush(retry=True)  # the third refusal: given up
        assert reads.pending.counts == {} and read_count(article) == 3
        assert "1 reads not counted: the database refused them" in caplog.text
        reads.count_read(article.pk)
        reads.flush()  # a worker's exit: nothing would retry, so dropped
        assert reads.pending.counts == {} and read_count(article) == 3
    finally:
        reads.pending.take()  # no timer left waiting
        reads.pending.refused = 0
