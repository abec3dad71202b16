import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error

from longkhanh import generation
from news.models import Article
from tests.helpers import soup

# Home


def test_home_shows_featured_articles_and_the_latest_of_each_section(
    client, make_article, make_category
):
    economy, culture = make_category("Kinh tế"), make_category("Văn hóa - Xã hội")
    featured = make_article("Tin nổi bật", category=economy, featured=True, photos=1)
    older = make_article("Tin kinh tế cũ", category=economy, days_ago=5)
    culture_news = make_article("Tin văn hóa", category=culture)
    make_article("Tin nháp", category=culture, status=Article.Status.DRAFT)

    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "vi"
    slides = page.select(".featured .featured__slide a")
    assert [a["href"] for a in slides] == [featured.get_absolute_url()]
    sections = {
        section.h2.get_text(strip=True): [a.get_text(strip=True) for a in section.select("h3 a")]
        for section in page.select("section.home-section")
    }
    assert sections == {
        "Kinh tế": ["Tin nổi bật", "Tin kinh tế cũ"],
        "Văn hóa - Xã hội": ["Tin văn hóa"],
    }
    assert older.title in response.content.decode()
    assert culture_news.get_absolute_url() in response.content.decode()
    assert "Tin nháp" not in response.content.decode()


def test_home_lists_each_sections_five_newest_public_articles(client, make_article, make_category):
    """Every section's list, in one query for all of them: the five newest public articles,
    newest first (the id breaks a tie), never a draft or a scheduled one; a featured article is
    also in its section's list; a section with nothing public is left out."""
    economy, culture, empty = (make_category(n) for n in ("Kinh tế", "Văn hóa", "Trống"))
    same_time = timezone.now() - datetime.timedelta(days=3)
    expected = [make_article(f"Kinh tế {n}", category=economy, days_ago=n) for n in (1, 2)]
    tied = [make_article("Kinh tế cùng giờ 1", category=economy, published_at=same_time)]
    tied.append(make_article("Kinh tế cùng giờ 2", category=economy, published_at=same_time))
    expected += [tied[1], tied[0]]  # the same minute: the newer id first
    expected.append(make_article("Kinh tế nổi bật", category=economy, days_ago=4, featured=True))
    make_article("Kinh tế cũ thứ sáu", category=economy, days_ago=9)
    make_article("Kinh tế hẹn giờ", category=economy, days_ago=-1)
    make_article("Kinh tế nháp", category=economy, status=Article.Status.DRAFT)
    culture_news = make_article("Văn hóa 1", category=culture)
    make_article("Trống nháp", category=empty, status=Article.Status.REVIEW)

    page = soup(client.get("/"))
    sections = {
        section.h2.get_text(strip=True): [a.get_text(strip=True) for a in section.select("h3 a")]
        for section in page.select("section.home-section")
    }
    assert sections == {
        "Kinh tế": [article.title for article in expected],
        "Văn hóa": [culture_news.title],
    }
    slides = [a.get_text(strip=True) for a in page.select(".featured .featured__slide a")]
    assert slides == ["Kinh tế nổi bật"]

    # The second time, after a save moved an article to another section: both lists follow.
    expected[0].category = culture
    expected[0].save()
    page = soup(client.get("/"))
    sections = {
        section.h2.get_text(strip=True): [a.get_text(strip=True) for a in section.select("h3 a")]
        for section in page.select("section.home-section")
    }
    assert sections["Kinh tế"] == [a.title for a in expected[1:]] + ["Kinh tế cũ thứ sáu"]
    assert sections["Văn hóa"] == ["Văn hóa 1", "Kinh tế 1"]  # made a moment later: newer


def test_a_save_rebuilds_the_home_page_only_when_it_shows_the_article(
    client, make_article, make_category, django_assert_num_queries
):
    """The home page's own part is kept per version of its lists: saving an article it does not
    show costs it one query (its lists' ids); saving one it shows, or a new article, or an
    unpublished one, shows at once."""
    economy = make_category("Kinh tế")
    shown = [make_article(f"Tin {n}", category=economy, days_ago=n, photos=1) for n in range(5)]
    old = make_article("Tin cũ ngoài trang chủ", category=economy, days_ago=30)
    assert client.get("/").status_code == 200

    old.title = "Tin cũ đã sửa"
    old.save()
    with django_assert_num_queries(2):  # its lists' ids; "most read" (kept per content save)
        page = client.get("/").content.decode()
    assert "Tin cũ" not in page and "Tin 4" in page

    shown[2].title = "Tin 2 đã sửa"  # the first edit, then the second
    shown[2].save()
    assert "Tin 2 đã sửa" in client.get("/").content.decode()
    shown[2].title = "Tin 2 sửa lần hai"
    shown[2].save()
    page = client.get("/").content.decode()
    assert "Tin 2 sửa lần hai" in page and "Tin 2 đã sửa" not in page

    shown[0].status = Article.Status.DRAFT  # taken down: gone, the next one moves up
    shown[0].save()
    page = client.get("/").content.decode()
    assert shown[0].get_absolute_url() not in page and old.get_absolute_url() in page
    make_article("Tin mới nhất", category=economy, days_ago=0)
    assert "Tin mới nhất" in client.get("/").content.decode()


def test_home_without_articles_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Chưa có bài viết nào được xuất bản." in response.content.decode()


# Section page


def test_section_page_lists_its_published_articles_newest_first(
    client, make_article, make_category
):
    section = make_category("Thông báo", description="Thông báo của UBND thành phố")
    other = make_category("Kinh tế")
    make_article("Thông báo cũ", category=section, days_ago=3)
    make_article("Thông báo mới", category=section, days_ago=1)
    make_article("Thông báo hẹn giờ", category=section, days_ago=-1)
    make_article("Tin kinh tế", category=other)

    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    titles = [a.get_text(strip=True) for a in soup(response).select(".article-list h2 a")]
    assert titles == ["Thông báo mới", "Thông báo cũ"]
    assert soup(response).h1.get_text(strip=True) == "Thông báo"


def test_a_section_is_read_page_by_page_from_the_newest_to_the_oldest(
    client, make_article, make_category
):
    section = make_category("Tin tức")
    for n in range(40):
        make_article(f"Bài số {n:02d}", category=section, days_ago=n + 1)

    seen, url, pages = [], section.get_absolute_url(), 0
    while url:
        page = soup(client.get(url if url.startswith("/") else section.get_absolute_url() + url))
        seen += [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
        pages += 1
        older = page.select_one('.pagination a[rel="next"]')
        url = older["href"] if older else None
    assert seen == [f"Bài số {n:02d}" for n in range(40)]  # every one once, newest first
    assert pages == 3

    # back towards the newest, from the last page
    back = [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
    newer = page.select_one('.pagination a[rel="prev"]')["href"]
    previous = soup(client.get(section.get_absolute_url() + newer))
    assert [a.get_text(strip=True) for a in previous.select(".article-list h2 a")] == [
        f"Bài số {n:02d}" for n in range(15, 30)
    ]
    assert back == [f"Bài số {n:02d}" for n in range(30, 40)]
    assert page.select_one(".pagination a").get_text() == "« Tin mới nhất"
    # and back again to the newest: the first page itself, at its own address, not a copy of it
    # at `?sau=` calling itself a page of older articles
    newest = previous.select_one('.pagination a[rel="prev"]')["href"]
    response = client.get(section.get_absolute_url() + newest)
    assert response.status_code == 302 and response["Location"] == section.get_absolute_url()


@pytest.mark.parametrize("microsecond", [0, 123456])
def test_articles_published_at_the_same_moment_are_each_shown_once_across_pages(
    client, make_article, make_category, microsecond
):
    """An import publishes many articles at one time: a page's edge falls between them, and the
    cursor (time, id) still shows each once, forwards and back (with and without a fraction of a
    second, as the databases keep the time as given)."""
    section = make_category("Tin tức")
    moment = timezone.now().replace(microsecond=microsecond) - datetime.timedelta(hours=1)
    made = [make_article(f"Bài cùng giờ {n:02d}", category=section, published_at=moment)
            for n in range(33)]  # fmt: skip
    expected = [a.title for a in sorted(made, key=lambda a: a.pk, reverse=True)]
    seen, url, pages = [], section.get_absolute_url(), []
    while url:
        page = soup(client.get(url if url.startswith("/") else section.get_absolute_url() + url))
        pages.append(page)
        seen += [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
        older = page.select_one('.pagination a[rel="next"]')
        url = older["href"] if older else None
    assert seen == expected and len(pages) == 3
    newer = pages[-1].select_one('.pagination a[rel="prev"]')["href"]
    back = soup(client.get(section.get_absolute_url() + newer))
    assert [a.get_text(strip=True) for a in back.select(".article-list h2 a")] == expected[15:30]


def test_a_cursor_later_than_now_shows_no_scheduled_article(client, make_article, make_category):
    """A page of older articles is bounded by its cursor's time or by now, whichever is earlier
    (news.stored.section_rows): a cursor a few hours ahead, typed by hand or kept from a
    scheduled article's time, must not reveal what is scheduled."""
    section = make_category("Tin tức")
    shown = [make_article(f"Bài đã đăng {n}", category=section, days_ago=n + 1) for n in range(3)]
    scheduled = make_article("Bài hẹn giờ", category=section, days_ago=-0.1)
    later = timezone.now() + datetime.timedelta(hours=6)
    micros = (later - datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)) // datetime.timedelta(
        microseconds=1
    )

    for cursor in (f"{micros}-{scheduled.pk + 1}", f"{micros}-1"):
        page = soup(client.get(f"{section.get_absolute_url()}?truoc={cursor}"))

        titles = [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
        assert titles == [a.title for a in shown]


def test_a_hand_typed_newer_cursor_offers_no_older_link_to_nothing(
    client, make_article, make_category
):
    section = make_category("Tin tức")
    for n in range(20):
        make_article(f"Bài số {n:02d}", category=section, days_ago=n + 1)

    page = soup(client.get(section.get_absolute_url() + "?sau=0-0"))  # newer than 1970

    # the 15 oldest, newest first, with a way back to the newer ones and none to older ones
    titles = [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
    assert titles == [f"Bài số {n:02d}" for n in range(5, 20)]
    assert page.select_one('.pagination a[rel="next"]') is None
    newer = page.select_one('.pagination a[rel="prev"]')["href"]
    # the newer ones are the newest: the first page, which links to older articles
    response = client.get(section.get_absolute_url() + newer, follow=True)
    assert response.redirect_chain == [(section.get_absolute_url(), 302)]
    back = soup(response)
    titles = [a.get_text(strip=True) for a in back.select(".article-list h2 a")]
    assert titles == [f"Bài số {n:02d}" for n in range(0, 15)]
    assert back.select_one('.pagination a[rel="next"]') is not None


def test_old_numbered_links_lead_to_the_same_articles(client, make_article, make_category):
    section = make_category("Tin tức")
    for n in range(20):
        make_article(f"Bài số {n:02d}", category=section, days_ago=n + 1)
    response = client.get(section.get_absolute_url() + "?page=2")
    assert response.status_code == 302  # not permanent: where page 2 is moves (below)
    page = soup(client.get(response["Location"]))
    titles = [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
    assert titles == [f"Bài số {n:02d}" for n in range(15, 20)]

    make_article("Bài mới nhất", category=section, days_ago=0)  # page 2 starts one earlier now
    moved = client.get(section.get_absolute_url() + "?page=2")
    assert moved.status_code == 302 and moved["Location"] != response["Location"]
    page = soup(client.get(moved["Location"]))
    titles = [a.get_text(strip=True) for a in page.select(".article-list h2 a")]
    assert titles == [f"Bài số {n:02d}" for n in range(14, 20)]


@pytest.mark.parametrize(
    "query",
    ["page=3", "page=0", "page=-1", "page=abc", "page=99999999999999999999", "truoc=abc",
     "truoc=1-", "truoc=99999999999999999-1", "truoc=%00", "sau=1.5-2", "truoc=1000-1"],
)  # fmt: skip
def test_a_section_page_that_is_not_there_is_404(client, make_article, make_category, query):
    section = make_category("Tin tức")
    make_article("Một bài", category=section)
    response = client.get(f"{section.get_absolute_url()}?{query}")
    assert response.status_code == 404


def test_unknown_section_is_404(client, db):
    assert client.get("/chuyen-muc/khong-co/").status_code == 404


def test_a_sections_new_address_and_a_new_section_answer_right_after_their_save(
    client, make_article, make_category
):
    """Sections are found among those kept under the chrome generation (Category.by_slug):
    a save changes it, so the next request finds what was saved, the second save too."""
    section = make_category("Tin tức")
    make_article("Một bài", category=section)
    old = section.get_absolute_url()
    assert client.get(old).status_code == 200
    for slug in ("tin-moi", "tin-moi-nhat"):
        section.slug = slug
        section.save()
        assert client.get(old).status_code == 404
        assert client.get(section.get_absolute_url()).status_code == 200
        old = section.get_absolute_url()
    added = make_category("Chuyên mục mới")
    assert client.get(added.get_absolute_url()).status_code == 200


# Article page


def test_article_page_shows_everything_about_the_article(client, make_article):
    article = make_article(
        "Hội nghị cải cách hành chính",
        summary="Tóm tắt bài viết.",
        body="<p>Đoạn một.</p><p>Đoạn hai.</p>",
        author="Danh Lộc",
        source="Trung tâm Văn hóa",
        photos=2,
        published_at=datetime.datetime(2022, 6, 16, 3, 30, tzinfo=datetime.UTC),
    )
    sibling = make_article("Tin cùng chuyên mục", category=article.category)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = soup(response)
    body = page.select_one("article.article")
    assert body.h1.get_text(strip=True) == "Hội nghị cải cách hành chính"
    published = body.select_one(".article__meta time")
    assert published["datetime"] == "2022-06-16T10:30:00+07:00"
    assert published.get_text() == "10:30, 16/06/2022"
    assert body.select_one(".article__summary").get_text() == "Tóm tắt bài viết."
    assert [p.get_text() for p in body.select(".article__body p")] == ["Đoạn một.", "Đoạn hai."]
    assert body.select_one(".article__author").get_text() == "Danh Lộc"
    assert body.select_one(".article__source").get_text() == "Nguồn: Trung tâm Văn hóa"
    assert [a.get_text() for a in page.select(".related a")] == [sibling.title]

    figures = body.select("figure.photo")
    assert len(figures) == 2
    for n, figure in enumerate(figures):
        img = figure.find("img")
        assert img["alt"] == f"Mô tả ảnh {n}"
        assert img["loading"] == "lazy"
        assert img["width"] and img["height"]
        assert " 480w" in img["srcset"]
        assert figure.find("source", type="image/webp")["srcset"].endswith("w")
        assert figure.figcaption.get_text(strip=True) == f"Chú thích ảnh {n}"


def test_renditions_are_webp_and_jpeg_files_that_exist(client, make_article):
    article = make_article("Bài có ảnh", photos=1)
    page = soup(client.get(article.get_absolute_url()))
    figure = page.select_one("figure.photo")
    webp = figure.find("source")["srcset"].split(", ")
    jpeg = figure.find("img")["srcset"].split(", ")
    assert [entry.split()[1] for entry in jpeg] == ["480w"]  # the 640 px original is not upscaled
    for entry, extension in [(webp[0], ".webp"), (jpeg[0], ".jpg")]:
        url = entry.split()[0]
        assert url.endswith(extension)
        served = client.get(url)
        assert served.status_code == 200


def test_updated_time_shows_only_after_a_real_edit(client, make_article):
    article = make_article("Bài được sửa", days_ago=2)
    assert "cập nhật" not in client.get(article.get_absolute_url()).content.decode()
    Article.objects.filter(pk=article.pk).update(
        updated_at=article.created_at + datetime.timedelta(hours=3)
    )
    caches["pages"].clear()  # update() sends no signal; an edit through save() would clear it
    assert "cập nhật" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("status", "days_ago"),
    [
        (Article.Status.DRAFT, 1),
        (Article.Status.REVIEW, 1),
        (Article.Status.PUBLISHED, -1),  # scheduled for tomorrow
    ],
)
def test_unpublished_articles_are_404_to_the_public(client, make_article, status, days_ago):
    article = make_article("Chưa công khai", status=status, days_ago=days_ago)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "Chưa công khai" not in response.content.decode()
    category_page = client.get(article.category.get_absolute_url())
    assert "Chưa công khai" not in category_page.content.decode()
    assert "Chưa công khai" not in client.get("/").content.decode()


def test_404_page_is_in_vietnamese(client, db):
    response = client.get("/tin-tuc/khong-co-bai-nay/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "vi"
    assert page.h1.get_text() == "Không tìm thấy trang"
    assert page.find("a", href="/")


def test_500_page_is_in_vietnamese_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Hệ thống đang gặp sự cố" in html


# Query counts: the same whatever the number of articles and photos.


def _fill(make_article, make_category, per_section, photos):
    """Three sections of `per_section` articles with `photos` photos each (the first article's
    files: make_article's photos_of)."""
    sections = [make_category(f"Mục {n}") for n in range(3)]
    first = None
    for section in sections:
        for n in range(per_section):
            article = make_article(
                f"{section.name} bài {n}",
                category=section,
                featured=n == 0,
                photos=0 if first else photos,
                photos_of=first,
            )
            first = first or article
    return sections


# Every page also reads the site settings, the menu, the open poll, the most read articles and
# the link groups (none here) and, cache cold, the visit totals. test_polls.py and
# test_links.py pin what a poll and links add.
from tests.helpers import CHROME_QUERIES  # noqa: E402

# Every list's ids (one query for them all), their articles, their photos; the sections
# themselves are the menu's, read once per request.
HOME_QUERIES = 3 + CHROME_QUERIES
# A section's page: the page of articles (keyset: no count) with their stored cards, and for
# cards not stored yet those articles whole and their photos (the section is one of the menu's,
# read once per request: Category.all_for); once stored, 2.
SECTION_QUERIES = 3 + CHROME_QUERIES
STORED_SECTION_QUERIES = 1 + CHROME_QUERIES - 1
# An article, on its first view: the article (with its section and stored HTML: none yet), the
# whole article, its photos, the related list, its HTML stored (a savepoint around one upsert).
# Stored: the article (in fixed SQL: news.stored.stored_page) and related.
ARTICLE_QUERIES = 7 + CHROME_QUERIES
# (The visit totals stay cached: longkhanh/visits.py's STATS_TTL.)
STORED_ARTICLE_QUERIES = 2 + CHROME_QUERIES - 1


@pytest.mark.parametrize(("per_section", "photos"), [(2, 1), (12, 3)])
def test_home_query_count_does_not_grow(
    client, make_article, make_category, django_assert_num_queries, per_section, photos
):
    _fill(make_article, make_category, per_section, photos)
    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(("per_section", "photos"), [(2, 1), (30, 3)])
def test_section_query_count_does_not_grow(
    client, make_article, make_category, django_assert_num_queries, per_section, photos
):
    section = _fill(make_article, make_category, per_section, photos)[0]
    with django_assert_num_queries(SECTION_QUERIES):
        first = client.get(section.get_absolute_url()).content.decode()
    call_command("render_articles", stdout=None)  # every card stored
    for name in (generation.CONTENT, generation.CHROME, "documents", "questions"):
        generation.bump(name)  # neither the page nor any kept block answers: only what is stored
    with django_assert_num_queries(STORED_SECTION_QUERIES):
        assert client.get(section.get_absolute_url()).content.decode() == first


@pytest.mark.parametrize("photos", [1, 8])
def test_article_query_count_does_not_grow(
    client, make_article, make_category, django_assert_num_queries, photos
):
    _fill(make_article, make_category, 10, 1)
    article = make_article("Bài nhiều ảnh", photos=photos)
    with django_assert_num_queries(ARTICLE_QUERIES):
        assert client.get(article.get_absolute_url()).status_code == 200
    first = client.get(article.get_absolute_url()).content.decode()
    for name in (generation.CONTENT, generation.CHROME, "documents", "questions"):
        generation.bump(name)  # neither the page nor any kept block answers: only what is stored
    with django_assert_num_queries(STORED_ARTICLE_QUERIES):
        assert client.get(article.get_absolute_url()).content.decode() == first


def test_the_menu_marks_a_sections_first_page_as_it_and_later_pages_as_within_it(
    client, make_article, make_category
):
    """aria-current="page" only where the link leads: on page 2 of a section, the section's
    item (and its breadcrumb) is what the page is within ("true"). Page 2 opened first, so its
    kept shell would be the one page 1 reuses if they shared one."""
    section = make_category("Tin tức", in_menu=True)
    for n in range(20):
        make_article(f"Bài số {n:02d}", category=section, days_ago=n + 1)
    url = section.get_absolute_url()
    first = soup(client.get(url))
    later_url = first.select_one('.pagination a[rel="next"]')["href"]
    generation.bump_chrome()  # no kept page or shell: page 2 renders the shell first
    later = soup(client.get(url + later_url))
    first = soup(client.get(url))

    def marked(page, value):
        return [a["href"] for a in page.select(f'.section-menu a[aria-current="{value}"]')]

    assert (marked(first, "page"), marked(first, "true")) == ([url], [])
    assert (marked(later, "page"), marked(later, "true")) == ([], [url])
    assert first.select_one('.breadcrumb [aria-current="page"]')["href"] == url
    assert later.select_one('.breadcrumb [aria-current="page"]') is None
