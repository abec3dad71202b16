"""`make bench` (`python -m tools.bench`): how fast the portal serves its pages, as in production,
at scale.

It builds (or reuses) a dataset of N synthetic articles in the database named by DATABASE_URL,
serves it with gunicorn (the repository's gunicorn.conf.py, DEBUG off, 2 workers), serves beside
it a bare Django view through the same gunicorn setup as the ceiling, and measures each page in
turn with wrk at 32 connections. It prints a table of requests per second, median and 99th
percentile latency, and each page's ratio to the ceiling. It is a benchmark, not a test: it
asserts nothing; docs/PERFORMANCE.md records its latest table.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from longkhanh import cookies, visits  # noqa: E402
from news import reads  # noqa: E402
from news.models import Article, Category  # noqa: E402
from news.views import CategoryView  # noqa: E402
from tools import servers  # noqa: E402

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(output):
    """(requests per second, p50 ms, p99 ms, non-2xx/3xx count) from `wrk --latency` output."""

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return (
        float(rate.group(1)) if rate else 0.0,
        latency(50),
        latency(99),
        int(errors.group(1)) if errors else 0,
    )


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per page")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    return parser.parse_args()


class Bench:
    def __init__(self, stdout=sys.stdout):
        self.stdout = stdout

    def say(self, text):
        print(text, file=self.stdout, flush=True)

    def run(self, articles, duration, connections, workers):
        if not shutil.which("wrk"):
            sys.exit("wrk is needed: sudo apt-get install wrk")
        self.prepare(articles)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WEB_CONCURRENCY": str(workers),
        }
        with (
            servers.gunicorn(env, app="tools.ceiling:application") as (ceiling_port, _),
            servers.gunicorn(env) as (portal_port, _),
        ):
            self.run_all(ceiling_port, portal_port, duration, connections, workers)

    def prepare(self, articles):
        call_command("migrate", verbosity=0)
        have = Article.objects.published().count()
        if have < articles:
            self.say(f"Building the dataset: {articles - have} more articles…")
            started = time.monotonic()
            call_command("seed_demo", articles=articles - have, stdout=open(os.devnull, "w"))
            self.say(f"  done in {time.monotonic() - started:.0f} s")
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk insert, on both databases

    def pages(self):
        section = Category.objects.order_by("position").first()
        in_section = Article.objects.published().filter(category=section).count()
        deep = min(500, max(1, -(-in_section // CategoryView.paginate_by)))
        middle = Article.objects.published().order_by("-published_at")[
            Article.objects.published().count() // 2
        ]
        return [
            ("home", "/"),
            ("section", section.get_absolute_url()),
            (f"section page {deep}", f"{section.get_absolute_url()}?page={deep}"),
            ("article", middle.get_absolute_url()),
            ("search", "/tim-kiem/?q=chuyen+doi+so"),
            ("feed", "/rss/"),
            ("sitemap", "/sitemap-bai-viet.xml"),
        ], middle

    def wrk(self, url, duration, connections, cookie=None):
        command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url]
        command += ["-H", "User-Agent: Mozilla/5.0 (bench) Chrome/120"]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        return parse_wrk(result.stdout)

    def returning_browser(self, article):
        """Cookies of a browser already counted today, which has read `article`."""
        visit = cookies.signed(visits.COOKIE, f"bench{'0' * 27}:{int(time.time())}")
        read = cookies.signed(reads.COOKIE, str(article.pk))
        return f"{visits.COOKIE}={visit}; {reads.COOKIE}={read}"

    def run_all(self, ceiling_port, portal_port, duration, connections, workers):
        pages, article = self.pages()
        base = f"http://127.0.0.1:{portal_port}"
        for _, path in pages:  # warm up: renditions, caches, connections
            urllib.request.urlopen(base + path, timeout=120).read()
        ceiling = self.wrk(f"http://127.0.0.1:{ceiling_port}/", duration, connections)
        rows = [("bare Django view (ceiling)", *ceiling, 1.0)]
        for name, path in pages:
            rate, p50, p99, errors = self.wrk(
                base + path, duration, connections, self.returning_browser(article)
            )
            rows.append((name, rate, p50, p99, errors, rate / ceiling[0] if ceiling[0] else 0))

        vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        count = Article.objects.published().count()
        self.say(
            f"\n{vendor}, {count:,} published articles, wrk -c{connections} -d{duration}s, "
            f"gunicorn {workers} sync workers, "
            f"{os.cpu_count()} CPUs\n"
        )
        self.say("| page | req/s | p50 ms | p99 ms | errors | × ceiling |")
        self.say("|---|---:|---:|---:|---:|---:|")
        for name, rate, p50, p99, errors, ratio in rows:
            self.say(f"| {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {ratio:.3f} |")


if __name__ == "__main__":
    options = arguments()
    Bench().run(options.articles, options.duration, options.connections, options.workers)
