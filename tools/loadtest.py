"""`make loadtest` (`python -m tools.loadtest`): the portal under load and faults, with exact
counts afterwards.

It serves the database named by DATABASE_URL (migrated and seeded here) with gunicorn as in
production, and sends --connections concurrent clients for --duration seconds, mixing page views
by returning browsers, new visitors and votes from new browsers. Meanwhile:

- one gunicorn worker is killed with SIGKILL at a third of the run: only its requests in flight
  may fail, and nothing that was answered may be lost;
- on PostgreSQL, the database is cut off for --outage seconds at two thirds of the run (the site
  talks to it through a TCP relay that this command closes): pages that need it answer 503 with
  the Vietnamese "back in a moment" page, and /healthz must be 200 again within 10 s of its return.

Afterwards the visit counter and the poll tallies are compared with what the clients were told:
every answered new visit and vote is counted, and nothing more than the uncertain ones (no
answer, or an answer saying the database failed, while the write may have committed). Any 5xx
other than those 503s, or any count off, makes it exit non-zero. Used by `make loadtest` and,
with short durations, by tests/test_loadtest.py.
"""

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from longkhanh import cookies, visits  # noqa: E402
from longkhanh.models import VisitDay  # noqa: E402
from news import reads  # noqa: E402
from news.models import Article  # noqa: E402
from polls.models import Poll, Vote  # noqa: E402
from tools import servers  # noqa: E402
from tools.servers import free_port  # noqa: E402

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 loadtest"
RECOVERY_LIMIT = 10  # seconds after the database's return by which /healthz must be 200


def tallies(poll):
    return Counter(
        dict(Vote.objects.filter(poll=poll).values_list("choice").annotate(n=Count("id")))
    )


class Relay:
    """A TCP relay to the database that can be cut and restored (a database outage)."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.open = False
        self.sockets = []
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self):
        self.open = False
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
                except OSError:
                    pass
            self.sockets.clear()

    def _accept(self):
        listener = self.listener
        while self.open:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.close()
                except OSError:
                    pass


class Tally:
    """What the clients were told, under one lock: statuses, and the visits and votes that were
    answered (so must be counted) or are uncertain (may be counted)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.visits_ok = 0
        self.visits_unknown = 0
        self.votes_ok = Counter()
        self.votes_unknown = Counter()
        self.errors = 0
        self.outage_503 = 0
        self.other_5xx = []

    def no_answer(self, kind, choice):
        """A connection error: the killed worker's request in flight; its write is uncertain."""
        with self.lock:
            self.errors += 1
            if kind == "visit":
                self.visits_unknown += 1
            elif kind == "vote":
                self.votes_unknown[choice] += 1

    def answer(self, kind, choice, status, headers, in_outage):
        with self.lock:
            self.statuses[status] += 1
            if status == 503 and in_outage:
                self.outage_503 += 1
            elif status >= 500:
                self.other_5xx.append((kind, status))
            if kind == "visit" and status == 200:
                if visits.COOKIE in set_cookies(headers):
                    self.visits_ok += 1
                else:
                    # Served without the cookie: the database failed during the write, which
                    # may still have committed before the link broke.
                    self.visits_unknown += 1
            elif kind == "vote" and status == 302:
                self.votes_ok[choice] += 1
            elif kind == "vote" and status == 503:
                self.votes_unknown[choice] += 1  # the same: committed, or not


def set_cookies(headers):
    jar = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


class LoadTest:
    def __init__(self, duration, connections, workers, outage):
        self.duration, self.connections = duration, connections
        self.workers, self.outage = workers, outage
        self.tally = Tally()
        self.relay = None
        self.outage_window = [None, None]
        self.recovery = None

    # Before

    def prepare(self):
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("collectstatic", interactive=False, verbosity=0)
        self.poll = Poll.objects.open().first()
        self.choices = list(self.poll.choices.values_list("pk", flat=True))
        self.article = Article.objects.published().order_by("-published_at").first()
        self.today = timezone.localdate()
        self.visits_before = VisitDay.totals(self.today)[0]
        self.votes_before = tallies(self.poll)

    def database_url(self):
        """DATABASE_URL for the site: on PostgreSQL, through a relay that can be cut."""
        url = os.environ.get("DATABASE_URL", "")
        if connection.vendor != "postgresql":
            return url
        db = settings.DATABASES["default"]
        self.relay = Relay(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
        self.relay.start()
        parts = urllib.parse.urlsplit(url)
        credentials = parts.netloc.rsplit("@", 1)
        host = f"127.0.0.1:{self.relay.port}"
        netloc = f"{credentials[0]}@{host}" if len(credentials) == 2 else host
        return urllib.parse.urlunsplit(parts._replace(netloc=netloc))

    def server_env(self):
        return {
            **os.environ,
            "DATABASE_URL": self.database_url(),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_VISITS_DIR": str(settings.VISITS_PRESENCE_DIR),
            "WEB_CONCURRENCY": str(self.workers),
        }

    # During

    def run(self):
        self.prepare()
        self.port = free_port()
        self.log = Path(settings.BASE_DIR) / "var" / f"loadtest-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        try:
            with servers.gunicorn(self.server_env(), port=self.port, log=self.log) as (_, server):
                self.load(server)
        finally:
            if self.relay and not self.relay.open:
                self.relay.start()
        connection.close()
        return self.report(self.problems())

    def load(self, server):
        self.stop_at = time.monotonic() + self.duration
        threads = [threading.Thread(target=self.client, args=(n,)) for n in range(self.connections)]
        for thread in threads:
            thread.start()
        time.sleep(self.duration / 3)
        self.kill_a_worker(server)
        if self.relay is not None:
            time.sleep(self.duration / 3)
            self.cut_the_database()
        for thread in threads:
            thread.join()

    def client(self, n):
        """One connection's loop: 60% page views by a returning browser, 20% new visitors,
        20% votes from new browsers."""
        rng = random.Random(n)
        visit = cookies.signed(visits.COOKIE, f"returning{'0' * 23}:{int(time.time())}")
        read = cookies.signed(reads.COOKIE, str(self.article.pk))
        returning = f"{visits.COOKIE}={visit}; {reads.COOKIE}={read}"
        pages = ["/", self.article.get_absolute_url(), self.article.category.get_absolute_url(),
                 "/tim-kiem/?q=cai+cach", "/rss/"]  # fmt: skip
        while time.monotonic() < self.stop_at:
            roll = rng.random()
            kind = "page" if roll < 0.6 else "visit" if roll < 0.8 else "vote"
            choice = rng.choice(self.choices)
            try:
                if kind == "page":
                    status, headers = self.get(rng.choice(pages), BROWSER, returning)
                elif kind == "visit":
                    status, headers = self.get("/", f"{BROWSER} {n}-{rng.random()}")
                else:
                    status, headers = self.vote(choice, f"{BROWSER} {n}")
            # The killed worker's request in flight: no answer, or (killed while it sent the
            # body) half of one. Its write is uncertain either way.
            except (OSError, http.client.HTTPException):
                self.tally.no_answer(kind, choice)
                continue
            self.tally.answer(kind, choice, status, headers, self.in_outage())

    def get(self, path, agent, cookies=None):
        status, headers, _ = servers.request("127.0.0.1", self.port, path, agent=agent,
                                             cookies=cookies)  # fmt: skip
        return status, headers

    def vote(self, choice, agent):
        status, headers, _ = servers.request(
            "127.0.0.1",
            self.port,
            f"/tham-do/{self.poll.pk}/binh-chon/",
            method="POST",
            agent=agent,
            body=urllib.parse.urlencode({"choice": choice}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
            },
        )
        return status, headers

    def in_outage(self):
        start, end = self.outage_window
        return start is not None and (end is None or time.monotonic() < end + 12)

    def kill_a_worker(self, server):
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        if workers:
            os.kill(int(workers[0]), signal.SIGKILL)

    def cut_the_database(self):
        """The database away for `outage` seconds; then how long until /healthz is 200."""
        self.outage_window[0] = time.monotonic()
        self.relay.cut()
        time.sleep(self.outage)
        self.relay.start()
        self.outage_window[1] = back = time.monotonic()
        while time.monotonic() - back < 30:
            try:
                if self.get("/healthz", BROWSER)[0] == 200:
                    self.recovery = time.monotonic() - back
                    return
            except OSError:
                pass
            time.sleep(0.2)

    # After

    def problems(self):
        tally = self.tally
        self.counted_visits = VisitDay.totals(self.today)[0] - self.visits_before
        after = tallies(self.poll)
        self.counted_votes = {c: after[c] - self.votes_before[c] for c in self.choices}
        problems = []
        if not tally.visits_ok <= self.counted_visits <= tally.visits_ok + tally.visits_unknown:
            problems.append(
                f"visits: counted {self.counted_visits}, answered {tally.visits_ok}, "
                f"unanswered {tally.visits_unknown}"
            )
        for choice in self.choices:
            low = tally.votes_ok[choice]
            high = low + tally.votes_unknown[choice]
            if not low <= self.counted_votes[choice] <= high:
                problems.append(
                    f"votes for {choice}: counted {self.counted_votes[choice]}, {low}..{high}"
                )
        if tally.other_5xx:
            problems.append(f"5xx outside the outage: {tally.other_5xx[:5]}")
        if self.relay is not None and (self.recovery is None or self.recovery > RECOVERY_LIMIT):
            problems.append(
                f"not recovered within {RECOVERY_LIMIT} s of the database's return "
                f"({self.recovery})"
            )
        if "database is locked" in self.log.read_text():
            problems.append('"database is locked" in the server log')
        return problems

    def report(self, problems):
        tally = self.tally
        total = sum(tally.statuses.values())
        print(
            f"{connection.vendor}: {total} requests in {self.duration:g} s at "
            f"{self.connections} connections ({total / self.duration:.0f} req/s); statuses "
            f"{dict(tally.statuses)}; connection errors {tally.errors} (the killed worker's "
            "requests in flight)"
        )
        print(
            f"new visits: answered {tally.visits_ok} (+{tally.visits_unknown} uncertain), "
            f"counted {self.counted_visits}; votes: answered {sum(tally.votes_ok.values())} "
            f"(+{sum(tally.votes_unknown.values())} uncertain), "
            f"counted {sum(self.counted_votes.values())}"
        )
        if self.relay is not None:
            print(
                f"database outage of {self.outage:g} s: {tally.outage_503} answers were 503; "
                f"healthy again {self.recovery:.1f} s after the database came back"
                if self.recovery is not None
                else "database outage: never recovered"
            )
        if problems:
            print("FAILED: " + "; ".join(problems))
            return 1
        print("OK: no 5xx but the outage's 503s, and every count exact.")
        return 0


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--outage", type=float, default=5, help="seconds without the database")
    return parser.parse_args()


if __name__ == "__main__":
    options = arguments()
    sys.exit(LoadTest(options.duration, options.connections, options.workers, options.outage).run())
