"""RSS, sitemap, robots.txt and article metadata: how feed readers and search engines see us."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from news.models import Article
from tests.helpers import SEED_URL, load_demo

SEED = SEED_URL
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def seed():
    load_demo()


def test_the_feed_is_rss_with_the_seed_article_and_absolute_links(client, db):
    seed()
    response = client.get("/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("language") == "vi"
    assert channel.findtext("link") == "http://testserver/"
    items = channel.findall("item")
    assert Article.objects.published().count() > 20
    assert len(items) == 20
    links = [item.findtext("link") for item in items]
    assert all(link.startswith("http://testserver/tin-tuc/") for link in links)
    seed_item = next(item for item in items if item.findtext("link") == f"http://testserver{SEED}")
    assert seed_item.findtext("title") == (
        "Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm"
    )
    assert seed_item.findtext("description").startswith("Sáng 16/6, UBND thành phố")
    assert seed_item.findtext("pubDate") == "Thu, 16 Jun 2022 03:30:00 +0000"
    creator = seed_item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert "Danh Lộc" in (seed_item.findtext("author") or creator or "")


def test_the_newest_twenty_in_order(client, make_article):
    for n in range(25):
        make_article(f"Bài {n:02d}", days_ago=n + 1)
    make_article("Bài hẹn giờ", days_ago=-1)
    make_article("Bài nháp", status=Article.Status.DRAFT)
    titles = [i.findtext("title") for i in ET.fromstring(client.get("/rss/").content).iter("item")]
    assert titles == [f"Bài {n:02d}" for n in range(20)]


def test_each_section_has_its_feed(client, make_article, make_category):
    economy = make_category("Kinh tế")
    make_article("Tin kinh tế", category=economy)
    make_article("Tin khác")
    response = client.get(f"/rss/{economy.slug}/")
    rss = ET.fromstring(response.content)
    assert [i.findtext("title") for i in rss.iter("item")] == ["Tin kinh tế"]
    assert rss.find("channel").findtext("title").startswith("Kinh tế – ")
    assert client.get("/rss/khong-co/").status_code == 404


def test_every_page_advertises_the_feed(client, make_article):
    article = make_article("Bài")
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/x/"]:
        page = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        feeds = page.find_all("link", rel="alternate", type="application/rss+xml")
        assert "http://testserver/rss/" in [f["href"] for f in feeds]
    section = BeautifulSoup(client.get(article.category.get_absolute_url()).content, "html.parser")
    hrefs = [f["href"] for f in section.find_all("link", type="application/rss+xml")]
    assert f"http://testserver/rss/{article.category.slug}/" in hrefs


def test_the_sitemap_lists_sections_and_the_seed_article_with_lastmod(client, db):
    seed()
    index = ET.fromstring(client.get("/sitemap.xml").content)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    assert parts == [
        "http://testserver/sitemap-trang-chu.xml",
        "http://testserver/sitemap-chuyen-muc.xml",
        "http://testserver/sitemap-bai-viet.xml",
        "http://testserver/sitemap-van-ban.xml",
        "http://testserver/sitemap-gioi-thieu.xml",
        "http://testserver/sitemap-trang.xml",
        "http://testserver/sitemap-don-vi.xml",
        "http://testserver/sitemap-en.xml",
        "http://testserver/sitemap-hoi-dap.xml",
    ]
    urls = {}
    for part in parts:
        xml = ET.fromstring(client.get(part.removeprefix("http://testserver")).content)
        for url in xml.findall("s:url", SITEMAP_NS):
            urls[url.findtext("s:loc", namespaces=SITEMAP_NS)] = url.findtext(
                "s:lastmod", namespaces=SITEMAP_NS
            )
    assert urls[f"http://testserver{SEED}"].startswith("2022-06-16")
    newest = Article.objects.published().latest("updated_at").updated_at
    assert urls["http://testserver/"] == timezone.localdate(newest).isoformat()
    assert "http://testserver/chuyen-muc/cai-cach-hanh-chinh/" in urls
    assert len([u for u in urls if "/tin-tuc/" in u]) == Article.objects.published().count()


def test_unpublished_articles_are_not_in_the_sitemap(client, make_article):
    make_article("Nháp", status=Article.Status.DRAFT)
    make_article("Hẹn giờ", days_ago=-1)
    make_article("Công khai")
    xml = client.get("/sitemap-bai-viet.xml").content.decode()
    assert "/tin-tuc/cong-khai/" in xml
    assert "/tin-tuc/nhap/" not in xml and "/tin-tuc/hen-gio/" not in xml


def test_robots_txt_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_article_metadata(client, db):
    seed()
    page = BeautifulSoup(client.get(SEED).content.decode(), "html.parser")
    canonical = f"http://testserver{SEED}"
    assert page.find("link", rel="canonical")["href"] == canonical

    def meta(**attrs):
        return page.find("meta", attrs=attrs)["content"]

    assert meta(name="description").startswith("Sáng 16/6, UBND thành phố tổ chức Hội nghị")
    assert meta(property="og:title").startswith("Hội nghị đánh giá kết quả")
    assert meta(property="og:type") == "article"
    assert meta(property="og:url") == canonical
    assert meta(property="og:description") == meta(name="description")
    image = meta(property="og:image")
    assert image.startswith("http://testserver/media/renditions/") and image.endswith(".jpg")
    assert client.get(image.removeprefix("http://testserver")).status_code == 200
    assert meta(name="twitter:card") == "summary_large_image"
    assert meta(name="twitter:image") == image

    blocks = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    news, crumbs = blocks
    assert news["@type"] == "NewsArticle"
    assert news["headline"].startswith("Hội nghị đánh giá kết quả")
    assert news["datePublished"].startswith("2022-06-16T10:30:00")
    assert news["dateModified"]
    assert news["author"] == {
        "@type": "Person",
        "name": "Danh Lộc",
        "url": "http://testserver/tac-gia/danh-loc/",
    }
    assert news["image"][0] == image
    assert news["publisher"]["name"] == "Trang thông tin điện tử Thành phố Long Khánh"
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Trang chủ",
        "Cải cách hành chính",
        news["headline"],
    ]
    breadcrumb = page.select_one('nav.breadcrumb[aria-label="Vị trí trang"]')
    assert [a.get_text() for a in breadcrumb.find_all("a")] == ["Trang chủ", "Cải cách hành chính"]


def test_json_ld_cannot_break_out_of_its_script(client, make_article):
    article = make_article("</script><script>alert(1)</script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    page = BeautifulSoup(html, "html.parser")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["headline"] == "</script><script>alert(1)</script>"


def test_every_article_offers_printing(client, make_article):
    article = make_article("Bài")
    page = BeautifulSoup(client.get(article.get_absolute_url()).content.decode(), "html.parser")
    button = page.find("button", attrs={"data-print": True})
    assert button.get_text() == "In bài viết"


HOSTILE = '"><img src=x onerror=alert(1)>'


def as_reader_renders(feed_text):
    """What a feed reader shows: RSS titles and descriptions are HTML (decoded once from XML)."""
    return BeautifulSoup(feed_text or "", "html.parser")


def test_plain_text_reaches_feed_readers_as_text(client, make_article, make_category):
    section = make_category(f"Chuyên mục {HOSTILE}", description=f"Mô tả {HOSTILE}")
    make_article(f"Tiêu đề {HOSTILE} & <b>đậm</b>", category=section, summary=f"Tóm tắt {HOSTILE}")
    # No summary: the description is the body's text, whose escaped markup must stay text too.
    make_article(
        "Bài không tóm tắt",
        category=section,
        summary="",
        body="<p>Gõ &lt;img src=x onerror=alert(2)&gt; vào ô tìm kiếm.</p>",
        days_ago=2,
    )
    for url in ["/rss/", f"/rss/{section.slug}/"]:
        channel = ET.fromstring(client.get(url).content).find("channel")
        fields = [channel.findtext("title"), channel.findtext("description")]
        for item in channel.findall("item"):
            fields += [item.findtext("title"), item.findtext("description")]
        for text in fields:
            shown = as_reader_renders(text)
            assert not shown.find_all(True), (url, text)  # no element at all: only text
        items = channel.findall("item")
        shown = [as_reader_renders(i.findtext("title")).get_text() for i in items]
        assert shown == [f"Tiêu đề {HOSTILE} & <b>đậm</b>", "Bài không tóm tắt"]
        descriptions = [as_reader_renders(i.findtext("description")).get_text() for i in items]
        assert descriptions == [
            f"Tóm tắt {HOSTILE}",
            "Gõ <img src=x onerror=alert(2)> vào ô tìm kiếm.",
        ]
    section_feed = ET.fromstring(client.get(f"/rss/{section.slug}/").content).find("channel")
    assert as_reader_renders(section_feed.findtext("description")).get_text() == (
        f"Mô tả {HOSTILE}"
    )


# Absolute URLs come from the configured site address, never from the request's Host.

SITE = "https://longkhanh.example"
ATOM = "{http://www.w3.org/2005/Atom}"


def absolute_urls_served(client, host):
    """Every absolute URL in the feeds, the sitemaps, robots.txt and the pages' canonical and
    OpenGraph tags, as served to a request with `Host: host`."""
    get = lambda path: client.get(path, HTTP_HOST=host)  # noqa: E731
    found = []
    for path in ["/rss/", "/rss/cai-cach-hanh-chinh/"]:
        channel = ET.fromstring(get(path).content).find("channel")
        found += [channel.findtext("link"), channel.find(f"{ATOM}link").get("href")]
        for item in channel.findall("item"):
            found += [item.findtext("link"), item.findtext("guid")]
    index = ET.fromstring(get("/sitemap.xml").content)
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    found += parts
    for part in parts:
        path = part.split("/", 3)[-1]
        found += [
            loc.text
            for loc in ET.fromstring(get(f"/{path}").content).iter(f"{{{SITEMAP_NS['s']}}}loc")
        ]
    robots = get("/robots.txt").content.decode()
    found += [line.split(" ", 1)[1] for line in robots.splitlines() if line.startswith("Sitemap:")]
    for path in ["/", "/chuyen-muc/cai-cach-hanh-chinh/", SEED]:
        page = BeautifulSoup(get(path).content.decode(), "html.parser")
        found.append(page.find("link", rel="canonical")["href"])
        found.append(page.find("meta", property="og:url")["content"])
        found += [link["href"] for link in page.find_all("link", type="application/rss+xml")]
    return found


def test_absolute_urls_follow_the_site_address_not_the_host(client, db, settings):
    seed()
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
    for host in ["testserver", "127.0.0.1:6666", "LOCALHOST", "localhost.", "localhost"]:
        found = absolute_urls_served(client, host)
        assert len(found) > 40
        wrong = [url for url in found if not url.startswith(f"{SITE}/")]
        assert wrong == [], host
        assert f"{SITE}/sitemap.xml" in found and f"{SITE}{SEED}" in found


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/tin-tuc/bai-viet/", f"{SITE}/tin-tuc/bai-viet/"),
        ("/tim-kiem/?q=hồ+sơ", f"{SITE}/tim-kiem/?q=hồ+sơ"),
        ("media/anh.jpg", f"{SITE}/media/anh.jpg"),
        ("//cdn.example.vn/anh.jpg", "https://cdn.example.vn/anh.jpg"),
        ("https://kho-anh.example.vn/anh.jpg", "https://kho-anh.example.vn/anh.jpg"),
    ],
)
def test_an_absolute_url_is_on_the_sites_address_unless_it_has_its_own(settings, path, expected):
    from longkhanh.site_url import absolute_url

    settings.SITE_URL = SITE
    assert absolute_url(None, path) == expected


@pytest.mark.parametrize("drafts_after", [0, 3, 60])  # the fallback past the newest 50 changes
def test_last_changed_is_the_newest_public_change_however_many_drafts_follow(
    make_article, drafts_after
):
    from news.sitemaps import latest_update

    old = make_article("Bài cũ", days_ago=30)
    edited = make_article("Bài được sửa", days_ago=20)
    edited.summary = "Sửa lại"
    edited.save()
    for n in range(drafts_after):
        make_article(f"Bản nháp {n}", status=Article.Status.DRAFT, published_at=None)
    assert latest_update() == Article.objects.get(pk=edited.pk).updated_at > old.updated_at


def test_a_sitemap_is_kept_five_minutes_but_a_save_retires_it(
    client, make_article, monkeypatch, django_assert_num_queries
):
    """Crawlers read sitemaps every few hours: a page of them is kept 5 minutes, not the 15 s
    of every other page (1,000 addresses are not listed again every 15 s); an article published
    or taken down still shows in it on the next request."""
    import time

    from django.core.cache.backends import locmem
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = make_article("Bài thứ nhất")
    path = "/sitemap-bai-viet.xml"
    assert first.get_absolute_url() in client.get(path).content.decode()
    assert first.get_absolute_url() in client.get(first.get_absolute_url()).content.decode()

    class Later:  # the page cache's clock, a minute on
        @staticmethod
        def time():
            return time.time() + 60

    monkeypatch.setattr(locmem, "time", Later)
    with django_assert_num_queries(0):
        assert first.get_absolute_url() in client.get(path).content.decode()
    with CaptureQueriesContext(connection) as queries:  # an article page: made again
        assert client.get(first.get_absolute_url()).status_code == 200
    assert len(queries) > 0
    monkeypatch.undo()

    second = make_article("Bài thứ hai")
    assert second.get_absolute_url() in client.get(path).content.decode()
    first.status = first.Status.DRAFT
    first.save()
    assert first.get_absolute_url() not in client.get(path).content.decode()
