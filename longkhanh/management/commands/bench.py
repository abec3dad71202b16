"""`manage.py bench`: how fast the portal serves its pages, as in production, at scale.

It builds (or reuses) a dataset of N synthetic articles in the database named by DATABASE_URL,
serves it with gunicorn (the repository's gunicorn.conf.py, DEBUG off, 2 workers), serves beside
it a bare Django view through the same gunicorn setup as the ceiling, and measures each page in
turn with wrk at 32 connections. It prints a table of requests per second, median and 99th
percentile latency, and each page's ratio to the ceiling. It is a benchmark, not a test: it
asserts nothing; docs/PERFORMANCE.md records its latest table.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from longkhanh import reads, visits
from news.models import Article, Category
from news.views import CategoryView

ROOT = Path(settings.BASE_DIR)
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn stopped while starting ({url})")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"{url} did not answer within {seconds} s")


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


class Command(BaseCommand):
    help = "Đo hiệu năng các trang (gunicorn + wrk) trên bộ dữ liệu N bài viết."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--duration", type=int, default=10, help="giây đo mỗi trang")
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, articles, duration, connections, workers, **options):
        if not shutil.which("wrk"):
            raise CommandError("wrk is needed: sudo apt-get install wrk")
        self.prepare(articles)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "WEB_CONCURRENCY": str(workers),
        }
        ceiling_port, portal_port = free_port(), free_port()
        servers = [
            self.start(env, "longkhanh.ceiling:application", ceiling_port),
            self.start(env, "longkhanh.wsgi:application", portal_port),
        ]
        try:
            wait_until_up(f"http://127.0.0.1:{ceiling_port}/", servers[0])
            wait_until_up(f"http://127.0.0.1:{portal_port}/", servers[1])
            self.run_all(ceiling_port, portal_port, duration, connections, workers)
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)

    def prepare(self, articles):
        call_command("migrate", verbosity=0)
        have = Article.objects.published().count()
        if have < articles:
            self.stdout.write(f"Building the dataset: {articles - have} more articles…")
            started = time.monotonic()
            call_command("seed_demo", articles=articles - have, stdout=open(os.devnull, "w"))
            self.stdout.write(f"  done in {time.monotonic() - started:.0f} s")
        call_command("collectstatic", interactive=False, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk insert, on both databases

    def start(self, env, app, port):
        return subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

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
        visit = signing.Signer(salt=visits.SALT).sign(f"bench{'0' * 27}:{int(time.time())}")
        read = signing.Signer(salt=reads.SALT).sign(str(article.pk))
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
        self.stdout.write(
            f"\n{vendor}, {count:,} published articles, wrk -c{connections} -d{duration}s, "
            f"gunicorn {workers} sync workers, "
            f"{os.cpu_count()} CPUs\n"
        )
        self.stdout.write("| page | req/s | p50 ms | p99 ms | errors | × ceiling |")
        self.stdout.write("|---|---:|---:|---:|---:|---:|")
        for name, rate, p50, p99, errors, ratio in rows:
            self.stdout.write(
                f"| {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {ratio:.3f} |"
            )
