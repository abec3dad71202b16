"""`python -m tools.searchbench`: how long one uncached search page takes, in process, at scale.

It builds (or reuses) N synthetic articles in the database named by DATABASE_URL, as `make bench`
does (`seed_demo --articles`), then renders the search view for a set of queries, each many
times, with no page cache (the view called directly, its template rendered; the chrome's small
caches warm, as on a live site), and prints the median and 90th percentile per query.
A benchmark, not a test: it asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from longkhanh.models import SearchEntry  # noqa: E402
from news.models import Article, Category  # noqa: E402
from news.views import CategoryView, SearchView  # noqa: E402

QUERIES = [
    ("a phrase of three words", {"q": "chuyen doi so"}),
    ("two syllables", {"q": "ho so"}),
    ("with diacritics", {"q": "cải cách hành chính"}),
    ("in every article", {"q": "thanh pho"}),
    ("in every article, page 60", {"q": "thanh pho", "page": "60"}),
    ("quoted phrase", {"q": '"dich vu cong truc tuyen"'}),
    ("with an exclusion", {"q": "cong tac -kiem"}),
    ("rare", {"q": "phuong suoi tre khuyen hoc"}),
    ("nothing found", {"q": "khong co gi ca"}),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    have = Article.objects.published().count()
    if have < options.articles:
        print(f"Building the dataset: {options.articles - have} more articles…", flush=True)
        call_command("seed_demo", articles=options.articles - have, stdout=open(os.devnull, "w"))
    if SearchEntry.objects.count() < Article.objects.published().count():
        call_command("rebuild_search_index", stdout=open(os.devnull, "w"))
    call_command("collectstatic", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    factory = RequestFactory()
    search_view = SearchView.as_view()
    section = Category.objects.order_by("position").first()
    section_view = CategoryView.as_view()
    vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
    print(
        f"\n{vendor}, {Article.objects.published().count():,} published articles, "
        f"{SearchEntry.objects.count():,} search entries, {options.runs} renders a query\n"
    )
    print("| page | results | median ms | p90 ms | CPU median ms |")
    print("|---|---|---:|---:|---:|")
    pages = [
        ("reference: the section page (15 cards, no search)", section_view, {}, section.slug)
    ] + [(f"{name}: `{params}`", search_view, params, None) for name, params in QUERIES]
    medians = []
    for name, view, params, slug in pages:
        timings, cpu = [], []
        for _ in range(options.runs + 2):
            path = section.get_absolute_url() if slug else "/tim-kiem/"
            request = factory.get(path, params)
            started, started_cpu = time.perf_counter(), time.process_time()
            response = view(request, slug=slug) if slug else view(request)
            response.render()
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        timings = sorted(timings[2:])  # the first two warm the chrome's caches
        median = statistics.median(timings)
        p90 = timings[int(len(timings) * 0.9) - 1]
        if slug:
            summary = ""
        else:
            medians.append(median)
            summary = f"{response.context_data['paginator'].count:,}"
            if response.context_data["capped"]:
                summary = f"> {summary}"
        print(
            f"| {name} | {summary} | {median:.1f} | {p90:.1f} | {statistics.median(cpu[2:]):.1f} |",
            flush=True,
        )
    print(f"\nsearch pages, median of the medians: {statistics.median(medians):.1f} ms")
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
