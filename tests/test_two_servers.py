"""Two servers sharing one database and one Redis: the counter and the tallies stay exact."""

import contextlib
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from bs4 import BeautifulSoup

from longkhanh import visits
from tests import servers
from tests.helpers import COUNT_VISITS
from tests.servers import gunicorn, manage, portal_env

VISITORS_EACH = 40
VOTES_EACH = 30
HARNESS = "test-harness-bot"  # the test's own page views are not visits


def test_two_servers_share_one_count_and_one_tally(tmp_path, redis_url):
    presence = visits.RedisPresence(redis_url)
    presence.client.delete(presence.key)
    with portal_env(tmp_path, REDIS_URL=redis_url) as env:
        with contextlib.ExitStack() as stack:
            ports = [
                stack.enter_context(gunicorn(env, tmp_path / f"s{n}", workers=2))[:2]
                for n in range(2)
            ]
            _, _, body = servers.request(*ports[0], "/", agent=HARNESS)
            form = BeautifulSoup(body.decode(), "html.parser").select_one("form.poll-form")
            choices = [radio["value"] for radio in form.select('input[name="choice"]')]

            jobs = []
            for host, port in ports:
                jobs += [("visit", host, port, n) for n in range(VISITORS_EACH)]
                jobs += [("vote", host, port, n) for n in range(VOTES_EACH)]
            start = threading.Barrier(len(jobs))

            def run(job):
                kind, host, port, n = job
                start.wait()
                if kind == "visit":
                    return servers.request(host, port, "/", agent=f"Mozilla/5.0 Chrome/{n}")[0]
                body = urllib.parse.urlencode({"choice": choices[n % len(choices)]})
                return servers.request(
                    host,
                    port,
                    form["action"],
                    method="POST",
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"http://{host}:{port}",
                    },
                )[0]

            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                statuses = list(pool.map(run, jobs))
            online = presence.count(time.time())
            results_path = form.find("a", string="Xem kết quả")["href"]
            _, _, results = servers.request(*ports[1], results_path, agent=HARNESS)

        # Votes are POSTs, not page views: only the GETs are visits.
        assert Counter(statuses) == Counter({200: 2 * VISITORS_EACH, 302: 2 * VOTES_EACH})
        visits_now = manage(env, "shell", "-v", "0", "-c", COUNT_VISITS).strip()
        assert visits_now == f"({2 * VISITORS_EACH}, {2 * VISITORS_EACH})"
        assert online == 2 * VISITORS_EACH

        shown = {
            row["data-choice"]: int(row["data-votes"])
            for row in BeautifulSoup(results.decode(), "html.parser").select("[data-choice]")
        }
        expected = Counter(dict.fromkeys(choices, 0))
        for n in range(VOTES_EACH):
            expected[choices[n % len(choices)]] += 2
        assert shown == dict(expected)
    presence.client.delete(presence.key)
