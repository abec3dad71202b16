"""The benchmark's pieces (tools/dataset.py, tools/paths.lua): a tiny dataset, and every path
they make for wrk answers 200; section pages are exactly the chain of cursors the pages link."""

import http.server
import shutil
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from longkhanh.models import SearchEntry
from longkhanh.text import slugify_vi
from news.models import Article, Category
from tools import dataset

LUA = Path(dataset.__file__).with_name("paths.lua")


@pytest.fixture
def tiny(db):
    for position, (name, slug) in enumerate([("Tin tức", "tin-tuc"), ("Kinh tế", "kinh-te")]):
        Category.objects.create(name=name, slug=slug, position=position)
    before = indexes()
    dataset.generate(70, say=lambda text: None, pool_size=1, pixels=(320, 180))
    # PostgreSQL: the search's GIN index, set aside during the build, is back.
    assert indexes() == before
    return Article.objects.published()


def indexes():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Article._meta.db_table))


def test_rows_are_what_save_writes_and_every_public_one_is_in_the_search_index(tiny):
    assert SearchEntry.objects.count() == tiny.count() > 0
    for article in Article.objects.all():
        assert article.slug.rsplit("-", 1)[0] == slugify_vi(article.title, 150)
        assert article.author_slug == slugify_vi(article.author, max_length=150)
        assert article.created_at == article.updated_at
        assert article.published_at in (None, article.created_at)
    assert Article.objects.exclude(status=Article.Status.PUBLISHED).exists()
    # The ids were given by the generator: the database's own next one comes after them.
    newest = Article.objects.order_by("-id").first().pk
    assert Article.objects.create(title="Bài mới", category=Category.objects.first()).pk > newest
    assert Article.objects.filter(photos__isnull=False).exists()


def test_every_article_path_answers(tiny, client):
    paths = dataset.article_paths()
    assert len(paths) == tiny.count() == len(set(paths))
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_section_paths_are_the_chain_of_cursors_to_the_last_page(tiny, client):
    paths = dataset.section_paths()
    walked = []
    for category in Category.objects.order_by("position", "id"):
        url = category.get_absolute_url()
        while url:
            response = client.get(url)
            assert response.status_code == 200, url
            walked.append(url)
            older = response.context["page"]["older_url"]
            url = category.get_absolute_url() + older if older else None
    assert paths == walked
    assert len(walked) >= 4  # several pages a section: the cursors are exercised
    # Sampled: the first and the last page of each section among them.
    sampled = dataset.section_paths(per_section=2)
    assert set(sampled) <= set(walked)
    assert walked[0] in sampled and walked[-1] in sampled


def test_searches_are_distinct_and_answer(tiny, client):
    paths = dataset.search_paths(24)
    assert len(set(paths)) == 24
    queries = dataset.search_queries(24)
    assert any(q.isascii() for q in queries) and not all(q.isascii() for q in queries)
    found = 0
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found += bool(response.context["hits"])
    assert found >= 6  # the vocabulary's queries find the vocabulary's articles
    assert len(set(dataset.search_queries(3000))) == 3000  # a large pool of distinct ones


def test_mix_has_its_proportions(tiny):
    articles = dataset.article_paths()
    mix = dataset.mix_paths(
        1000, articles=articles, sections=dataset.section_paths(), searches=["/tim-kiem/?q=a"]
    )
    kinds = Counter(
        "home" if p == "/" else p.split("/")[1] if not p.startswith("/tim") else "search"
        for p in mix
    )
    assert kinds == {"home": 400, "tin-tuc": 450, "chuyen-muc": 100, "search": 50}
    # Zipf: the newest article is the one most read.
    read = Counter(p for p in mix if p.startswith("/tin-tuc/"))
    assert read.most_common(1)[0][0] == articles[0]


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")
def test_wrk_script_asks_for_the_file_s_paths_at_random(tmp_path):
    asked = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    paths = [f"/p/{n}/?q=%C4%91" for n in range(20)]
    listing = dataset.write_paths(paths, tmp_path / "paths.txt")
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t1",
                "-c2",
                "-d3s",
                "-s",
                str(LUA),
                f"http://127.0.0.1:{server.server_port}",
                "--",
                str(listing),
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    assert asked and set(asked) <= set(paths)
    # Uniform over the file, not one path: 60 requests or more (the usual case) ask for at least
    # 15 of the 20 paths; on a machine so loaded that wrk made fewer, a quarter of them differ.
    assert len(asked) >= 8
    assert len(set(asked)) >= min(15, len(asked) // 4)


def test_building_never_flushes_a_site_s_database(tiny, monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "longkhanh")
    count = Article.objects.count()
    with pytest.raises(SystemExit, match="bench did not make"):
        dataset.ensure(10, say=lambda text: None)
    assert Article.objects.count() == count


def test_documents_are_what_save_writes_and_their_paths_answer(db, client):
    """The documents of the bench (random documents, random filters): made in bulk, found by
    the search as a save would make them findable, every page and filter answering 200."""
    from documents import demo as documents_demo
    from documents.models import Document

    documents_demo.load()
    dataset.generate_documents(60, say=lambda text: None)
    made = Document.objects.exclude(number__in=[row[1] for row in documents_demo.DOCUMENTS])
    assert made.count() == 60
    for document in made[:10]:
        saved_key, saved_slug = document.number_key, document.slug
        document.save()  # what save() writes is what the generator wrote
        assert (document.number_key, document.slug) == (saved_key, saved_slug)
    newest = Document.objects.order_by("-id").first().pk
    extra = Document.objects.create(number="1/TB", doc_type=made[0].doc_type, issuer=made[0].issuer,
                                    summary="Mới", issued_on="2026-01-01")  # fmt: skip
    assert extra.pk > newest
    paths = dataset.document_paths()
    assert len(paths) == Document.objects.published().count()
    for path in paths[:20]:
        assert client.get(path).status_code == 200, path
    filters = dataset.document_filter_paths(40, seed=3)
    assert len(set(filters)) == 40
    for path in filters:
        assert client.get(path).status_code == 200, path
    entry = made.first()
    assert client.get("/van-ban/", {"q": entry.number}).content.decode().count(entry.number) >= 1
