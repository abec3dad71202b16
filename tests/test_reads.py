"""Article reads, once per browser, and the "Tin đọc nhiều" block."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import reads
from news.models import Article
from news.views import READ_HEADER
from tests.helpers import BROWSER, cookie_value, writes


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def read_count(article):
    article.refresh_from_db()
    return article.read_count


def test_a_read_counts_once_per_browser_and_a_repeat_writes_nothing(browser, make_article):
    article = make_article("Bài được đọc")
    response = browser.get(article.get_absolute_url())
    assert READ_HEADER not in response  # the mark never leaves the server
    assert read_count(article) == 1
    cookie = response.cookies[reads.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    browser.get("/")  # counting a visit is not counting a read
    with CaptureQueriesContext(connection) as queries:
        again = browser.get(article.get_absolute_url())
    assert again.status_code == 200
    assert [sql for sql in writes(queries.captured_queries) if "news_article" in sql] == []
    assert read_count(article) == 1


def test_each_article_counts_separately_and_other_browsers_count_too(
    browser, client, make_article, django_user_model
):
    first, second = make_article("Một"), make_article("Hai")
    browser.get(first.get_absolute_url())
    browser.get(second.get_absolute_url())
    browser.get(first.get_absolute_url())
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
    Article.objects.filter(pk=popular.pk).update(read_count=50)
    Article.objects.filter(pk=second.pk).update(read_count=7)
    Article.objects.filter(pk=hidden.pk).update(read_count=999)
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    block = page.select_one("aside .most-read")
    assert block.h2.get_text() == "Tin đọc nhiều"
    assert [a.get_text() for a in block.select("li a")] == [popular.title, second.title]


def test_no_reads_no_block(client, make_article):
    make_article("Tin chưa ai đọc")
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert page.select_one(".most-read") is None
