"""What search engines and link previews read on the home, section and article pages."""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from PIL import Image

from longkhanh import site_url
from longkhanh.demo import FOOTER
from longkhanh.models import SiteSettings
from news.models import Article, Category
from tests.helpers import SEED_URL, load_demo

SEED = SEED_URL
SECTION = "/chuyen-muc/cai-cach-hanh-chinh/"
SITE_TITLE = "Trang thông tin điện tử Thành phố Long Khánh"


@pytest.fixture
def seeded(db):
    load_demo()


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def meta(page, **attrs):
    tags = page.find_all("meta", attrs=attrs)
    assert len(tags) == 1, attrs
    return tags[0]["content"]


def json_ld(page):
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def by_type(blocks, kind):
    [block] = [b for b in blocks if b["@type"] == kind]
    return block


def fetch_image(client, url):
    """The image an absolute URL of this site points to, opened with Pillow."""
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return Image.open(io.BytesIO(content))


def assert_organization(client, org):
    """The agency as the home page and every article name it (publisher)."""
    assert org["@type"] == "GovernmentOrganization"
    assert org["name"] == SITE_TITLE
    assert org["url"] == "http://testserver/"
    assert org["email"] == FOOTER["email"]
    assert org["telephone"] == FOOTER["phones"]
    assert org["address"]["@type"] == "PostalAddress"
    assert org["address"]["streetAddress"] == FOOTER["address"]
    assert org["address"]["addressCountry"] == "VN"
    assert org["areaServed"]["name"] == "Long Khánh"
    assert org["areaServed"]["containedInPlace"]["name"] == "Đồng Nai"
    logo = org["logo"]
    assert logo["url"].startswith("http://testserver/static/img/") and logo["url"].endswith(".png")
    image = fetch_image(client, logo["url"])
    assert image.format == "PNG"
    assert min(image.size) >= 112  # Google's least size for a logo


def test_home_page_metadata(client, seeded):
    page = read(client, "/")
    assert page.find("link", rel="canonical")["href"] == "http://testserver/"
    assert meta(page, property="og:type") == "website"
    assert meta(page, property="og:url") == "http://testserver/"
    assert meta(page, property="og:title") == SITE_TITLE
    assert meta(page, property="og:site_name") == SITE_TITLE
    assert meta(page, property="og:locale") == "vi_VN"
    assert meta(page, property="og:description") == meta(page, name="description")
    assert "Long Khánh" in meta(page, name="description")
    image = fetch_image(client, meta(page, property="og:image"))
    assert image.size == (
        int(meta(page, property="og:image:width")),
        int(meta(page, property="og:image:height")),
    )
    assert meta(page, property="og:image:alt") == f"Biểu trưng {SITE_TITLE}"
    assert meta(page, name="twitter:card") == "summary"
    assert meta(page, name="twitter:image") == meta(page, property="og:image")
    assert meta(page, name="twitter:title") == SITE_TITLE

    blocks = json_ld(page)
    assert sorted(b["@type"] for b in blocks) == ["GovernmentOrganization", "WebSite"]
    website = by_type(blocks, "WebSite")
    assert website["url"] == "http://testserver/"
    assert website["name"] == SITE_TITLE
    assert website["inLanguage"] == "vi"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == ("http://testserver/tim-kiem/?q={search_term_string}")
    assert action["query-input"] == "required name=search_term_string"
    organization = by_type(blocks, "GovernmentOrganization")
    assert website["publisher"] == {"@id": organization["@id"]}
    assert_organization(client, organization)


def test_the_search_action_leads_to_real_results(client, seeded):
    website = by_type(json_ld(read(client, "/")), "WebSite")
    template = website["potentialAction"]["target"]["urlTemplate"]
    results = read(client, template.replace("{search_term_string}", "cai cach hanh chinh"))
    titles = [a.get_text() for a in results.select(".article-list .card__title a")]
    assert "Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm" in titles


def test_section_page_metadata(client, seeded):
    category = Category.objects.get(slug="cai-cach-hanh-chinh")
    page = read(client, SECTION)
    canonical = f"http://testserver{SECTION}"
    assert page.find("link", rel="canonical")["href"] == canonical
    assert meta(page, property="og:url") == canonical
    assert meta(page, property="og:type") == "website"
    assert meta(page, property="og:title") == "Cải cách hành chính"
    assert meta(page, property="og:description") == category.description
    assert meta(page, name="description") == category.description
    assert meta(page, property="og:image:alt")
    assert meta(page, name="twitter:card") == "summary"

    blocks = json_ld(page)
    collection = by_type(blocks, "CollectionPage")
    assert collection["url"] == canonical
    assert collection["name"] == "Cải cách hành chính"
    assert collection["isPartOf"]["url"] == "http://testserver/"
    shown = [
        (a.get_text(), f"http://testserver{a['href']}") for a in page.select(".article-list h2 a")
    ]
    listed = collection["mainEntity"]["itemListElement"]
    assert [(item["name"], item["url"]) for item in listed] == shown
    assert [item["position"] for item in listed] == list(range(1, len(shown) + 1))
    crumbs = by_type(blocks, "BreadcrumbList")["itemListElement"]
    assert [(c["name"], c["item"]) for c in crumbs] == [
        ("Trang chủ", "http://testserver/"),
        ("Cải cách hành chính", canonical),
    ]


def test_each_page_of_a_section_is_its_own_canonical_page(client, make_article, make_category):
    economy = make_category("Kinh tế")
    for n in range(20):  # 15 a page: two pages
        make_article(f"Tin kinh tế {n:02d}", category=economy, days_ago=n + 1)
    first = read(client, "/chuyen-muc/kinh-te/")
    assert first.find("link", rel="canonical")["href"] == "http://testserver/chuyen-muc/kinh-te/"
    assert read(client, "/chuyen-muc/kinh-te/?page=1").find("link", rel="canonical")["href"] == (
        "http://testserver/chuyen-muc/kinh-te/"
    )

    older = first.select_one('.pagination a[rel="next"]')["href"]
    second = read(client, "/chuyen-muc/kinh-te/" + older)
    canonical = "http://testserver/chuyen-muc/kinh-te/" + older
    assert second.find("link", rel="canonical")["href"] == canonical
    assert meta(second, property="og:url") == canonical
    newest = timezone.localtime(Article.objects.get(title="Tin kinh tế 15").published_at)
    assert meta(second, property="og:title") == (f"Kinh tế – tin từ {newest:%d/%m/%Y} trở về trước")
    assert second.title.get_text().startswith(meta(second, property="og:title") + " – ")
    collection = by_type(json_ld(second), "CollectionPage")
    assert collection["url"] == canonical
    names = [item["name"] for item in collection["mainEntity"]["itemListElement"]]
    assert names == [f"Tin kinh tế {n:02d}" for n in range(15, 20)]


def test_the_article_names_its_publisher_and_three_crops_of_its_photo(client, seeded):
    page = read(client, SEED)
    news = by_type(json_ld(page), "NewsArticle")
    assert_organization(client, news["publisher"])
    assert news["author"] == {
        "@type": "Person",
        "name": "Danh Lộc",
        "url": "http://testserver/tac-gia/danh-loc/",
    }

    # The seed's photos are 1280 × 720: the 16:9 crop is 1200 wide, the others as wide as the
    # photo's height allows (never upscaled).
    crops = [fetch_image(client, url) for url in news["image"]]
    assert [image.size for image in crops] == [(1200, 675), (960, 720), (720, 720)]
    assert all(image.format == "JPEG" for image in crops)

    assert meta(page, property="og:image") == news["image"][0]
    assert meta(page, property="og:image:width") == "1200"
    assert meta(page, property="og:image:height") == "675"
    article = Article.objects.get(slug=SEED.split("/")[2])
    first_photo = article.photos.order_by("position", "id").first()
    assert meta(page, property="og:image:alt") == first_photo.alt_text
    assert meta(page, name="twitter:image:alt") == first_photo.alt_text
    assert meta(page, name="twitter:card") == "summary_large_image"
    assert meta(page, property="og:type") == "article"


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((2400, 1600), [(1200, 675), (1200, 900), (1200, 1200)]),
        ((640, 360), [(640, 360), (480, 360), (360, 360)]),
        ((900, 1600), [(900, 506), (900, 675), (900, 900)]),
    ],
    ids=["large", "small", "portrait"],
)
def test_share_crops_reach_1200_px_when_the_photo_allows_and_are_never_upscaled(
    client, make_article, size, expected
):
    from news.models import Photo
    from tests.conftest import image_upload

    article = make_article("Bài có ảnh")
    Photo.objects.create(article=article, image=image_upload(size=size), alt_text="Ảnh thử")
    news = by_type(json_ld(read(client, article.get_absolute_url())), "NewsArticle")
    assert [fetch_image(client, url).size for url in news["image"]] == expected


def test_an_article_without_photos_has_no_image_and_a_small_card(client, make_article):
    page = read(client, make_article("Bài không ảnh").get_absolute_url())
    assert "image" not in by_type(json_ld(page), "NewsArticle")
    assert not page.find("meta", property="og:image")
    assert meta(page, name="twitter:card") == "summary"


def test_metadata_without_saved_site_settings_leaves_out_empty_details(client, make_article):
    assert not SiteSettings.objects.exists()
    org = by_type(json_ld(read(client, "/")), "GovernmentOrganization")
    assert org["name"] == SITE_TITLE
    assert not {"address", "email", "telephone"} & set(org)
    news = by_type(json_ld(read(client, make_article("Bài").get_absolute_url())), "NewsArticle")
    assert news["publisher"]["url"] == "http://testserver/"


ABSOLUTE = re.compile(r"(?:https?:)?//[^\s\"'<>,]+")


def test_every_absolute_url_in_the_metadata_comes_from_one_helper(
    client, seeded, make_article, monkeypatch
):
    """A later change will take the address from the settings: it must only change the helper."""
    monkeypatch.setattr(
        site_url, "absolute_url", lambda request, path: f"https://longkhanh.example{path}"
    )
    for url in ["/", SECTION, SEED, "/chuyen-muc/kinh-te/?page=1", "/khong-co/", "/robots.txt"]:
        html = client.get(url).content.decode()
        head = html.split("</head>")[0] if "</head>" in html else html
        found = [u for u in ABSOLUTE.findall(head) if "schema.org" not in u]
        assert found, url
        assert all(u.startswith("https://longkhanh.example/") for u in found), (url, found)
        assert "testserver" not in head


def test_the_footer_links_to_the_feeds(client, seeded):
    home = read(client, "/")
    feeds = {a.get_text(strip=True): a["href"] for a in home.select("footer .site-footer__feeds a")}
    assert feeds == {"Tin mới qua RSS": "/rss/", "RSS là gì? Tất cả các kênh tin": "/kenh-rss/"}
    section = read(client, SECTION)
    feeds = {
        a.get_text(strip=True): a["href"] for a in section.select("footer .site-footer__feeds a")
    }
    assert feeds == {
        "Tin mới qua RSS": "/rss/",
        "Chuyên mục Cải cách hành chính qua RSS": "/rss/cai-cach-hanh-chinh/",
        "RSS là gì? Tất cả các kênh tin": "/kenh-rss/",
    }
    for href in list(feeds.values())[:2]:
        response = client.get(href)
        assert response["Content-Type"].startswith("application/rss+xml")
    advertised = [link["href"] for link in section.find_all("link", type="application/rss+xml")]
    assert advertised == ["http://testserver/rss/", "http://testserver/rss/cai-cach-hanh-chinh/"]


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        (SEED, f"http://testserver{SEED}"),
        ("/", "http://testserver/"),
        ("/chuyen-muc/cai-cach-hanh-chinh/?page=1&utm_source=x", f"http://testserver{SECTION}"),
        (
            "/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B",
            "http://testserver/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B",
        ),
    ],
)
def test_the_footer_carries_the_page_address_for_print(client, seeded, url, printed):
    footer = read(client, url).select_one("footer.site-footer")
    assert footer.select_one(".print-only").get_text(strip=True) == f"Đường dẫn trang: {printed}"


def test_a_title_with_markup_stays_inside_its_structured_data(client, make_article, make_category):
    """Titles are the editors' text: `</script>`, `<` and `&` in one never end the JSON-LD
    block early, and the data still reads back as the title, on the article and its section."""
    title = "Thông báo </script><script>alert(1)</script> & <b>khẩn</b>"
    section = make_category("Thông báo")
    article = make_article(title, category=section)
    for url in (article.get_absolute_url(), section.get_absolute_url()):
        html = client.get(url).content.decode()
        scripts = html.split('<script type="application/ld+json">')[1:]
        assert scripts, url
        for script in scripts:
            text = script.split("</script>", 1)[0]
            assert "<" not in text and "&" not in text, url
            json.loads(text)
        names = json.dumps(json_ld(BeautifulSoup(html, "html.parser")), ensure_ascii=False)
        assert json.dumps(title, ensure_ascii=False)[1:-1] in names, url
