"""Server time of one uncached render, and of the admin's article pages, in process.

`python -m tools.renders --articles N [--database URL] [--runs R]` builds (or reuses) the dataset
of N articles (tools/dataset.py) in the database named by --database (else DATABASE_URL), then
times with Django's test client, each the median of R runs:

- renders: an article (random ones), home, a section page at random depths, a search (random
  distinct queries), each right after a save of the newest article (through Article.save(), as
  the admin's save and the bench's writer do): the page cache has nothing, and whatever a save
  retires is made again (the content generation, longkhanh/generation.py; the home page's lists,
  which show that article). As a returning browser that has read the article (no visit or read
  written).
  Then an article and a section page as their first view since the last save: the page cache
  has no copy, the chrome's blocks are kept (what most readers of the archive get);
- admin: the article list, its search, a filter, page 1,000, one article's change form and its
  history, logged in as a superuser (nothing is cached there).

`make bench` runs the same at 100,000 articles (tools/bench.py); this command is the way to
measure at 10,000 or 1,000,000:

    python -m tools.renders --articles 1000000 \
        --database postgres://postgres@127.0.0.1:5432/longkhanh_bench_1m
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RENDER_TARGETS = {
    "article": 5,
    "home": 10,
    "section page": 8,
    "search": 30,
    "document": 5,  # the budgets of the news pages (issue #16)
    "document filters": 8,
    "article, first view": 5,  # the same budgets, for a page no one opened since the last save
    "section page, first view": 8,
}  # ms
# Rendered without a save before each: the page cache has no copy (a page no one opened), but the
# chrome's kept blocks and the shells are warm, as for most of the archive's readers.
FIRST_VIEWS = {"article, first view": "article", "section page, first view": "section page"}
ADMIN_TARGET = 300  # ms


def browser_cookies(article_id=None):
    """A browser already counted today, which has read `article_id` (so a page view writes
    nothing): {name: value}."""
    from longkhanh import cookies, visits
    from news import reads

    jar = {visits.COOKIE: cookies.signed(visits.COOKIE, f"bench{'0' * 27}:{int(time.time())}")}
    if article_id is not None:
        jar[reads.COOKIE] = cookies.signed(reads.COOKIE, str(article_id))
    return jar


def _timed(client, path, **extra):
    started = time.perf_counter()
    response = client.get(path, **extra)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed


def _allow_test_client():
    from django.conf import settings

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def renders(runs, *, articles, sections, searches, seed=14):
    """{page: [ms, …]} of uncached renders. `articles`: (path, id) pairs; `sections`, `searches`:
    paths (searches are used each once: distinct queries)."""
    from django.test import Client

    from news.models import Article
    from tools import dataset

    _allow_test_client()
    rng = random.Random(seed)
    client = Client()
    plan = {
        "article": rng.sample(articles, min(runs, len(articles))),
        "home": [("/", None)] * runs,
        "section page": [(p, None) for p in rng.sample(sections, min(runs, len(sections)))],
        "search": [(p, None) for p in searches[:runs]],
    }
    documents = dataset.document_paths()
    if documents:
        plan["document"] = [(p, None) for p in rng.sample(documents, min(runs, len(documents)))]
        filters = dataset.document_filter_paths(runs + 1, seed=int(time.time()))
        plan["document filters"] = [(p, None) for p in filters[:runs]]
    # One more than timed: the first is the untimed one, so no timed page is in the page cache.
    plan["article, first view"] = rng.sample(articles, min(runs + 1, len(articles)))
    plan["section page, first view"] = [
        (p, None) for p in rng.sample(sections, min(runs + 1, len(sections)))
    ]
    newest = Article.objects.published().order_by("-published_at", "-id").first()
    times = {}
    for name, paths in plan.items():
        # One untimed first render of each kind (templates compiled, connections opened).
        warm_path, warm_id = paths[-1] if name != "search" else (searches[-1], None)
        if name in FIRST_VIEWS:
            warm_path, warm_id = paths.pop()
        if name == "document filters":
            warm_path = "/van-ban/"
        client.cookies.clear()
        for key, value in browser_cookies(warm_id).items():
            client.cookies[key] = value
        newest.save()
        _timed(client, warm_path)
        times[name] = []
        for path, article_id in paths:
            client.cookies.clear()
            for key, value in browser_cookies(article_id).items():
                client.cookies[key] = value
            if name not in FIRST_VIEWS:
                newest.save()
            times[name].append(_timed(client, path))
    return times


def admin_pages(runs):
    """{page: [ms, …]} of the admin's article pages, as a superuser."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from news.models import Article

    _allow_test_client()
    User = get_user_model()
    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = User.objects.create_superuser("bench-admin", "bench@example.invalid", None)
    article = Article.objects.published().order_by("-published_at", "-id").first()
    while article.history.count() < 3:  # a history page with a few versions to show
        article.save()
    client = Client()
    client.force_login(user)
    changelist = reverse("admin:news_article_changelist")
    last_page = (Article.objects.count() - 1) // 100  # the admin's 100 rows a page, from 0
    pages = {
        "article list": changelist,
        "list search (?q=chuyển đổi số)": changelist
        + "?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
        "list filter (?status__exact=published)": changelist + "?status__exact=published",
        f"list page {min(999, last_page) + 1:,} (?p={min(999, last_page)})": (
            changelist + f"?p={min(999, last_page)}"
        ),
        "change form": reverse("admin:news_article_change", args=[article.pk]),
        "history": reverse("admin:news_article_history", args=[article.pk]),
    }
    times = {}
    for name, path in pages.items():
        _timed(client, path)  # untimed first
        times[name] = [_timed(client, path) for _ in range(runs)]
    return times


def median(values):
    return statistics.median(values) if values else float("nan")


def p90(values):
    return sorted(values)[max(0, round(0.9 * len(values)) - 1)] if values else float("nan")


def mark(ok):
    return "✓" if ok else "✗"


def render_table(times):
    lines = [
        "| uncached render | runs | median ms | p90 ms | target | |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for name, values in times.items():
        target = RENDER_TARGETS[name]
        lines.append(
            f"| {name} | {len(values)} | {median(values):.1f} | {p90(values):.1f} | "
            f"≤ {target} | {mark(median(values) <= target)} |"
        )
    return "\n".join(lines)


def admin_table(times):
    lines = ["| admin page | runs | median ms | target | |", "|---|---:|---:|---:|:-:|"]
    for name, values in times.items():
        lines.append(
            f"| {name} | {len(values)} | {median(values):.1f} | ≤ {ADMIN_TARGET} | "
            f"{mark(median(values) <= ADMIN_TARGET)} |"
        )
    return "\n".join(lines)


def samples(runs, seed=14):
    """(articles as (path, id), section paths, search paths) for `renders`."""
    from django.urls import reverse

    from news.models import Article
    from tools import dataset

    rng = random.Random(seed)
    ids = list(Article.objects.published().values_list("pk", "slug"))
    chosen = rng.sample(ids, min(runs + 1, len(ids)))
    articles = [(reverse("news:article", args=[slug]), pk) for pk, slug in chosen]
    sections = dataset.section_paths(per_section=200)
    searches = dataset.search_paths(runs + 1, seed=int(time.time()))  # new queries every run
    return articles, sections, searches


def describe_database():
    from django.db import connection

    from news.models import Article

    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    return f"{vendor}, {Article.objects.published().count():,} published articles"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--database", help="a DATABASE_URL (default: the environment's)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--admin-runs", type=int, default=5)
    options = parser.parse_args(argv)
    if options.database:
        os.environ["DATABASE_URL"] = options.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SITE_URL", "http://127.0.0.1")  # as `make bench`'s servers
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(ROOT / "var/bench/media"))
    os.environ.setdefault("DJANGO_VISITS_DIR", str(ROOT / "var/bench/online"))
    if not os.environ.get("DJANGO_SECRET_KEY") and (ROOT / "var/secret_key").exists():
        os.environ["DJANGO_SECRET_KEY"] = (ROOT / "var/secret_key").read_text().strip()
    import django

    django.setup()
    from django.core.management import call_command

    from tools import dataset

    call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed files
    dataset.ensure(options.articles, documents=options.documents)
    articles, sections, searches = samples(options.runs)
    render_times = renders(options.runs, articles=articles, sections=sections, searches=searches)
    print(f"\n{describe_database()}, in process, DEBUG off\n")
    print(render_table(render_times))
    print()
    print(admin_table(admin_pages(options.admin_runs)))


if __name__ == "__main__":
    sys.exit(main())
