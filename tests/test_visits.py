"""The visit counter through the test client: what counts, what writes, what is shown."""

import datetime
import os
import time

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from longkhanh import cookies, visits
from longkhanh.models import SiteSettings, VisitDay
from tests.helpers import BROWSER, cookie_value, writes


@pytest.fixture
def browser(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def visit_total():
    return sum(VisitDay.objects.values_list("count", flat=True))


def old_cookie(visitor, seconds_ago):
    return cookies.signed(visits.COOKIE, f"{visitor}:{int(time.time()) - seconds_ago}")


def test_a_new_browser_is_one_visit_and_its_later_pages_are_not(browser, db):
    response = browser.get("/")
    assert visit_total() == 1
    cookie = response.cookies[visits.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == visits.VISIT_IDLE
    assert "private" in response["Cache-Control"].split(", ")

    for url in ["/", "/khong-co/", "/"]:
        browser.get(url)
    assert visit_total() == 1
    assert VisitDay.objects.get().day == timezone.localdate()


def test_a_page_view_that_is_not_a_new_visit_writes_nothing(browser, db):
    browser.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/")
    assert response.status_code == 200
    assert writes(queries.captured_queries) == []
    assert visits.COOKIE not in response.cookies  # nor a new cookie within the minute


def test_a_browser_seen_again_after_a_minute_is_marked_without_a_database_write(
    browser, db, visits_dir
):
    browser.cookies[visits.COOKIE] = old_cookie("abc123", 5 * 60)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/")
    assert writes(queries.captured_queries) == []
    assert visit_total() == 0
    assert (visits_dir / "abc123").exists()
    visitor, marked = cookie_value(visits.COOKIE, response.cookies[visits.COOKIE].value).split(":")
    assert visitor == "abc123" and abs(int(marked) - time.time()) < 5


@pytest.mark.parametrize(
    "cookie",
    [
        old_cookie("abc123", visits.VISIT_IDLE + 1),  # idle for more than 30 minutes
        "abc123:1700000000:forged-signature",
        "rác",
    ],
    ids=["idle", "forged", "garbage"],  # the same names in every test process
)
def test_an_idle_or_forged_cookie_starts_a_new_visit(browser, db, cookie):
    browser.cookies[visits.COOKIE] = cookie
    browser.get("/")
    assert visit_total() == 1


def test_a_cookie_read_before_is_checked_again_for_its_age_its_signature_and_the_key(settings):
    """Each process keeps the cookies it has verified (longkhanh/cookies.py): a value kept is
    still refused once older than the reader's max_age, for any other signed text, and after
    the secret key changes."""
    from unittest import mock

    signed = cookies.signed(visits.COOKIE, "abc123:1")
    assert cookies.unsigned(visits.COOKIE, signed, max_age=60) == "abc123:1"
    assert cookies.unsigned(visits.COOKIE, signed, max_age=60) == "abc123:1"  # kept, the same
    with mock.patch("time.time", return_value=time.time() + 61):
        assert cookies.unsigned(visits.COOKIE, signed, max_age=60) is None
        assert cookies.unsigned(visits.COOKIE, signed, max_age=120) == "abc123:1"
    other = signed[:-1] + ("A" if signed[-1] != "A" else "B")
    assert cookies.unsigned(visits.COOKIE, other) is None
    assert cookies.unsigned("lk_read", signed) is None  # another cookie's salt
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert cookies.unsigned(visits.COOKIE, signed) is None


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0)",
        "python-requests/2.31",
        "curl/8.0",
        "",
    ],
)
def test_crawlers_do_not_count(client, db, agent):
    response = client.get("/", HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert visit_total() == 0
    assert visits.COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/khong-co/"), ("get", "/admin/login/"), ("post", "/"), ("head", "/")],
)
def test_only_successful_public_page_views_count(browser, db, method, url):
    getattr(browser, method)(url)
    assert visit_total() == 0


def test_visits_are_counted_on_the_day_in_vietnam(browser, db, monkeypatch):
    moment = datetime.datetime(2016, 6, 3, 17, 30, tzinfo=datetime.UTC)  # 4/6/2016 00:30 in VN
    monkeypatch.setattr(timezone, "now", lambda: moment)
    browser.get("/")
    assert VisitDay.objects.get().day == datetime.date(2016, 6, 4)


def test_the_counter_shows_online_today_and_total(client, db, visits_dir):
    SiteSettings.objects.create(visits_offset=7_448_000)
    VisitDay.objects.create(day=timezone.localdate() - datetime.timedelta(days=1), count=200)
    VisitDay.objects.create(day=timezone.localdate(), count=51)
    presence = visits.presence()
    now = time.time()
    presence.mark("a", now)
    presence.mark("b", now - 60)
    presence.mark("gone", now - visits.ONLINE_WINDOW - 1)

    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    block = page.select_one(".visit-counter")
    assert block.h2.get_text() == "Lượt truy cập"
    shown = {el["data-counter"]: el.get_text() for el in block.select("[data-counter]")}
    assert shown == {"online": "2", "today": "51", "total": "7.448.251"}
    assert not (visits_dir / "gone").exists()  # old marks are cleaned up


def test_shown_numbers_are_cached_for_at_most_thirty_seconds(browser, db, settings):
    def shown_total():
        page = BeautifulSoup(browser.get("/").content.decode(), "html.parser")
        return page.select_one('[data-counter="total"]').get_text()

    assert shown_total() == "0"  # this first view is counted after the page is made
    assert shown_total() == "0"  # the cached page, with the cached numbers
    # The numbers may be as old as the page cache's lifetime plus the numbers' own.
    assert settings.CACHE_MIDDLEWARE_SECONDS + visits.STATS_TTL <= 30
    from django.core.cache import cache, caches

    cache.delete(visits.STATS_KEY)  # what expiry does after STATS_TTL seconds
    caches["pages"].clear()  # and after CACHE_MIDDLEWARE_SECONDS
    assert shown_total() == "1"


def test_file_presence_is_shared_through_the_folder(tmp_path):
    first, second = visits.FilePresence(tmp_path), visits.FilePresence(tmp_path)
    now = time.time()
    first.mark("x", now)
    second.mark("y", now)
    first.mark("x", now)  # the same browser again
    assert second.count(now) == 2
    assert first.count(now + visits.ONLINE_WINDOW + 1) == 0
    assert os.listdir(tmp_path) == []


def test_record_new_visit_creates_then_increments_the_days_row(db):
    day = datetime.date(2026, 1, 1)
    for _ in range(3):
        visits.record_new_visit(day)
    assert VisitDay.objects.get(day=day).count == 3


def test_redis_presence_is_shared_by_every_server(redis_url):
    first, second = visits.RedisPresence(redis_url), visits.RedisPresence(redis_url)
    first.client.delete(first.key)
    now = time.time()
    first.mark("x", now)
    second.mark("y", now - 10)
    second.mark("old", now - visits.ONLINE_WINDOW - 1)
    assert first.count(now) == 2
    assert second.count(now + visits.ONLINE_WINDOW) == 1
    first.client.delete(first.key)


def test_file_presence_makes_its_folder_the_first_time_and_after_it_is_emptied(tmp_path):
    import shutil

    folder = tmp_path / "var" / "online"
    presence = visits.FilePresence(folder)
    now = time.time()
    presence.mark("x", now)  # no folder yet
    assert presence.count(now) == 1
    shutil.rmtree(tmp_path / "var")  # an administrator empties var/
    presence.mark("y", now)
    presence.mark("y", now)  # and the second time
    assert presence.count(now) == 1 and os.listdir(folder) == ["y"]
