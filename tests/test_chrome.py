"""What every page wears: date line, slogan banner, menu, search box, footer."""

import datetime

import pytest
from django.utils import timezone

from longkhanh.demo import FOOTER, SLOGAN
from longkhanh.models import SiteSettings
from longkhanh.templatetags.site_tags import vi_date_line, vi_number
from tests.helpers import soup


@pytest.fixture
def site(db):
    return SiteSettings.objects.create(
        slogan=SLOGAN,
        agency=FOOTER["agency"],
        responsible=FOOTER["responsible"],
        address=FOOTER["address"],
        email=FOOTER["email"],
        phones=FOOTER["phones"],
    )


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (datetime.date(2016, 6, 4), "Thứ bảy, ngày 4/6/2016"),
        (datetime.date(2016, 6, 5), "Chủ nhật, ngày 5/6/2016"),
        (datetime.date(2026, 11, 23), "Thứ hai, ngày 23/11/2026"),
        (datetime.date(2026, 12, 31), "Thứ năm, ngày 31/12/2026"),
    ],
)
def test_date_line_is_written_as_the_seed_writes_it(day, line):
    assert vi_date_line(day) == line


@pytest.mark.parametrize(
    ("number", "text"), [(0, "0"), (999, "999"), (1000, "1.000"), (7448251, "7.448.251")]
)
def test_numbers_use_vietnamese_grouping(number, text):
    assert vi_number(number) == text


def test_header_shows_the_day_in_vietnam(client, site, monkeypatch):
    # 17:30 UTC on Friday 3 June 2016 is already Saturday 4 June in Asia/Ho_Chi_Minh.
    moment = datetime.datetime(2016, 6, 3, 17, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    date_line = soup(client.get("/")).select_one(".date-line time")
    assert date_line.get_text() == "Thứ bảy, ngày 4/6/2016"
    assert date_line["datetime"] == "2016-06-04"


def test_every_page_has_the_chrome(client, site, make_article):
    article = make_article("Bài có khung trang")
    for url in ["/", article.category.get_absolute_url(), article.get_absolute_url(), "/khong-co/"]:
        page = soup(client.get(url))
        assert page.html["lang"] == "vi"
        assert page.select_one("a.skip-link")["href"] == "#noi-dung"
        assert page.select_one("header .site-name").get_text(strip=True) == site.site_title
        search = page.select_one('header form[role="search"]')
        assert search["action"] == "/tim-kiem/" and search["method"] == "get"
        assert search.select_one('input[type="search"][name="q"]')
        assert page.select_one('nav[aria-label="Chuyên mục"] a[href="/chuyen-muc/tin-tuc/"]')
        assert page.select_one(".slogan").get_text(strip=True) == SLOGAN
        assert page.find("main", id="noi-dung") and page.find("aside")
        footer = page.select_one("footer.site-footer").get_text(" ", strip=True)
        assert "TRANG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ LONG KHÁNH" in footer
        for label, key in [
            ("Cơ quan chủ quản:", "agency"),
            ("Chịu trách nhiệm chính:", "responsible"),
            ("Địa chỉ:", "address"),
            ("Email:", "email"),
            ("Số điện thoại:", "phones"),
        ]:
            assert f"{label} {FOOTER[key]}" in footer
        assert page.select_one('.visit-counter [data-counter="total"]')


def test_every_page_names_the_site_icon(client, admin_client, site, make_article):
    """Public pages and the admin's name the icon, so browsers do not ask /favicon.ico (a second
    request through the whole stack after each admin page); that address leads to an ICO."""
    from django.contrib.staticfiles import finders
    from PIL import Image

    article = make_article("Bài có biểu tượng")
    old_habit = client.get("/favicon.ico")  # an ICO, for what reads no SVG
    assert old_habit.status_code == 302 and old_habit["Location"].endswith(".ico")
    with Image.open(finders.find("img/favicon.ico")) as ico:
        assert ico.format == "ICO" and (32, 32) in ico.info["sizes"]
    icon = {"Location": soup(client.get("/")).select_one('head link[rel="icon"]')["href"]}
    assert icon["Location"].endswith(".svg")
    for browser, url in [
        (client, article.get_absolute_url()),
        (admin_client, "/admin/"),
        (admin_client, "/admin/news/article/"),
        (admin_client, f"/admin/news/article/{article.pk}/change/"),
    ]:
        page = soup(browser.get(url))
        assert page.select_one('head link[rel="icon"]')["href"] == icon["Location"], url


def test_a_phone_adding_the_site_to_its_home_screen_gets_the_icon(client, site, make_article):
    """Pages name a 180 px opaque icon (what iOS wants), and the addresses phones try by habit
    lead to it instead of a 404 in the logs."""
    from django.contrib.staticfiles import finders
    from PIL import Image

    page = soup(client.get(make_article("Bài").get_absolute_url()))
    named = page.select_one('head link[rel="apple-touch-icon"]')["href"]
    for path in (
        "/apple-touch-icon.png",
        "/apple-touch-icon-precomposed.png",
        "/apple-touch-icon-120x120.png",
        "/apple-touch-icon-152x152-precomposed.png",
    ):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"] == named, path
    with Image.open(finders.find("img/apple-touch-icon.png")) as icon:
        assert icon.size == (180, 180) and icon.mode == "RGB"


def test_menu_marks_the_current_section(client, site, make_article):
    article = make_article("Bài")
    page = soup(client.get(article.category.get_absolute_url()))
    current = page.select('nav[aria-label="Chuyên mục"] [aria-current="page"]')
    assert [a.get_text() for a in current] == ["Tin tức"]


def test_hidden_sections_are_not_in_the_menu(client, site, make_category):
    make_category("Chuyên mục ẩn", in_menu=False)
    make_category("Chuyên mục hiện")
    menu = soup(client.get("/")).select_one('nav[aria-label="Chuyên mục"]').get_text()
    assert "Chuyên mục hiện" in menu and "Chuyên mục ẩn" not in menu


def test_pages_work_before_any_settings_are_saved(client, db):
    page = soup(client.get("/"))
    assert page.select_one(".site-name").get_text(strip=True) == (
        "Trang thông tin điện tử Thành phố Long Khánh"
    )
    assert page.select_one(".slogan") is None


def test_a_slogan_edited_in_the_admin_shows_on_the_next_page_view(admin_client, site):
    assert admin_client.get("/admin/longkhanh/sitesettings/").url == (
        "/admin/longkhanh/sitesettings/1/change/"
    )
    form = {
        "site_title": site.site_title,
        "slogan": "CHÀO MỪNG NĂM MỚI 2027",
        "agency": site.agency,
        "responsible": site.responsible,
        "address": site.address,
        "email": site.email,
        "phones": "02513.999.999",
        "visits_offset": "0",
    }
    response = admin_client.post("/admin/longkhanh/sitesettings/1/change/", form)
    assert response.status_code == 302
    page = soup(admin_client.get("/"))
    assert page.select_one(".slogan").get_text(strip=True) == "CHÀO MỪNG NĂM MỚI 2027"
    assert "02513.999.999" in page.select_one("footer").get_text()


def test_settings_cannot_be_added_twice_or_deleted(admin_client, site):
    assert admin_client.get("/admin/longkhanh/sitesettings/add/").status_code == 403
    assert admin_client.get("/admin/longkhanh/sitesettings/1/delete/").status_code == 403
    assert SiteSettings.objects.count() == 1


def test_ids_are_unique_on_every_page(client, site, make_article):
    """Duplicate ids break labels (a click on one form's label ticks another's radio)."""
    from polls import demo as polls_demo

    polls_demo.load()
    from polls.models import Poll

    article = make_article("Bài")
    poll = Poll.objects.get()
    for url in [
        "/",
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        f"/tham-do/{poll.pk}/",
        f"/tham-do/{poll.pk}/ket-qua/",
        "/tim-kiem/?q=bai",
        "/khong-co/",
    ]:
        ids = [tag["id"] for tag in soup(client.get(url)).find_all(id=True)]
        assert len(ids) == len(set(ids)), (url, sorted(i for i in ids if ids.count(i) > 1))
