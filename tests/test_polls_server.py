"""Votes from many new browsers at once, at several gunicorn workers: tallies exact."""

import threading
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie

from bs4 import BeautifulSoup

from tests import servers
from tests.servers import gunicorn, portal_env

VOTERS = 60


def cookies_of(headers):
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {key: morsel.value for key, morsel in jar.items()}


def test_sixty_new_browsers_vote_at_once_and_every_vote_counts_once(tmp_path):
    with portal_env(tmp_path) as env:
        with gunicorn(env, tmp_path, workers=3) as (host, port, _):
            origin = f"http://{host}:{port}"
            status, _, body = servers.request(host, port, "/")
            assert status == 200
            form = BeautifulSoup(body.decode(), "html.parser").select_one("form.poll-form")
            action = form["action"]
            choices = [radio["value"] for radio in form.select('input[name="choice"]')]
            results_path = form.find("a", string="Xem kết quả")["href"]

            def post(choice, cookies=None, headers=None):
                body = urllib.parse.urlencode({"choice": choice})
                return servers.request(
                    host,
                    port,
                    action,
                    method="POST",
                    body=body,
                    cookies=cookies,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": origin,
                        **(headers or {}),
                    },
                )

            start = threading.Barrier(VOTERS)

            def voter(n):
                choice = choices[n % len(choices)]
                start.wait()
                status, headers, _ = post(choice)
                cookies = cookies_of(headers)
                # The same browser again, for another choice: it must not count.
                again, _, _ = post(choices[(n + 1) % len(choices)], cookies=cookies)
                return status, again

            with ThreadPoolExecutor(max_workers=VOTERS) as pool:
                statuses = list(pool.map(voter, range(VOTERS)))
            assert statuses == [(302, 302)] * VOTERS

            # A cross-site vote and bogus choices: refused, nothing counted.
            assert post(choices[0], headers={"Origin": "https://evil.example"})[0] == 403
            for bogus in ["", "abc", "-1", "999999", "9" * 50]:
                assert post(bogus)[0] == 400

            _, _, body = servers.request(host, port, results_path)
            page = BeautifulSoup(body.decode(), "html.parser")
            shown = {
                row["data-choice"]: int(row["data-votes"]) for row in page.select("[data-choice]")
            }

    expected = Counter(dict.fromkeys(choices, 0))
    for n in range(VOTERS):
        expected[choices[n % len(choices)]] += 1
    assert shown == dict(expected)
    assert sum(shown.values()) == VOTERS
