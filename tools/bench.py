"""`make bench` (`python -m tools.bench`): how fast the portal serves its pages, as in production,
at scale, for hot URLs and for real traffic.

It builds (or reuses, tools/dataset.py) a dataset of N synthetic articles in the database named
by DATABASE_URL, serves it with gunicorn (the repository's gunicorn.conf.py, DEBUG off, 2
workers), serves beside it a bare Django view through the same gunicorn setup (tools/ceiling.py),
and measures with wrk at 32 connections, each row right after the bare view (the ratio's
denominator, measured in the same round, on the same shared machine):

- hot URLs: one fixed URL a row (home, a section, its page 500 by cursor, an article, a search,
  the feed, a sitemap): the page cache answers nearly all of them;
- real traffic, each request a path drawn at random from a file (tools/paths.lua): random
  articles over the whole archive; random section pages at every depth (the cursors' chain of
  every section); random distinct searches, with and without diacritics; the mix (40% home, 45%
  articles, Zipf over the archive, 10% section pages, 5% searches); and the mix while a writer
  saves an article every second (each save retires every cached page).

Then, in process (tools/renders.py): one uncached render of each page type, and the admin's
article pages. It prints Markdown tables with the targets beside each row. It is a benchmark, not
a test: it asserts nothing; docs/PERFORMANCE.md records its latest tables.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# One site address for this process (which renders the stored articles: tools/dataset.py) and
# the servers it starts, which serve them: a stored article carries the address in its version.
os.environ.setdefault("DJANGO_SITE_URL", "http://127.0.0.1")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from news.models import Article, Category  # noqa: E402
from tools import dataset, renders, servers  # noqa: E402

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}
LUA = Path(__file__).resolve().parent / "paths.lua"
SEARCH_POOL = 20_000
MIX_LINES = 100_000

# (least × bare view, most p99 ms) for each kind of row.
HOT = (0.6, 100)
TARGETS = {
    "random articles": (0.25, 100),
    "random section pages": (0.15, 100),
    "random distinct searches": (0.05, 250),
    "mix": (0.3, 100),
    "mix, a save every second": (0.3, 100),
    "random documents": (0.25, 100),
    "random document filters": (0.15, 100),
}


def parse_wrk(output):
    """(requests per second, p50 ms, p99 ms, errors) from `wrk --latency` output; errors are
    non-2xx/3xx answers plus socket errors (timeouts included)."""

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return (
        float(rate.group(1)) if rate else 0.0,
        latency(50),
        latency(99),
        (int(errors.group(1)) if errors else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    )


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per row")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=30, help="uncached renders of each page")
    parser.add_argument("--admin-runs", type=int, default=5)
    return parser.parse_args()


class Bench:
    def __init__(self, stdout=sys.stdout):
        self.stdout = stdout
        self.lines = []
        self.raw = []  # wrk's own output, kept in var/bench/wrk-<database>.txt

    def say(self, text):
        print(text, file=self.stdout, flush=True)

    def out(self, text=""):
        """A line of the results (printed, and kept for var/bench/results-<database>.md)."""
        self.say(text)
        self.lines.append(text)

    def run(self, options):
        if not shutil.which("wrk"):
            sys.exit("wrk is needed: sudo apt-get install wrk")
        started = time.monotonic()
        dataset.ensure(options.articles, say=self.say, documents=options.documents)
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WEB_CONCURRENCY": str(options.workers),
        }
        self.say("Paths of real traffic…")
        with tempfile.TemporaryDirectory(prefix="lk-bench-") as folder:
            files = self.path_files(Path(folder))
            with (
                servers.gunicorn(env, app="tools.ceiling:application") as (ceiling_port, _),
                servers.gunicorn(env) as (portal_port, _),
            ):
                rows = self.measure(ceiling_port, portal_port, files, options)
        self.say("Uncached renders and the admin, in process…")
        articles, sections, searches = renders.samples(options.runs)
        render_times = renders.renders(
            options.runs, articles=articles, sections=sections, searches=searches
        )
        admin_times = renders.admin_pages(options.admin_runs)
        self.report(rows, render_times, admin_times, options, time.monotonic() - started)

    def path_files(self, folder):
        """The hot URLs, and files of paths for the real-traffic rows."""
        articles = dataset.article_paths()
        sections = dataset.section_paths()
        first = Category.objects.order_by("position", "id").first().get_absolute_url()
        chain = [p for p in sections if p.split("?")[0] == first]
        deep = min(500, len(chain))
        searches = dataset.search_paths(SEARCH_POOL, seed=int(time.time()))
        mix_searches = dataset.search_paths(SEARCH_POOL, seed=int(time.time()) + 1)
        middle = articles[len(articles) // 2]
        self.cookie_article = Article.objects.get(slug=middle.rstrip("/").rsplit("/", 1)[1]).pk
        hot = [
            ("home", "/"),
            ("section", first),
            (f"section page {deep} (cursor)", chain[deep - 1]),
            ("article", middle),
            ("search", "/tim-kiem/?q=chuyen+doi+so"),
            ("feed", "/rss/"),
            ("sitemap", "/sitemap-bai-viet.xml"),
        ]
        mix = dataset.mix_paths(
            MIX_LINES, articles=articles, sections=sections, searches=mix_searches
        )
        files = {
            "random articles": dataset.write_paths(articles, folder / "articles.txt"),
            "random section pages": dataset.write_paths(sections, folder / "sections.txt"),
            "random distinct searches": dataset.write_paths(searches, folder / "searches.txt"),
            "mix": dataset.write_paths(mix, folder / "mix.txt"),
        }
        documents = dataset.document_paths()
        if documents:
            filters = dataset.document_filter_paths(SEARCH_POOL // 4, seed=int(time.time()))
            files["random documents"] = dataset.write_paths(documents, folder / "documents.txt")
            files["random document filters"] = dataset.write_paths(filters, folder / "filters.txt")
        self.say(
            f"  {len(articles):,} articles, {len(sections):,} section pages "
            f"({len(chain):,} in the first section), {len(searches):,} distinct searches"
        )
        return hot, files

    def wrk(self, url, duration, connections, cookie=None, paths=None):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
        command += ["--latency", "-H", "User-Agent: Mozilla/5.0 (bench) Chrome/120"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        if paths:
            command += ["-s", str(LUA), url, "--", str(paths)]
        else:
            command.append(url)
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        self.raw.append(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}")
        return parse_wrk(result.stdout)

    def drain(self, port):
        """Waits until the workers have answered what wrk left queued when it stopped (slow
        pages keep a sync worker busy after their client is gone): the next row starts on idle
        workers."""
        started = time.monotonic()
        while time.monotonic() - started < 300:
            try:
                status = servers.request("127.0.0.1", port, "/healthz", agent="bench-drain")[0]
            except OSError:
                status = None
            if status == 200:
                break
        if time.monotonic() - started > 2:
            self.say(f"  (workers busy {time.monotonic() - started:.0f} s after the row)")

    def measure(self, ceiling_port, portal_port, files, options):
        hot, path_files = files
        base = f"http://127.0.0.1:{portal_port}"
        bare = f"http://127.0.0.1:{ceiling_port}/"
        for _, path in hot:  # warm up: renditions, caches, connections
            urllib.request.urlopen(base + path, timeout=120).read()
        jar = renders.browser_cookies(self.cookie_article)
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        d, c = options.duration, options.connections
        rows = []

        def row(kind, name, target, url, paths=None, writing=False):
            ceiling = self.wrk(bare, d, c)
            if writing:
                stop, saves = threading.Event(), []
                writer = threading.Thread(target=save_every_second, args=(stop, saves))
                writer.start()
            try:
                measured = self.wrk(url, d, c, cookie, paths)
            finally:
                if writing:
                    stop.set()
                    writer.join()
                    self.saves = len(saves)
            self.drain(portal_port)
            rows.append((kind, name, target, measured, ceiling))
            rate, p50, p99, errors = measured
            self.say(
                f"  {name}: {rate:,.0f} req/s (bare view {ceiling[0]:,.0f}), p50 {p50:.1f} ms, "
                f"p99 {p99:.1f} ms, {errors} errors"
            )

        for name, path in hot:
            target = (HOT[0], 250 if name == "search" else HOT[1])
            row("hot", name, target, base + path)
        for name, paths in path_files.items():
            row("traffic", name, TARGETS[name], base, paths)
        name = "mix, a save every second"
        row("traffic", name, TARGETS[name], base, path_files["mix"], writing=True)
        return rows

    def report(self, rows, render_times, admin_times, options, seconds):
        vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        count = Article.objects.published().count()
        self.out(
            f"\n{vendor}, {count:,} published articles, `wrk -t2 -c{options.connections} "
            f"-d{options.duration}s --timeout 10s`, gunicorn {options.workers} sync workers, "
            f"{os.cpu_count()} CPUs; each row right after its bare view (the ceiling)\n"
        )
        header = (
            "| {title} | req/s | p50 ms | p99 ms | errors | bare view req/s | × bare view "
            "| target | |\n|---|---:|---:|---:|---:|---:|---:|---|:-:|"
        )
        for kind, title in (("hot", "hot URL"), ("traffic", "real traffic")):
            self.out(header.format(title=title))
            for row_kind, name, (least, p99_most), measured, ceiling in rows:
                if row_kind != kind:
                    continue
                rate, p50, p99, errors = measured
                ratio = rate / ceiling[0] if ceiling[0] else 0.0
                ok = ratio >= least and p99 <= p99_most and not errors
                self.out(
                    f"| {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | "
                    f"{ceiling[0]:,.0f} | {ratio:.3f} | ≥ {least}, p99 ≤ {p99_most} | "
                    f"{renders.mark(ok)} |"
                )
            self.out()
        self.out(f"The writer saved an article {self.saves} times during its row.\n")
        self.out(renders.render_table(render_times))
        self.out()
        self.out(renders.admin_table(admin_times))
        self.out(f"\n{vendor} part of `make bench`: {seconds / 60:.1f} min.")
        results = Path(settings.BASE_DIR) / "var" / "bench" / f"results-{connection.vendor}.md"
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text("\n".join(self.lines) + "\n")
        results.with_name(f"wrk-{connection.vendor}.txt").write_text("\n".join(self.raw))


def save_every_second(stop, saves):
    """The editors' side of the "a save every second" row: the newest article saved through
    Article.save() (a new version, and the content generation bumped, as the admin's save does),
    once a second."""
    try:
        article = Article.objects.published().order_by("-published_at", "-id").first()
        while not stop.wait(1.0):
            article.save()
            saves.append(time.monotonic())
    finally:
        connection.close()


if __name__ == "__main__":
    Bench().run(arguments())
