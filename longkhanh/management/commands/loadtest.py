"""`manage.py loadtest`: the portal under load and faults, with exact counts afterwards.

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
other than those 503s, or any count off, makes it exit non-zero. Used by `make loadtest` and, with
short durations, by tests/test_loadtest.py.
"""

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

from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from longkhanh import reads, visits
from longkhanh.models import VisitDay
from news.models import Article
from polls.models import Poll, Vote

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120 loadtest"


def tallies(poll):
    return Counter(
        dict(Vote.objects.filter(poll=poll).values_list("choice").annotate(n=Count("id")))
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class Command(BaseCommand):
    help = "Thử tải và sự cố: nhiều kết nối đồng thời, tắt đột ngột một worker, mất cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=60)
        parser.add_argument("--connections", type=int, default=64)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--outage", type=float, default=5, help="giây mất CSDL (PostgreSQL)")

    def handle(self, *args, duration, connections, workers, outage, **options):
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))
        call_command("collectstatic", interactive=False, verbosity=0)
        poll = Poll.objects.open().first()
        choices = list(poll.choices.values_list("pk", flat=True))
        article = Article.objects.published().order_by("-published_at").first()
        today = timezone.localdate()
        visits_before = VisitDay.totals(today)[0]
        votes_before = tallies(poll)

        db = settings.DATABASES["default"]
        relay = None
        database_url = os.environ.get("DATABASE_URL", "")
        if connection.vendor == "postgresql":
            relay = Relay(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432))
            relay.start()
            parts = urllib.parse.urlsplit(database_url)
            netloc = parts.netloc.rsplit("@", 1)
            host = (
                f"{netloc[0]}@127.0.0.1:{relay.port}"
                if len(netloc) == 2
                else (f"127.0.0.1:{relay.port}")
            )
            database_url = urllib.parse.urlunsplit(parts._replace(netloc=host))
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_VISITS_DIR": str(settings.VISITS_PRESENCE_DIR),
            "WEB_CONCURRENCY": str(workers),
        }
        log = Path(settings.BASE_DIR) / "var" / f"loadtest-{port}.log"
        log.parent.mkdir(exist_ok=True)
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],  # fmt: skip
            cwd=settings.BASE_DIR,
            env=env,
            stdout=open(log, "w"),
            stderr=subprocess.STDOUT,
        )
        try:
            self.wait_for(port, server)
            tally = Tally()
            recovery = self.run_load(
                port, tally, duration, connections, server, relay, outage, choices, article, poll
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
            if relay and not relay.open:
                relay.start()

        connection.close()
        visits_after = VisitDay.totals(today)[0]
        votes_after = tallies(poll)
        counted_visits = visits_after - visits_before
        counted_votes = {c: votes_after[c] - votes_before[c] for c in choices}
        problems = []
        if not tally.visits_ok <= counted_visits <= tally.visits_ok + tally.visits_unknown:
            problems.append(
                f"visits: counted {counted_visits}, answered {tally.visits_ok}, "
                f"unanswered {tally.visits_unknown}"
            )
        for choice in choices:
            low, high = tally.votes_ok[choice], tally.votes_ok[choice] + tally.votes_unknown[choice]
            if not low <= counted_votes[choice] <= high:
                problems.append(
                    f"votes for {choice}: counted {counted_votes[choice]}, {low}..{high}"
                )
        if tally.other_5xx:
            problems.append(f"5xx outside the outage: {tally.other_5xx[:5]}")
        if relay is not None and (recovery is None or recovery > 10):
            problems.append(f"not recovered within 10 s of the database's return ({recovery})")
        locked = "database is locked" in log.read_text()
        if locked:
            problems.append('"database is locked" in the server log')

        total = sum(tally.statuses.values())
        self.stdout.write(
            f"{connection.vendor}: {total} requests in {duration:g} s at {connections} "
            f"connections ({total / duration:.0f} req/s); statuses {dict(tally.statuses)}; "
            f"connection errors {tally.errors} (the killed worker's requests in flight)"
        )
        self.stdout.write(
            f"new visits: answered {tally.visits_ok} (+{tally.visits_unknown} uncertain), "
            f"counted {counted_visits}; votes: answered {sum(tally.votes_ok.values())} "
            f"(+{sum(tally.votes_unknown.values())} uncertain), "
            f"counted {sum(counted_votes.values())}"
        )
        if relay is not None:
            self.stdout.write(
                f"database outage of {outage:g} s: {tally.outage_503} answers were 503; "
                f"healthy again {recovery:.1f} s after the database came back"
                if recovery is not None
                else "database outage: never recovered"
            )
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("OK: no 5xx but the outage's 503s, and every count exact.")

    def wait_for(self, port, server, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped while starting")
            try:
                if self.get(port, "/healthz", BROWSER)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise CommandError("gunicorn did not start")

    @staticmethod
    def get(port, path, agent, cookies=None, method="GET", body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        all_headers = {"User-Agent": agent, **(headers or {})}
        if cookies:
            all_headers["Cookie"] = cookies
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            response.read()
            return response.status, response.headers
        finally:
            conn.close()

    def run_load(self, port, tally, duration, connections, server, relay, outage, choices,
                 article, poll):  # fmt: skip
        visit = signing.Signer(salt=visits.SALT).sign(f"returning{'0' * 23}:{int(time.time())}")
        read = signing.Signer(salt=reads.SALT).sign(str(article.pk))
        returning = f"{visits.COOKIE}={visit}; {reads.COOKIE}={read}"
        pages = ["/", article.get_absolute_url(), article.category.get_absolute_url(),
                 "/tim-kiem/?q=cai+cach", "/rss/"]  # fmt: skip
        vote_path = f"/tham-do/{poll.pk}/binh-chon/"
        outage_window = [None, None]
        stop = time.monotonic() + duration

        def client(n):
            rng = random.Random(n)
            while time.monotonic() < stop:
                roll = rng.random()
                kind = "page" if roll < 0.6 else "visit" if roll < 0.8 else "vote"
                choice = rng.choice(choices)
                try:
                    if kind == "page":
                        status, _ = self.get(port, rng.choice(pages), BROWSER, returning)
                    elif kind == "visit":
                        status, headers = self.get(port, "/", f"{BROWSER} {n}-{rng.random()}")
                    else:
                        status, headers = self.get(
                            port,
                            vote_path,
                            f"{BROWSER} {n}",
                            method="POST",
                            body=urllib.parse.urlencode({"choice": choice}),
                            headers={
                                "Content-Type": "application/x-www-form-urlencoded",
                                "Origin": f"http://127.0.0.1:{port}",
                            },
                        )
                except OSError:
                    with tally.lock:
                        tally.errors += 1
                        if kind == "visit":
                            tally.visits_unknown += 1
                        elif kind == "vote":
                            tally.votes_unknown[choice] += 1
                    continue
                in_outage = outage_window[0] is not None and (
                    outage_window[1] is None or time.monotonic() < outage_window[1] + 12
                )
                with tally.lock:
                    tally.statuses[status] += 1
                    if status == 503 and in_outage:
                        tally.outage_503 += 1
                    elif status >= 500:
                        tally.other_5xx.append((kind, status))
                    if kind == "visit" and status == 200:
                        jar = SimpleCookie()
                        for header in headers.get_all("Set-Cookie") or []:
                            jar.load(header)
                        if visits.COOKIE in jar:
                            tally.visits_ok += 1
                        else:
                            # Served without the cookie: the database failed during the write.
                            # The write may still have committed before the link broke.
                            tally.visits_unknown += 1
                    if kind == "vote" and status == 302:
                        tally.votes_ok[choice] += 1
                    elif kind == "vote" and status == 503:
                        tally.votes_unknown[choice] += 1  # same: committed, or not

        threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
        for thread in threads:
            thread.start()
        recovery = None
        time.sleep(duration / 3)
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split()
        if workers:
            os.kill(int(workers[0]), signal.SIGKILL)
        if relay is not None:
            time.sleep(duration / 3)
            outage_window[0] = time.monotonic()
            relay.cut()
            time.sleep(outage)
            relay.start()
            outage_window[1] = back = time.monotonic()
            while time.monotonic() - back < 30:
                try:
                    if self.get(port, "/healthz", BROWSER)[0] == 200:
                        recovery = time.monotonic() - back
                        break
                except OSError:
                    pass
                time.sleep(0.2)
        for thread in threads:
            thread.join()
        return recovery
