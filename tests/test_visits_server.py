"""The visit counter under a burst of new browsers at several gunicorn workers at once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

import pytest

from longkhanh import visits
from tests import servers
from tests.helpers import COUNT_VISITS, SEED_URL
from tests.servers import gunicorn, manage, portal_env

SEED_ARTICLE = SEED_URL
COUNT_READS = (
    "from news.models import ReadCount; "
    f"print(ReadCount.objects.get(article__slug='{SEED_URL.rstrip('/').rsplit('/', 1)[1]}').count)"
)
BROWSERS = 100
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; YandexBot/3.0)",
]


def burst(host, port):
    """100 new browsers, each opening two pages, and 30 crawler requests, all at once."""
    start = threading.Barrier(BROWSERS + len(BOTS) * 10)

    def browser(n):
        agent = f"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.{n}"
        start.wait()
        first, headers, _ = servers.request(host, port, "/", agent=agent)
        jar = SimpleCookie()
        for header in headers.get_all("Set-Cookie") or []:
            jar.load(header)
        cookies = {key: morsel.value for key, morsel in jar.items()}
        second, _, _ = servers.request(host, port, SEED_ARTICLE, agent=agent, cookies=cookies)
        return [first, second], visits.COOKIE in cookies

    def crawler(agent):
        start.wait()
        return [servers.request(host, port, SEED_ARTICLE, agent=agent)[0]], False

    with ThreadPoolExecutor(max_workers=BROWSERS + len(BOTS) * 10) as pool:
        jobs = [pool.submit(browser, n) for n in range(BROWSERS)]
        jobs += [pool.submit(crawler, agent) for agent in BOTS * 10]
        return [job.result() for job in jobs]


@pytest.mark.parametrize("with_redis", [False, True], ids=["embedded", "redis"])
def test_a_burst_of_new_browsers_counts_exactly(tmp_path, request, with_redis):
    extra = {}
    if with_redis:
        url = request.getfixturevalue("redis_url")
        visits.RedisPresence(url).client.delete(visits.RedisPresence.key)
        extra["REDIS_URL"] = url
    # Reads are written only when the workers exit (the timer's batches: test_reads.py).
    with portal_env(tmp_path, DJANGO_READS_FLUSH_SECONDS="3600", **extra) as env:
        assert manage(env, "shell", "-v", "0", "-c", COUNT_VISITS).strip() == "(0, 0)"

        with gunicorn(env, tmp_path, workers=3) as (host, port, log):
            results = burst(host, port)
            server_log = log.read_text()

        statuses = [status for result, _ in results for status in result]
        assert statuses == [200] * (BROWSERS * 2 + len(BOTS) * 10)
        assert sum(got_cookie for _, got_cookie in results) == BROWSERS
        assert "database is locked" not in server_log
        assert (
            manage(env, "shell", "-v", "0", "-c", COUNT_VISITS).strip()
            == f"({BROWSERS}, {BROWSERS})"
        )
        # Each browser read the article once: the workers held the reads and wrote them as
        # they exited when the server stopped (atexit: news/reads.py).
        assert manage(env, "shell", "-v", "0", "-c", COUNT_READS).strip() == str(BROWSERS)
