"""Articles rendered once and served as stored (news/rendered.py), in the shell every page of
their kind shares (longkhanh/shell.py): what readers get is the article as it is now, after the
first save, the second, a photo's, a section's, the site's settings', and a deploy's."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from longkhanh import generation
from longkhanh.models import SiteSettings
from news import rendered, stored
from news.models import Article, ReadCount, RenderedArticle
from tests.helpers import BROWSER


def fresh_page(client, path):
    """`path` as a reader gets it when no page or kept block is left (after any save)."""
    generation.bump_chrome()
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def parsed(html):
    return BeautifulSoup(html, "html.parser")


def test_an_article_is_rendered_on_its_first_view_and_then_served_as_stored(client, make_article):
    article = make_article("Khánh thành cầu mới", photos=1)
    assert not RenderedArticle.objects.exists()
    first = fresh_page(client, article.get_absolute_url())
    row = RenderedArticle.objects.get(article=article)
    assert row.version == rendered.version(Article.objects.get(pk=article.pk).updated_at)
    assert "Khánh thành cầu mới" in row.content and "Chú thích ảnh 0" in row.content
    # What is stored is what is served: a mark put in the stored row shows on the page.
    RenderedArticle.objects.filter(pk=row.pk).update(content=row.content + "<p>DẤU-LƯU</p>")
    page = fresh_page(client, article.get_absolute_url())
    assert "DẤU-LƯU" in page
    assert page.replace("<p>DẤU-LƯU</p>", "") == first


def test_every_save_is_shown_on_the_next_view(client, make_article):
    article = make_article("Bản đầu")
    assert "Bản đầu" in fresh_page(client, article.get_absolute_url())
    for title in ["Bản sửa lần hai", "Bản sửa lần ba"]:
        article.title = title
        article.save()
        page = parsed(fresh_page(client, article.get_absolute_url()))
        assert page.h1.get_text(strip=True) == title
        assert page.title.get_text().startswith(title)
    assert RenderedArticle.objects.count() == 1  # replaced, never a second row


def test_a_photo_saved_alone_is_shown_on_the_next_view(client, make_article):
    article = make_article("Bài có ảnh", photos=1)
    fresh_page(client, article.get_absolute_url())
    photo = article.photos.get()
    photo.caption = "Chú thích mới của ảnh"
    photo.save()  # not the article: its version is the same, its stored row is gone
    assert "Chú thích mới của ảnh" in fresh_page(client, article.get_absolute_url())
    photo.delete()
    assert "Chú thích mới của ảnh" not in fresh_page(client, article.get_absolute_url())


def test_a_sections_rename_and_the_sites_name_are_shown_on_stored_articles(client, make_article):
    article = make_article("Bài trong chuyên mục")
    fresh_page(client, article.get_absolute_url())
    article.category.name = "Tên mục mới"
    article.category.save()
    page = parsed(fresh_page(client, article.get_absolute_url()))
    assert "Tên mục mới" in page.select_one(".breadcrumb").get_text()
    site = SiteSettings.current()
    site.site_title = "Cổng thông tin mới"
    site.save()
    page = parsed(fresh_page(client, article.get_absolute_url()))
    assert page.title.get_text() == "Bài trong chuyên mục – Cổng thông tin mới"
    assert page.select_one('meta[property="og:site_name"]')["content"] == "Cổng thông tin mới"


def test_a_deploy_that_changes_the_code_renders_again(client, make_article, monkeypatch):
    article = make_article("Bài cũ")
    fresh_page(client, article.get_absolute_url())
    RenderedArticle.objects.update(content="<p>DẤU-CŨ</p>")
    monkeypatch.setattr(rendered, "code_version", lambda: "ban-moi")
    page = fresh_page(client, article.get_absolute_url())
    assert "DẤU-CŨ" not in page and "Bài cũ" in page
    assert RenderedArticle.objects.get().version.startswith("ban-moi:")


def test_an_unpublished_article_is_not_served_from_what_was_stored(client, make_article):
    article = make_article("Bài sẽ gỡ")
    fresh_page(client, article.get_absolute_url())
    article.status = Article.Status.DRAFT
    article.save()
    generation.bump()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_preview_is_rendered_each_time_and_never_stored(client, make_article, approver):
    draft = make_article("Bản nháp chưa đăng", status=Article.Status.DRAFT, published_at=None)
    client.force_login(approver)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "xem trước" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert (
        parsed(response.content.decode()).select_one('meta[name="robots"]')["content"] == "noindex"
    )
    assert not RenderedArticle.objects.exists()


def test_the_related_list_is_the_sections_newest_others(client, make_article, make_category):
    section, other = make_category("Mục A"), make_category("Mục B")
    articles = [make_article(f"Tin A{n}", category=section, days_ago=n) for n in range(1, 10)]
    make_article("Tin B", category=other)
    for article in [articles[0], articles[4]]:
        page = parsed(fresh_page(client, article.get_absolute_url()))
        shown = [a.get_text() for a in page.select(".related li a")]
        expected = [a.title for a in articles if a != article][:6]
        assert shown == expected


def test_render_articles_stores_what_is_missing_then_nothing_then_all_with_all(make_article):
    for n in range(3):
        make_article(f"Bài {n}")
    make_article("Bản nháp", status=Article.Status.DRAFT, published_at=None)

    def run(*args):
        from io import StringIO

        out = StringIO()
        call_command("render_articles", *args, stdout=out)
        return out.getvalue()

    assert "Đã dựng 3 trong 3" in run()
    assert "Đã dựng 0 trong 3" in run()  # the second run: everything is current
    article = Article.objects.get(title="Bài 1")
    article.summary = "Tóm tắt mới"
    article.save()
    assert "Đã dựng 1 trong 3" in run()
    assert "Tóm tắt mới" in RenderedArticle.objects.get(article=article).card
    assert "Đã dựng 3 trong 3" in run("--all")


def test_a_section_page_shows_each_stored_card_and_renders_the_others(
    client, make_article, make_category
):
    section = make_category("Mục có thẻ", in_menu=True)
    stored = make_article("Bài đã dựng", category=section, summary="Tóm tắt đã dựng")
    make_article("Bài chưa dựng", category=section, summary="Tóm tắt chưa dựng", days_ago=2)
    call_command("render_articles", stdout=None)
    make_article("Bài mới viết", category=section, days_ago=3)  # not stored yet
    RenderedArticle.objects.filter(article=stored).update(
        card=RenderedArticle.objects.get(article=stored).card.replace(
            "Tóm tắt đã dựng", "Thẻ lưu sẵn"
        )
    )
    page = parsed(fresh_page(client, section.get_absolute_url()))
    titles = [a.get_text(strip=True) for a in page.select(".card__title a")]
    assert titles == ["Bài đã dựng", "Bài chưa dựng", "Bài mới viết"]
    assert "Thẻ lưu sẵn" in page.select_one(".article-list").get_text()
    assert page.title.get_text().startswith("Mục có thẻ – ")
    # The shell of this section's pages marks this section as the page; an article's marks it
    # as the section the page is within.
    current = page.select('.section-menu a[aria-current="page"]')
    assert [a["href"] for a in current] == [section.get_absolute_url()]
    article_page = parsed(fresh_page(client, stored.get_absolute_url()))
    assert not article_page.select('.section-menu a[aria-current="page"]')
    within = article_page.select('.section-menu a[aria-current="true"]')
    assert [a["href"] for a in within] == [section.get_absolute_url()]


def test_an_articles_save_renews_the_sidebars_content_blocks_in_a_kept_shell(
    client, make_article, django_assert_num_queries
):
    read = make_article("Bài đọc nhiều")
    ReadCount.objects.create(article=read, count=5)
    other = make_article("Bài khác")
    client.get(read.get_absolute_url())
    client.get(other.get_absolute_url())  # both stored; the shell and the blocks are kept
    read.title = "Bài đọc nhiều đã sửa"
    read.save()
    # The other article with its stored HTML, its section's related list, and "most read" (the
    # counts, then their articles): no menu, settings, poll, links, and no "Văn bản mới" or "Hỏi
    # đáp" (made from documents and questions alone, kept under their apps' own generations).
    with django_assert_num_queries(4):
        page = parsed(client.get(other.get_absolute_url()).content.decode())
    most_read = page.find(id="most-read-heading").find_parent("section")
    assert "Bài đọc nhiều đã sửa" in most_read.get_text()
    assert page.find(id="questions-heading") is not None  # kept, still shown


def test_text_that_looks_like_a_marker_is_shown_as_text(rf, make_article):
    """The shell is split at markers holding a token the process draws (longkhanh/shell.py):
    a NUL-wrapped word in what the shell shows (found in the new-user trial, in a document's
    title imported from a spreadsheet) is not a hole."""
    from longkhanh.shell import assembled, page_shell

    request = rf.get("/tin-tuc/bai/")
    feed = {"title": "Mục\x00content\x00 và\x00abc\x00", "path": "/rss/muc/", "url": "/rss/muc/"}
    shell = page_shell(request, "marker-test", {"meta": {"feed": feed}})
    parts = dict.fromkeys(["title", "description", "meta", "canonical"], "")
    html = assembled(request, shell, content="<p>NỘI-DUNG</p>", **parts).content.decode()
    assert html.count("NỘI-DUNG") == 1
    assert "Mục\x00content\x00 và\x00abc\x00" in html


def test_a_new_site_address_renders_stored_articles_again(client, make_article, settings):
    article = make_article("Bài có địa chỉ")
    fresh_page(client, article.get_absolute_url())
    settings.SITE_URL = "https://longkhanh.example"
    rendered.code_version.cache_clear()  # as a restart with the new DJANGO_SITE_URL does
    try:
        page = parsed(fresh_page(client, article.get_absolute_url()))
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == "https://longkhanh.example" + article.get_absolute_url()
    finally:
        rendered.code_version.cache_clear()


def test_the_visit_counter_is_as_fresh_on_an_assembled_page_as_on_any_page(client, make_article):
    """The shell is kept; the counter in it is a hole rendered on every page (found by CI: the
    home page's counter was a shell's lifetime older than the promised 30 s)."""
    from django.core.cache import cache, caches

    from longkhanh import visits

    article = make_article("Bài có bộ đếm")
    client.defaults["HTTP_USER_AGENT"] = BROWSER  # a crawler is not counted

    def shown_total():
        page = parsed(client.get(article.get_absolute_url()).content.decode())
        return page.select_one('[data-counter="total"]').get_text()

    assert shown_total() == "0"  # this first view is counted after the page is made
    cache.delete(visits.STATS_KEY)  # the numbers' own lifetime is over
    caches["pages"].clear()  # and the page's; the shell is still kept
    assert shown_total() == "1"


def test_the_stored_page_query_finds_exactly_the_public_articles(client, make_article):
    """An article's page is read in fixed SQL (news.stored.stored_page), which writes
    news.models.public_q out: it finds an article exactly when Article.objects.published()
    does, whatever its state, and gives its row only while the row is current."""
    import datetime

    from django.utils import timezone

    states = {
        "published": make_article("Đã đăng"),
        "draft": make_article("Bản nháp", status=Article.Status.DRAFT, published_at=None),
        "review": make_article("Chờ duyệt", status=Article.Status.REVIEW),
        "scheduled": make_article(
            "Hẹn giờ", published_at=timezone.now() + datetime.timedelta(hours=1)
        ),
        "just now": make_article("Vừa đăng", published_at=timezone.now()),
        "taken down": make_article("Đã gỡ"),
    }
    states["taken down"].status = Article.Status.DRAFT
    states["taken down"].save()
    public = set(Article.objects.published().values_list("slug", flat=True))
    assert public == {states["published"].slug, states["just now"].slug}
    call_command("render_articles", stdout=None)
    for name, article in states.items():
        found = stored.stored_page(article.slug)
        assert (found is not None) == (article.slug in public), name
        if found is not None:
            page, row = found
            assert (page.pk, page.category.slug) == (article.pk, article.category.slug)
            assert row is not None and row.title == RenderedArticle.objects.get(pk=article.pk).title
    # A save makes the stored row old: the article is found, its row is not given.
    article = states["published"]
    article.title = "Đã đăng, sửa lại"
    article.save()
    page, row = stored.stored_page(article.slug)
    assert page.pk == article.pk and row is None
    assert "Đã đăng, sửa lại" in fresh_page(client, article.get_absolute_url())
    assert stored.stored_page(article.slug)[1].title.startswith("Đã đăng, sửa lại")
    assert stored.stored_page("khong-co-bai-nay") is None


@pytest.mark.django_db(transaction=True)  # it closes the connection
def test_the_fixed_queries_are_prepared_once_per_connection_on_postgresql(
    client, make_article, django_assert_num_queries
):
    """On PostgreSQL each fixed query is prepared once per connection (longkhanh/prepared.py)
    and executed after that; a new connection prepares it again. SQLite runs it as it is."""
    from django.db import connection

    article = make_article("Bài có bản dựng sẵn")
    call_command("render_articles", stdout=None)

    def prepared():
        if connection.vendor != "postgresql":
            return set()
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    def page_query_prepared():
        return any("news_renderedarticle" in statement for statement in prepared())

    for _ in range(2):  # the second time: executed only, the same answer
        found, row = stored.stored_page(article.slug)
        assert (found.pk, row.article_id) == (article.pk, article.pk)
    assert page_query_prepared() == (connection.vendor == "postgresql")
    if connection.vendor == "postgresql":
        connection.close()  # a new session has no prepared statement: prepared again
        assert not page_query_prepared()
        assert stored.stored_page(article.slug)[0].pk == article.pk
        assert page_query_prepared()
    with django_assert_num_queries(1):  # the page's one query, whatever was prepared
        assert stored.stored_page(article.slug)[0].pk == article.pk
    assert stored.stored_page("khong-co-bai-nay") is None


def test_the_fixed_queries_articles_are_what_the_orm_makes(make_article, make_category):
    """news.stored makes its instances without Model.__init__ while nothing listens to its
    signals: each is the ORM's own, with the same values, the fields not read deferred (read on
    first use) and saved as an existing row; with a post_init receiver it takes the ORM's way."""
    from django.db.models.signals import post_init

    section = make_category("Mục so sánh")
    article = make_article("Bài để so sánh", category=section, summary="Tóm tắt để so sánh")
    call_command("render_articles", stdout=None)
    (listed, row), *_ = stored.section_rows(section.pk, 5)
    orm = Article.objects.only("id", "title", "slug", "published_at", "updated_at").get(
        pk=article.pk
    )
    assert listed.get_deferred_fields() == orm.get_deferred_fields()
    for name in ("id", "title", "slug", "published_at", "updated_at"):
        assert getattr(listed, name) == getattr(orm, name), name
    assert not listed._state.adding and listed._state.db == orm._state.db
    assert row.card == RenderedArticle.objects.get(pk=article.pk).card
    assert listed.summary == "Tóm tắt để so sánh"  # deferred: read now
    listed.title = "Bài đã sửa tên"
    listed.save(update_fields=["title"])  # an UPDATE of the row, not a new article
    assert Article.objects.get(pk=article.pk).title == "Bài đã sửa tên"
    assert Article.objects.count() == 1

    made = []

    def receiver(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(receiver, sender=Article)
    try:
        (listed, _), *_ = stored.section_rows(section.pk, 5)
    finally:
        post_init.disconnect(receiver, sender=Article)
    assert made == [listed]
