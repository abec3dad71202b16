"""Issue #8's budgets that a test can hold: cold-cache queries, page weight, asset weight."""

import gzip
from pathlib import Path

from bs4 import BeautifulSoup
from django.conf import settings

from tests.helpers import SEED_URL, load_demo

SEED = SEED_URL


def test_cold_cache_query_budgets_with_the_full_demo(client, db, django_assert_max_num_queries):
    """Every cache cleared (the autouse fixture), sidebar blocks and visit counting included."""
    load_demo()
    # Each page's own queries plus the chrome's (tests.helpers.CHROME_QUERIES); "Văn bản mới"
    # (documents) added one to each, a block of its own app that no other query can carry; the
    # organisation app two more: its pages in the menu and the wards' block (the same reason);
    # the questions app one: "Hỏi đáp", the newest answers. An article not stored yet is read
    # twice: its stored page (none), then the whole article to render it.
    for url, budget in [("/", 24), ("/chuyen-muc/tin-tuc-su-kien/", 19), (SEED, 20)]:
        from django.core.cache import caches

        for alias in ("default", "pages", "template_fragments"):
            caches[alias].clear()
        with django_assert_max_num_queries(budget):
            assert client.get(url, HTTP_USER_AGENT="Mozilla/5.0 Chrome/120").status_code == 200


def test_page_and_asset_weight(client, db):
    load_demo()
    home = client.get("/").content
    assert len(home) <= 60 * 1024, len(home)
    page = BeautifulSoup(home.decode(), "html.parser")
    for img in page.find_all("img"):
        assert img.get("width") and img.get("height"), img
    assert page.find("meta", attrs={"name": "description"})["content"]
    assert page.find("link", rel="icon")
    blocking = [s for s in page.find_all("script", src=True) if not s.has_attr("defer")]
    assert blocking == []
    assert len(page.find_all("link", rel="stylesheet")) == 1

    static = Path(settings.BASE_DIR) / "static"
    assets = [static / "css" / "site.css", static / "js" / "site.js"]
    compressed = sum(len(gzip.compress(path.read_bytes())) for path in assets)
    assert compressed <= 50 * 1024, compressed
