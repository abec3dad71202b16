"""Giới thiệu, cơ cấu tổ chức, lãnh đạo, liên hệ, lịch công tác (organisation/): the public pages
with the demo content, the directory search, the writer → approver workflow of pages and weekly
schedules in the admin (as the editors' own forms post it), the English pages under /en/, the
wards' picker, the sitemaps and the caches, each done a second time too."""

import datetime
import io
import json
import re

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

import longkhanh.demo
import organisation.demo
from longkhanh.admin_tools import local_time
from longkhanh.models import SiteSettings
from longkhanh.text import WEEKDAYS
from organisation.models import Entry, Page, Person, Status, Unit, Week, iso_week, monday_of
from tests.conftest import form_fields
from tests.helpers import load_demo, soup

DRAFT, REVIEW, PUBLISHED = Status.DRAFT, Status.REVIEW, Status.PUBLISHED
UBND = organisation.demo.UBND
VP_URL = "/co-cau-to-chuc/van-phong-hdnd-va-ubnd-thanh-pho/"
TOP_PAGE = "/gioi-thieu/gioi-thieu-chung/"
NO_ENGLISH_PAGE = "/gioi-thieu/kinh-te-xa-hoi/"  # the demo page without an English version
LEADERS = [name for name, *_ in organisation.demo.LEADERS]
WARDS = [name for name, _ in organisation.demo.WARDS]
NO_WEEK = "Chưa có lịch công tác được đăng cho tuần này."
PAGE_ADMIN, WEEK_ADMIN = "/admin/organisation/page/", "/admin/organisation/week/"


@pytest.fixture
def demo(db):
    """The site settings (agency, hotline) and the organisation's demo content."""
    longkhanh.demo.load()
    assert organisation.demo.load() > 0
    return SiteSettings.objects.get()


# Reading pages


def page_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, f"{url} {params}: {response.status_code}"
    return soup(response)


def structured_data(page):
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def hreflangs(page):
    return {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}


def names(page, selector=".person__name"):
    return [tag.get_text(strip=True) for tag in page.select(f"main {selector}")]


def directory(client, query, url="/lien-he/"):
    """The names the directory lists for `query`, and the page."""
    page = page_of(client, url, q=query)
    return sorted(names(page, ".directory-unit .person__name")), page


def menu_links(client, url="/"):
    return [a["href"] for a in page_of(client, url).select("header nav.section-menu a")]


def search_links(client, query):
    page = page_of(client, "/tim-kiem/", q=query)
    return [a["href"] for a in page.select(".search-results a[href]")]


def sitemap_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def schedule_rows(page):
    """{content: the text of its row} of the schedule table on `page`."""
    rows = {}
    for row in page.select("table.schedule tbody tr"):
        cells = row.find_all("td")
        if len(cells) > 2:
            rows[cells[1].find(string=True, recursive=True).strip()] = row.get_text(" ", strip=True)
    return rows


# The admin, as its own pages post


def admin_save(client, url, changes=None, drop=(), expect=302):
    """Opens the admin form at `url`, changes what is given (unticks the boxes in `drop`), and
    posts everything the form holds, as a browser does."""
    form = client.get(url)
    assert form.status_code == 200, f"{url}: {form.status_code}"
    data = {**form_fields(form), **(changes or {})}
    for name in drop:
        data.pop(name, None)
    response = client.post(url, data)
    assert response.status_code == expect, soup(response).select(".errorlist, .errornote")
    return response


def yesterday_at_eight():
    """A publication time as the admin's two boxes take it (local date, time)."""
    day = timezone.localdate() - datetime.timedelta(days=1)
    return {"published_at_0": f"{day:%d/%m/%Y}", "published_at_1": "08:00:00"}


def entry_index(form, content):
    """The inline form number of the entry whose content is `content`."""
    for name, value in form.items():
        match = re.fullmatch(r"entries-(\d+)-content", name)
        if match and value.strip() == content:
            return match[1]
    raise AssertionError(f"no entry {content!r} in the form")


def run_action(client, admin_url, action, *objects, follow=False):
    return client.post(
        admin_url,
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=follow,
    )


def messages_of(response):
    return [li.get_text(strip=True) for li in soup(response).select("ul.messagelist li")]


# 1. The Vietnamese pages with the demo content


def test_the_introduction_pages_list_the_tree_and_show_each_page(client, demo):
    index = page_of(client, "/gioi-thieu/")
    top = index.select_one("main ul.org-tree > li")
    assert top.a["href"] == TOP_PAGE and top.a.get_text() == "Giới thiệu chung"
    children = [a.get_text() for a in top.select(":scope > ul.org-tree a")]
    assert children == ["Lịch sử hình thành", "Điều kiện tự nhiên", "Kinh tế - xã hội"]

    page = page_of(client, "/gioi-thieu/lich-su-hinh-thanh/")
    assert page.h1.get_text() == "Lịch sử hình thành"
    assert "Nghị quyết 673/NQ-UBTVQH14" in page.select_one(".article__body").get_text()
    trail = [a.get_text() for a in page.select("nav.breadcrumb a")]
    assert trail == ["Trang chủ", "Giới thiệu", "Giới thiệu chung"]
    top_page = page_of(client, TOP_PAGE)
    assert [a.get_text() for a in top_page.select("main nav .link-list a")] == children
    page_of(client, "/gioi-thieu/khong-co-trang-nay/", status=404)


def test_the_structure_is_a_nested_list_with_the_wards_under_the_committee(client, demo):
    page = page_of(client, "/co-cau-to-chuc/")
    tree = page.select_one("main ul.org-tree")
    committee = tree.find("a", string=UBND).find_parent("li")
    assert committee.find_parent("li") is None  # at the top of the tree
    inner = committee.select_one(":scope > ul.org-tree")
    ward = inner.find("a", string="Phường Xuân An")
    assert ward["href"] == "/co-cau-to-chuc/phuong-xuan-an/"
    assert [a.get_text() for a in inner.select("li > a") if a.get_text() in WARDS] == WARDS
    assert committee.select_one(".org-tree__phone a")["href"] == "tel:02513877172"

    (data,) = structured_data(page)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == demo.agency and data["telephone"] == demo.phones
    subs = {unit["name"]: unit for unit in data["subOrganization"]}
    assert len(subs) == Unit.objects.filter(active=True).count() == 30
    assert subs["Phường Bảo Vinh"]["@type"] == "GovernmentOrganization"
    assert subs["Phường Bảo Vinh"]["url"] == "http://testserver/co-cau-to-chuc/phuong-bao-vinh/"


def test_a_unit_page_shows_its_duties_and_people_with_their_links(client, demo):
    page = page_of(client, VP_URL)
    assert page.h1.get_text() == "Văn phòng HĐND và UBND thành phố"
    assert "Cổng thông tin điện tử thành phố" in page.select_one(".article__body").get_text()
    assert names(page) == ["Lê Hoàng Phúc", "Đỗ Thị Thu Hà", "Lý Thị Kim Chi"]
    links = [a["href"] for a in page.select("main .people a")]
    assert "tel:02513877172" in links and "tel:02513877174" in links
    assert "mailto:cungcapthongtin@longkhanh.dongnai.gov.vn" in links
    assert page.select_one("main .unit-contacts a[href^=mailto]")["href"] == (
        "mailto:vanphong@longkhanh.dongnai.gov.vn"
    )
    assert [a.get_text() for a in page.select("nav.breadcrumb a")][-1] == UBND

    (data,) = structured_data(page)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Văn phòng HĐND và UBND thành phố"
    assert data["url"] == "http://testserver" + VP_URL
    assert data["telephone"] == "02513.877.172" and data["faxNumber"] == "02513.877.173"
    assert data["parentOrganization"] == {"@type": "GovernmentOrganization", "name": UBND}
    assert [p["name"] for p in data["employee"]] == names(page)
    assert all(p["@type"] == "Person" and p["jobTitle"] for p in data["employee"])
    points = {p["name"]: p for p in data["contactPoint"]}
    assert set(points) == {"Lê Hoàng Phúc", "Lý Thị Kim Chi"}
    assert points["Lý Thị Kim Chi"]["@type"] == "ContactPoint"
    assert points["Lý Thị Kim Chi"]["telephone"] == "02513.877.174"
    page_of(client, "/co-cau-to-chuc/khong-co-don-vi-nay/", status=404)


def test_the_leaders_page_lists_the_active_leaders_only(client, approver, demo):
    page = page_of(client, "/lanh-dao/")
    assert names(page) == LEADERS
    assert "Lê Hoàng Phúc" not in page.select_one("main").get_text()  # not a leader
    (data,) = structured_data(page)
    people = {p["name"]: p for p in data["@graph"]}
    assert list(people) == LEADERS
    assert people["Nguyễn Văn Minh"]["@type"] == "Person"
    assert people["Nguyễn Văn Minh"]["jobTitle"] == "Chủ tịch UBND thành phố"
    assert people["Hoàng Văn Kiên"]["worksFor"]["name"] == organisation.demo.HDND
    assert "tel:02513877100" in [a["href"] for a in page.select("main a")]

    # Trần Thị Lan leaves office (the approver unticks "đang công tác"), then comes back.
    lan = Person.objects.get(name="Trần Thị Lan")
    client.force_login(approver)
    url = f"/admin/organisation/person/{lan.pk}/change/"
    for active, expected in [(False, [n for n in LEADERS if n != lan.name]), (True, LEADERS)]:
        if active:
            admin_save(client, url, {"active": "on"})
        else:
            admin_save(client, url, drop=["active"])
        client.logout()
        page = page_of(client, "/lanh-dao/")
        assert names(page) == expected
        assert [p["name"] for p in structured_data(page)[0]["@graph"]] == expected
        committee = page_of(client, "/co-cau-to-chuc/uy-ban-nhan-dan-thanh-pho-long-khanh/")
        assert ("Trần Thị Lan" in names(committee)) is active
        assert ("Trần Thị Lan" in directory(client, "Trần Thị Lan")[0]) is active
        client.force_login(approver)


def test_the_contact_page_shows_the_hotline_and_the_contact_points(client, demo):
    page = page_of(client, "/lien-he/")
    hotline = page.select_one("main p.hotline a")
    assert hotline["href"] == "tel:02513877172" and hotline.get_text() == demo.hotline
    points = page.find("section", attrs={"aria-labelledby": "contact-points-heading"})
    assert len(points.select(".person")) == 2
    assert {n.get_text() for n in points.select(".person__name")} == {
        "Lê Hoàng Phúc",
        "Lý Thị Kim Chi",
    }
    (data,) = structured_data(page)
    assert data["@type"] == "GovernmentOrganization"
    kinds = [(p["@type"], p["contactType"], p["telephone"]) for p in data["contactPoint"]]
    assert ("ContactPoint", "hotline", demo.hotline) in kinds
    assert ("ContactPoint", "cung cấp thông tin", "02513.877.174") in kinds
    # A new hotline shows at the next request (the settings are kept under a generation).
    for number in ["1900.1234", "02513.999.888"]:
        demo.hotline = number
        demo.save()
        hotline = page_of(client, "/lien-he/").select_one("main p.hotline a")
        assert hotline.get_text() == number
        assert hotline["href"] == "tel:" + number.replace(".", "")


# 2. The directory search


def test_the_directory_finds_people_with_or_without_diacritics(client, demo):
    found, page = directory(client, "Văn phòng")
    assert "Lê Hoàng Phúc" in found and "Lý Thị Kim Chi" in found
    for typed in ["van phong", "VĂN PHÒNG", "  văn   phòng "]:
        assert directory(client, typed)[0] == found, typed
    status = page.select_one("main p[role=status]").get_text()
    assert f"{len(found)} người khớp với “Văn phòng”" in status


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Đặng Minh Khoa", ["Đặng Minh Khoa"]),  # a name
        ("dang minh khoa", ["Đặng Minh Khoa"]),
        ("Chủ tịch HĐND", ["Hoàng Văn Kiên"]),  # a title
        ("chu tich hdnd", ["Hoàng Văn Kiên"]),
        ("Ủy ban nhân dân", sorted(LEADERS[:4])),  # the unit's name, not in their titles
        ("uy ban nhan dan", sorted(LEADERS[:4])),
    ],
)
def test_the_directory_finds_a_person_by_name_title_or_unit(client, demo, query, expected):
    assert directory(client, query)[0] == expected


def test_the_directory_matches_whole_words_and_prefers_the_phrase(client, demo):
    """From the new-user trial: "Xuân An" found the chairs of Xuân Bình, Xuân Hòa… ("an" inside
    "Khánh"), and "Văn phòng" found "Phạm Văn Đức, Trưởng phòng Nội vụ"."""
    for typed in ["Xuân An", "xuan an"]:
        found, _ = directory(client, typed)
        units = {p.unit.name for p in Person.objects.filter(name__in=found)}
        assert units == {"Phường Xuân An"}, (typed, found)
    found, _ = directory(client, "van phong")
    assert found and all(
        "Văn phòng" in f"{p.title} {p.unit.name}" for p in Person.objects.filter(name__in=found)
    )
    assert directory(client, "kha")[0] == []  # not a syllable of "Khánh" or "Khoa"


def test_a_query_matching_nobody_says_so(client, demo):
    found, page = directory(client, "Nguyễn Văn Không Có")
    assert found == []
    status = page.select_one("main p[role=status]").get_text()
    assert "Không có ai khớp với “Nguyễn Văn Không Có”" in status
    assert page.select_one("main p[role=status] a")["href"] == "/lien-he/"


def test_a_query_with_nothing_to_look_for_is_refused_under_its_box(client, demo):
    """From the ninth trial: /lien-he/?q=!!! said "nobody matches", as if it had searched, where
    the site's other searches refuse it (400); a word joined by punctuation is still words."""
    for url, said, title in [
        ("/lien-he/", "Từ khóa “!!!” không có chữ hay số nào để tìm.", "Lỗi: Liên hệ"),
        ("/en/contact/", "There is nothing to look for in “!!!”", "Error: Contact"),
    ]:
        response = client.get(url, {"q": "!!!"})
        assert response.status_code == 400, url
        page = soup(response)
        assert page.select_one("#directory-q")["aria-invalid"] == "true"
        assert said in page.select_one("#directory-q-error").get_text()
        assert page.select_one("title").get_text().startswith(title)
        assert not page.select("main p[role=status]")
    header_search = page_of(client, "/lien-he/", q="van phong").select_one("#header-search")
    assert header_search["value"] == ""  # the site's search box is not the directory's
    assert directory(client, "Văn-phòng")[0] == directory(client, "văn phòng")[0] != []


def test_renaming_a_unit_makes_its_people_findable_by_the_new_name(client, approver, demo):
    unit = Unit.objects.get(name="Phòng Kinh tế")
    people = sorted(unit.people.values_list("name", flat=True))
    url = f"/admin/organisation/unit/{unit.pk}/change/"
    assert directory(client, "khuyen nong")[0] == []
    for new, words in [
        ("Phòng Kinh tế và Khuyến nông", "khuyen nong"),
        ("Phòng Kinh tế và Hợp tác xã", "Hợp tác xã"),  # and renamed again
    ]:
        client.force_login(approver)
        admin_save(client, url, {"name": new})
        client.logout()
        assert directory(client, words)[0] == people, new
    assert directory(client, "khuyen nong")[0] == []  # the old name finds nobody now
    assert Unit.objects.get(pk=unit.pk).slug == "phong-kinh-te"  # its address stays


# 3. Introduction pages: publication, menu, search, sanitizing


def test_drafts_and_pages_in_review_are_not_public(client, demo):
    for status in [DRAFT, REVIEW]:
        page = Page.objects.create(
            title=f"Quy chế tiếp nhận phản ánh ({status})",
            body="<p>Quy trình tiếp nhận phản ánh qua mã QR tra cứu hồ sơ.</p>",
            status=status,
            in_menu=True,
        )
        url = page.get_absolute_url()
        page_of(client, url, status=404)
        assert url not in [a["href"] for a in page_of(client, "/gioi-thieu/").select("main a")]
        assert url not in menu_links(client)
        assert url not in search_links(client, "ma QR tra cuu ho so")
        assert url not in sitemap_locations(client, "/sitemap-trang.xml")


def test_a_page_found_by_words_past_its_shown_summary_quotes_them(client, db):
    """From the fifth trial: "Kinh tế - xã hội", found by "trái cây" in the part of its summary
    (its text's first 300 characters) that the card cuts at 40 words, showed nothing to say
    why. A card quotes the words its title and summary lack as shown."""
    words = " ".join(["vùng"] * 45)
    Page.objects.create(
        title="Kinh tế địa phương", body=f"<p>{words} lễ hội trái cây.</p>", status=PUBLISHED
    )
    card = page_of(client, "/tim-kiem/", q="trai cay").select_one(".search-results .card")
    quote = card.select_one(".card__excerpt").get_text(" ", strip=True)
    assert quote.startswith("Trong nội dung trang: …") and "lễ hội trái cây" in quote
    assert [m.get_text() for m in card.select(".card__excerpt mark")] == ["trái cây"]


def test_a_published_page_is_found_by_the_site_search(client, approver, demo):
    page = Page.objects.create(
        title="Quy chế tiếp nhận phản ánh",
        body="<p>Quy trình tiếp nhận phản ánh qua mã QR tra cứu hồ sơ.</p>",
        status=REVIEW,
    )
    url = page.get_absolute_url()
    client.force_login(approver)
    assert run_action(client, PAGE_ADMIN, "publish", page).status_code == 302
    client.logout()
    assert page_of(client, url).h1.get_text() == "Quy chế tiếp nhận phản ánh"
    for query in ["mã QR tra cứu hồ sơ", "ma qr tra cuu ho so"]:
        assert url in search_links(client, query)
    assert url in [a["href"] for a in page_of(client, "/gioi-thieu/").select("main a")]
    assert "http://testserver" + url in sitemap_locations(client, "/sitemap-trang.xml")
    # The demo's pages are found too, by their body's words.
    assert "/gioi-thieu/lich-su-hinh-thanh/" in search_links(client, "mo cu thach Hang Gon")
    # Its card quotes where the words are (a trial found it by "2019" with nothing to say why).
    found = page_of(client, "/tim-kiem/", q="mo cu thach Hang Gon").select(".search-results .card")
    card = next(c for c in found if c.a["href"] == "/gioi-thieu/lich-su-hinh-thanh/")
    quote = " ".join(card.select_one(".card__excerpt").get_text(" ", strip=True).split())
    assert quote.startswith("Trong nội dung trang: ") and "mộ cự thạch hàng gòn" in quote.lower()
    # A page says when it was published; a unit, which has no such date, says what it is only.
    cards = page_of(client, "/tim-kiem/", q="quy che tiep nhan phan anh").select(".card__meta")
    assert cards[0].get_text(" ", strip=True).startswith("Trang giới thiệu · đăng ")
    unit = Unit.objects.filter(active=True).first()
    found = page_of(client, "/tim-kiem/", q=f'"{unit.name}"').select(".search-results .card")
    metas = [
        card.select_one(".card__meta").get_text(strip=True)
        for card in found
        if card.select_one("a")["href"] == unit.get_absolute_url()
    ]
    assert metas == ["Đơn vị"]


def test_a_published_week_is_found_by_its_entries_and_follows_their_edits(
    client, writer, approver, demo
):
    """From a trial: "lich cong tac" found nothing, as the schedule had no search entry. A
    published week is found by its name (the newest week first), an entry's words, place and
    leader; an approver's edits of its entries reach the search at once, the second time too,
    and a deleted entry's words are gone; a writer's week is found once published."""
    newest, older = Week.objects.order_by("-starts_on")[:2]
    links = search_links(client, "lich cong tac")
    assert links.index(newest.get_absolute_url()) < links.index(older.get_absolute_url())
    cards = page_of(client, "/tim-kiem/", q=f"lịch công tác {newest.starts_on:%d/%m}")
    card = cards.select_one(".search-results .card")
    assert card.select_one("a")["href"] == newest.get_absolute_url()
    title = " ".join(card.select_one("h2").get_text().split())  # words marked, spaces kept
    assert title == f"Lịch công tác {str(newest).lower()}"
    meta = card.select_one(".card__meta").get_text(" ", strip=True)
    assert meta.startswith("Lịch công tác tuần · đăng ")
    entry = newest.entries.get(content="Tiếp công dân định kỳ")
    leader = entry.leaders.get()
    assert newest.get_absolute_url() in search_links(
        client, f'"tiep cong dan dinh ky" {leader.name}'
    )

    client.force_login(approver)
    url = f"{WEEK_ADMIN}{newest.pk}/change/"
    prefix = entry_prefix(client, url, entry)
    for place, gone in [
        ("Nhà văn hóa khu phố Suối Tre", None),
        ("Hội trường ấp Bàu Sen", "suoi tre"),
    ]:
        admin_save(client, url, {f"{prefix}-place": place})
        assert newest.get_absolute_url() in search_links(client, f'"{place}"')
        # The card quotes the entry (a second trial could not see where the words were).
        card = page_of(client, "/tim-kiem/", q=f'"{place}"').select_one(".search-results .card")
        quote = card.select_one(".card__excerpt").get_text(" ", strip=True)
        assert quote.startswith("Trong mục lịch: ") and "Tiếp công dân định kỳ" in quote
        assert " ".join(quote.split()).count(place) == 1
        if gone:
            assert newest.get_absolute_url() not in search_links(client, f'"{gone}"')
    admin_save(client, url, {f"{prefix}-DELETE": "on"})
    assert newest.get_absolute_url() not in search_links(client, '"hoi truong ap bau sen"')
    client.logout()

    next_monday = newest.starts_on + datetime.timedelta(days=7)
    client.force_login(writer)
    add = client.get(f"{WEEK_ADMIN}add/")
    data = {**form_fields(add), "status": REVIEW, "entries-0-day": f"{next_monday:%d/%m/%Y}",
            "entries-0-starts_at": "09:00", "entries-0-place": "Xã Hàng Gòn",
            "entries-0-content": "Khảo sát khu di tích mộ cự thạch"}  # fmt: skip
    assert client.post(f"{WEEK_ADMIN}add/", data).status_code == 302
    client.logout()
    week = Week.objects.get(starts_on=next_monday)
    assert week.status == REVIEW
    assert week.get_absolute_url() not in search_links(client, "khao sat di tich")
    client.force_login(approver)
    assert run_action(client, WEEK_ADMIN, "publish", week).status_code == 302
    client.logout()
    assert search_links(client, "khao sat di tich mo cu thach")[0] == week.get_absolute_url()


def test_a_page_in_the_menu_leaves_it_when_taken_down_and_comes_back(client, approver, demo):
    top = Page.objects.get(slug="gioi-thieu-chung")
    assert TOP_PAGE in menu_links(client)
    assert "/en/about/gioi-thieu-chung/" in menu_links(client, "/en/")
    for action, shown in [("unpublish", False), ("publish", True)] * 2:
        client.force_login(approver)
        assert run_action(client, PAGE_ADMIN, action, top).status_code == 302
        client.logout()
        assert (TOP_PAGE in menu_links(client)) is shown, action
        assert (TOP_PAGE in menu_links(client, "/co-cau-to-chuc/")) is shown
        assert ("/en/about/gioi-thieu-chung/" in menu_links(client, "/en/")) is shown
        assert client.get(TOP_PAGE).status_code == (200 if shown else 404)
    # A page moved out of the menu by its editor leaves it too.
    client.force_login(approver)
    admin_save(client, f"{PAGE_ADMIN}{top.pk}/change/", drop=["in_menu"])
    client.logout()
    assert TOP_PAGE not in menu_links(client)


def test_the_body_is_sanitized_when_saved(client, approver, demo):
    client.force_login(approver)
    body = "<p>Nội dung an toàn</p><script>alert('x')</script><img src=x onerror=alert(1)>"
    add = client.get(f"{PAGE_ADMIN}add/")
    response = client.post(
        f"{PAGE_ADMIN}add/",
        {**form_fields(add), "title": "Trang có mã độc", "body": body, "status": PUBLISHED,
         "title_en": "A page", "body_en": "<p>Safe</p><script>steal()</script>",
         **yesterday_at_eight()},
    )  # fmt: skip
    assert response.status_code == 302
    page = Page.objects.get(title="Trang có mã độc")
    for _ in range(2):  # and after a second save from the form
        page.refresh_from_db()
        assert "<script" not in page.body and "onerror" not in page.body
        assert "Nội dung an toàn" in page.body
        assert "<script" not in page.body_en and "Safe" in page.body_en
        admin_save(client, f"{PAGE_ADMIN}{page.pk}/change/", {"body": page.body + body})
    client.logout()
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Nội dung an toàn" in html and "alert(" not in html and "onerror" not in html
    assert "steal()" not in client.get(page.get_english_url()).content.decode()


# 4. The writer → approver workflow in the admin


def test_a_writer_sends_a_page_for_review_even_when_publication_is_forged(
    client, writer, other_writer, approver, demo
):
    client.force_login(writer)
    add = client.get(f"{PAGE_ADMIN}add/")
    statuses = [o["value"] for o in soup(add).select("select[name=status] option")]
    assert PUBLISHED not in statuses  # not offered to a writer...
    data = {**form_fields(add), "title": "Quy chế làm việc của UBND", "status": PUBLISHED,
            "body": "<p>Quy chế làm việc.</p>", "published_at_0": "01/01/2020",
            "published_at_1": "08:00:00"}  # fmt: skip
    assert client.post(f"{PAGE_ADMIN}add/", data).status_code == 302
    page = Page.objects.get(title="Quy chế làm việc của UBND")
    assert page.status == REVIEW and page.published_at is None  # ...nor taken when forged
    assert page.created_by == writer
    url = f"{PAGE_ADMIN}{page.pk}/change/"
    admin_save(client, url, {"summary": "Sửa lần hai", "status": PUBLISHED})  # forged again
    page.refresh_from_db()
    assert page.status == REVIEW and page.published_at is None and page.summary == "Sửa lần hai"
    assert page.title in client.get(PAGE_ADMIN).content.decode()
    client.logout()
    page_of(client, page.get_absolute_url(), status=404)

    # Another writer neither lists nor opens it.
    client.force_login(other_writer)
    assert page.title not in client.get(PAGE_ADMIN).content.decode()
    response = client.get(url)
    assert response.status_code == 403 and page.title not in response.content.decode()
    assert "do người khác viết" in response.content.decode()
    assert client.get(f"{PAGE_ADMIN}{page.pk}/history/").status_code == 403  # said, as above
    assert client.post(url, {"title": "Chiếm trang", "status": DRAFT}).status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "Quy chế làm việc của UBND"

    # The approver sees it waiting, publishes it from the list; the writer may no longer change it.
    client.force_login(approver)
    assert "1 trang giới thiệu đang chờ duyệt" in client.get("/admin/").content.decode()
    done = run_action(client, PAGE_ADMIN, "publish", page, follow=True)
    assert "Đã xuất bản 1 trang." in messages_of(done)
    assert "đang chờ duyệt" not in client.get("/admin/").content.decode()
    client.logout()
    assert page_of(client, page.get_absolute_url()).h1.get_text() == page.title
    client.force_login(writer)
    assert "trang giới thiệu đang chờ duyệt" not in client.get("/admin/").content.decode()
    for _ in range(2):
        response = client.post(url, {**data, "title": "Sửa sau khi đăng", "status": REVIEW})
        assert response.status_code == 403
    page.refresh_from_db()
    assert page.title == "Quy chế làm việc của UBND" and page.status == PUBLISHED


def test_restoring_an_old_version_brings_back_the_title_and_keeps_the_status(
    client, writer, approver, demo
):
    client.force_login(writer)
    add = client.get(f"{PAGE_ADMIN}add/")
    data = {**form_fields(add), "title": "Tiêu đề ban đầu", "body": "<p>Thân bài</p>",
            "status": REVIEW}  # fmt: skip
    assert client.post(f"{PAGE_ADMIN}add/", data).status_code == 302
    page = Page.objects.get(title="Tiêu đề ban đầu")
    url = f"{PAGE_ADMIN}{page.pk}/change/"
    client.force_login(approver)
    admin_save(
        client, url, {"title": "Tiêu đề đã sửa", "status": PUBLISHED, **yesterday_at_eight()}
    )
    admin_save(client, url, {"title": "Tiêu đề sửa lần hai"})
    first, second = page.history.order_by("history_date")[:2]
    assert (first.title, first.status) == ("Tiêu đề ban đầu", REVIEW)

    for version, title in [(first, "Tiêu đề ban đầu"), (second, "Tiêu đề đã sửa")]:
        restore = f"{PAGE_ADMIN}{page.pk}/history/{version.history_id}/"
        admin_save(client, restore)  # the old version's form, posted as it is
        page.refresh_from_db()
        assert page.title == title
        assert page.status == PUBLISHED and page.is_public  # not sent back to review
        assert page.history.latest().history_change_reason.startswith("Khôi phục phiên bản lúc")
        client.logout()
        assert page_of(client, page.get_absolute_url()).h1.get_text() == title
        client.force_login(approver)
    history = client.get(f"{PAGE_ADMIN}{page.pk}/history/").content.decode()
    assert "Khôi phục phiên bản lúc" in history

    # Taken down, then an old published version restored: it stays down.
    assert run_action(client, PAGE_ADMIN, "unpublish", page).status_code == 302
    admin_save(client, f"{PAGE_ADMIN}{page.pk}/history/{second.history_id}/")
    page.refresh_from_db()
    assert page.title == "Tiêu đề đã sửa" and page.status == DRAFT
    client.logout()
    page_of(client, page.get_absolute_url(), status=404)


@pytest.mark.parametrize("model", ["page", "week"])
def test_a_writer_cannot_restore_a_version_of_what_is_published(
    client, writer, approver, demo, model
):
    """A writer's row, once an approver published it, is no longer the writer's to change: nor
    by restoring one of its versions, whose own status (a draft) simple-history asked about (a
    trial restored a published week as its writer, and residents saw the writer's entries)."""
    admin = PAGE_ADMIN if model == "page" else WEEK_ADMIN
    client.force_login(writer)
    data = form_fields(client.get(f"{admin}add/"))
    if model == "page":
        data.update(title="Trang của phóng viên", body="<p>Nội dung đầu.</p>")
    else:
        data.update(
            starts_on=f"{monday_of(timezone.localdate()) + datetime.timedelta(days=70):%d/%m/%Y}"
        )
    assert client.post(f"{admin}add/", {**data, "status": REVIEW}).status_code == 302
    row = (Page if model == "page" else Week).objects.get(created_by=writer)
    url = f"{admin}{row.pk}/change/"
    admin_save(client, url, {"note" if model == "week" else "title": "Bản sửa của phóng viên"})
    first = row.history.order_by("history_date", "history_id").first()
    client.force_login(approver)
    assert run_action(client, admin, "publish", row).status_code == 302
    row.refresh_from_db()
    before = [(v.history_id) for v in row.history.all()]

    client.force_login(writer)
    # Its page says why it is read-only (from a trial: articles said it, pages and weeks not).
    said = messages_of(client.get(url))[-1]  # after those of the saves before
    noun = "Trang" if model == "page" else "Lịch tuần"
    assert said == (f"{noun} đã xuất bản: chỉ Ban biên tập được sửa hoặc gỡ. Bạn xem được nội "
                    "dung và lịch sử các phiên bản.")  # fmt: skip
    version_url = f"{admin}{row.pk}/history/{first.history_id}/"
    page = client.get(version_url)
    assert page.status_code == 200 and not soup(page).select("input[name=_save]")
    # The version is shown, not a form one might fill in and not send (a trial did).
    form = soup(page).select_one("#content form")
    fields = form.select("textarea, select, input:not([type=hidden])")
    # Status and publication time, which a restore keeps as they are now, are not shown.
    assert fields == [] and "Trạng thái" not in form.get_text()
    assert ("Ghi chú:" if model == "week" else "Tiêu đề:") in form.get_text()
    note = soup(page).select_one(".restore-note").get_text(" ", strip=True)
    assert "Bạn chỉ xem được phiên bản này" in note and "Khôi phục phiên bản này" not in note
    refused = client.post(version_url, form_fields(page))
    assert refused.status_code == 403
    assert "Chỉ Ban biên tập khôi phục được phiên bản" in refused.content.decode()
    assert [v.history_id for v in row.history.all()] == before  # no new version
    fresh = type(row).objects.get(pk=row.pk)
    assert fresh.status == PUBLISHED
    assert (fresh.note if model == "week" else fresh.title) == "Bản sửa của phóng viên"

    client.force_login(approver)  # the approver may
    page = client.get(version_url)
    assert soup(page).select("input[name=_save]")
    # What a restore keeps as it is now is not a field there (a trial changed the status on
    # the version page, and the restore dropped it without a word).
    form = soup(page).select_one("#content form")
    assert form.select("textarea") and not form.select("[name=status], [name^=published_at]")
    assert client.post(version_url, form_fields(page)).status_code == 302


def test_a_writer_submits_a_weekly_schedule_and_an_approver_publishes_it(
    client, writer, approver, demo
):
    next_monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    client.force_login(writer)
    add = client.get(f"{WEEK_ADMIN}add/")
    form = form_fields(add)
    assert form["starts_on"] == f"{next_monday:%d/%m/%Y}"  # the week after the newest
    assert form["entries-TOTAL_FORMS"] == "1" and form["entries-INITIAL_FORMS"] == "0"
    minh = Person.objects.get(name="Nguyễn Văn Minh")
    wednesday = next_monday + datetime.timedelta(days=2)
    data = {**form, "status": PUBLISHED, "note": "Lịch có thể thay đổi.",
            "entries-0-day": f"{wednesday:%d/%m/%Y}", "entries-0-starts_at": "08:30",
            "entries-0-content": "Làm việc với Sở Nội vụ về sắp xếp tổ chức bộ máy",
            "entries-0-leaders": [str(minh.pk)], "entries-0-place": "Phòng họp số 2"}  # fmt: skip
    assert client.post(f"{WEEK_ADMIN}add/", data).status_code == 302
    week = Week.objects.get(starts_on=next_monday)
    assert week.status == REVIEW and week.created_by == writer
    assert list(week.entries.get().leaders.all()) == [minh]
    client.logout()
    code = iso_week(next_monday)
    page = page_of(client, "/lich-cong-tac/", tuan=code)
    assert NO_WEEK in page.select_one("main").get_text()

    client.force_login(approver)
    assert "1 lịch công tác đang chờ duyệt" in client.get("/admin/").content.decode()
    assert run_action(client, WEEK_ADMIN, "publish", week).status_code == 302
    # The history names each version by its week, as pages' by title and documents' by number.
    history = soup(client.get(f"{WEEK_ADMIN}{week.pk}/history/"))
    links = [a.get_text() for a in history.select("#change-history tbody td:first-child a")]
    # Numbered, the first saved 1: two saved in the same second looked alike (a trial).
    assert links == [f"2. {week}", f"1. {week}"] and str(week).startswith(
        f"Tuần {next_monday:%d/%m}"
    )
    client.logout()
    page = page_of(client, "/lich-cong-tac/", tuan=code)
    row = schedule_rows(page)["Làm việc với Sở Nội vụ về sắp xếp tổ chức bộ máy"]
    assert "08:30" in row and "Chủ tịch UBND thành phố Nguyễn Văn Minh" in row
    assert "(Điều chỉnh)" not in row and "Lịch có thể thay đổi." in page.get_text()

    client.force_login(writer)  # published: no longer the writer's to change
    response = client.post(f"{WEEK_ADMIN}{week.pk}/change/", {**data, "note": "Sửa"})
    assert response.status_code == 403
    assert Week.objects.get(pk=week.pk).note == "Lịch có thể thay đổi."


def test_a_week_that_has_its_schedule_says_where_it_is(client, writer, approver, demo):
    """From a trial: a writer adding this week's schedule read "… đã tồn tại" and could not
    find it (their list shows their own weeks). The form says which week, where to find it,
    and whom to ask; nothing is saved; the approver, the second time, reads the same."""
    week = Week.objects.order_by("-starts_on").first()
    count = Week.objects.count()
    for user in [writer, approver]:
        client.force_login(user)
        add = client.get(f"{WEEK_ADMIN}add/")
        data = {**form_fields(add), "starts_on": f"{week.starts_on:%d/%m/%Y}"}
        response = client.post(f"{WEEK_ADMIN}add/", data)
        assert response.status_code == 200
        error = soup(response).select_one(".errorlist").get_text(" ", strip=True)
        assert error.startswith(f"Tuần bắt đầu ngày {week.starts_on:%d/%m/%Y} đã có lịch công tác")
        assert "Ban biên tập" in error and "đã tồn tại" not in error
        assert Week.objects.count() == count


def add_week(client, monday, content, starts_at="08:00", status=DRAFT, **entry):
    """A week with one entry, added through the admin's form as its editor does; (the week,
    the page the save led to)."""
    add = client.get(f"{WEEK_ADMIN}add/")
    data = {**form_fields(add), "status": status, "entries-0-day": f"{monday:%d/%m/%Y}",
            "entries-0-starts_at": starts_at, "entries-0-content": content,
            **{f"entries-0-{name}": value for name, value in entry.items()}}  # fmt: skip
    response = client.post(f"{WEEK_ADMIN}add/", data, follow=True)
    assert response.redirect_chain, soup(response).select(".errorlist")
    return Week.objects.get(starts_on=monday), response


def entry_prefix(client, url, entry):
    """The inline form's prefix ("entries-3") of `entry` on the week's admin page."""
    fields = form_fields(client.get(url))
    for name, value in fields.items():
        if name.endswith("-id") and value == str(entry.pk):
            return name[: -len("-id")]
    raise AssertionError(f"no form for entry {entry.pk}")


def test_restoring_a_week_brings_back_its_entries_as_they_were(client, approver, demo):
    """A week's version holds its entries: restoring the first version puts back an edited
    entry (its place and leaders), adds again a deleted one, deletes one added since, and the
    page and the message say what it did; restoring the version made before the restore brings
    the edits back (the second time). From a trial: entries had no versions."""
    week = Week.objects.order_by("starts_on").first()
    edited, deleted = week.entries.order_by("pk")[:2]
    deleted_leaders = sorted(deleted.leaders.values_list("pk", flat=True))
    edited_leaders = sorted(edited.leaders.values_list("pk", flat=True))
    assert deleted_leaders and edited_leaders
    first = week.history.order_by("history_date", "history_id").first()
    first_note, first_count = week.note, week.entries.count()
    client.force_login(approver)
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    edit, gone = entry_prefix(client, url, edited), entry_prefix(client, url, deleted)
    form = form_fields(client.get(url))
    assert int(form["entries-TOTAL_FORMS"]) > first_count  # a blank form is shown
    blank = f"entries-{first_count}"  # the first blank form takes the new entry
    admin_save(
        client,
        url,
        {
            "note": "Ghi chú đã sửa.",
            f"{edit}-place": "Hội trường A",
            f"{edit}-leaders": [],
            f"{gone}-DELETE": "on",
            f"{blank}-day": f"{week.starts_on:%d/%m/%Y}",
            f"{blank}-starts_at": "16:00",
            f"{blank}-content": "Họp đột xuất về phòng chống bão",
        },
    )
    assert not Entry.objects.filter(pk=deleted.pk).exists()
    added = Entry.objects.get(content="Họp đột xuất về phòng chống bão")
    before_restore = week.history.order_by("-history_date", "-history_id").first()
    history = soup(client.get(f"{WEEK_ADMIN}{week.pk}/history/"))
    newest = history.select_one("#change-history tbody tr").get_text(" ", strip=True)
    assert "Mục lịch: thêm 1 mục, sửa 1 mục, xóa 1 mục" in newest
    # Each entry named, with what changed in it (from a trial: the counts alone).
    items = [
        li.get_text(" ", strip=True)
        for li in history.select("#change-history tbody tr")[0].select("li")
    ]
    day = f"{WEEKDAYS[week.starts_on.weekday()]} {week.starts_on:%d/%m}"
    assert f"Thêm: {day} 16:00 – Họp đột xuất về phòng chống bão" in items
    leaders = ", ".join(Person.objects.filter(pk__in=edited_leaders).values_list("name", flat=True))
    changed = [item for item in items if item.startswith("Sửa: ")]
    assert len(changed) == 1 and edited.content[:30] in changed[0]
    assert f"(địa điểm: {edited.place} → Hội trường A; lãnh đạo dự: " in changed[0]
    assert changed[0].endswith(" → không)") and all(n in changed[0] for n in leaders.split(", "))
    when = f"{WEEKDAYS[deleted.day.weekday()]} {deleted.day:%d/%m} {deleted.starts_at:%H:%M}"
    assert [item for item in items if item.startswith("Xóa: ")] == [
        f"Xóa: {when} – {deleted.content}"
    ]

    version_url = f"{WEEK_ADMIN}{week.pk}/history/{first.history_id}/"
    page = soup(client.get(version_url))
    crumbs = [a.get_text() for a in page.select(".breadcrumbs a")]
    assert crumbs[2] == "Lịch công tác tuần"  # the list's name, not "Phiên bản lịch tuần"
    oldest = history.select("#change-history tbody tr")[-1].get_text(" ", strip=True)
    assert f"Mục lịch: tạo với {first_count} mục" in oldest  # the first version's entries
    note = page.select_one(".restore-note").get_text(" ", strip=True)
    assert f"các mục lịch về như trong phiên bản ({first_count} mục" in note
    listed = [row.get_text(" ", strip=True) for row in page.select(".version-entries tbody tr")]
    assert len(listed) == first_count
    assert any(deleted.content in row for row in listed)
    assert not any("Hội trường A" in row or "phòng chống bão" in row for row in listed)
    response = client.post(version_url, form_fields(client.get(version_url)), follow=True)

    messages = soup(response).select_one(".messagelist").get_text(" ", strip=True)
    when = local_time(first.history_date, seconds=True)
    number = week.history.filter(history_id__lte=first.history_id).count()
    assert number == 1 and page.h1.get_text(strip=True).endswith(f"phiên bản 1 (lúc {when})")
    assert f"Đã khôi phục lịch tuần “{week}” về phiên bản 1 (lúc {when})." in messages
    done = ("1 mục được sửa lại như lúc đó; 1 mục đã xóa được thêm lại; 1 mục thêm sau đó được "
            "đánh dấu hoãn (lịch đã công bố)")  # fmt: skip
    assert f"Các mục lịch: {done}." in messages
    assert "đã được thay đổi thành công" not in messages
    assert response.redirect_chain[-1][0] == url  # back on the week's page
    week.refresh_from_db()
    # The week is published: the entry added since, which residents could read, is postponed
    # (what editors are asked to do with an announced meeting), not made to vanish.
    assert week.note == first_note and week.entries.count() == first_count + 1
    assert Entry.objects.get(pk=edited.pk).place == edited.place
    restored_leaders = Entry.objects.get(pk=edited.pk).leaders.values_list("pk", flat=True)
    assert sorted(restored_leaders) == edited_leaders
    back = Entry.objects.get(pk=deleted.pk)  # added again, with its id
    assert back.content == deleted.content
    assert sorted(back.leaders.values_list("pk", flat=True)) == deleted_leaders
    assert Entry.objects.get(pk=added.pk).cancelled
    client.logout()
    rows = schedule_rows(page_of(client, "/lich-cong-tac/", tuan=iso_week(week.starts_on)))
    assert deleted.content in rows and "(Hoãn)" in rows["Họp đột xuất về phòng chống bão"]

    client.force_login(approver)  # the second time: the edits come back
    later_url = f"{WEEK_ADMIN}{week.pk}/history/{before_restore.history_id}/"
    client.post(later_url, form_fields(client.get(later_url)), follow=True)
    week.refresh_from_db()
    assert week.note == "Ghi chú đã sửa."
    assert Entry.objects.get(pk=edited.pk).place == "Hội trường A"
    assert not Entry.objects.get(pk=edited.pk).leaders.exists()
    assert Entry.objects.get(pk=deleted.pk).cancelled  # seen again by residents: postponed
    assert not Entry.objects.get(content="Họp đột xuất về phòng chống bão").cancelled


def test_restoring_a_draft_week_deletes_what_was_added_since(client, approver, demo):
    """No resident could read a draft: an entry added after the restored version is deleted,
    not marked postponed as on a published week."""
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    client.force_login(approver)
    week, _ = add_week(client, monday, "Họp chuẩn bị")
    first = week.history.order_by("history_date", "history_id").first()
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    admin_save(client, url, {"entries-1-day": f"{monday:%d/%m/%Y}", "entries-1-starts_at": "14:00",
                             "entries-1-content": "Mục thêm sau"})  # fmt: skip
    assert week.entries.count() == 2
    version_url = f"{WEEK_ADMIN}{week.pk}/history/{first.history_id}/"
    response = client.post(version_url, form_fields(client.get(version_url)), follow=True)
    assert "Các mục lịch: 1 mục thêm sau đó bị xóa." in " ".join(messages_of(response))
    assert list(week.entries.values_list("content", flat=True)) == ["Họp chuẩn bị"]


def test_deleting_a_week_keeps_what_its_last_version_held(client, approver, demo):
    """Its entries go first, one by one: the last version still holds them (the history of a
    deleted week is still the admin's to read), and nothing fails."""
    week = Week.objects.order_by("starts_on").first()
    count = week.entries.count()
    client.force_login(approver)
    delete = f"{WEEK_ADMIN}{week.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Week.objects.filter(pk=week.pk).exists()
    last = Week.history.model.objects.filter(id=week.pk).exclude(history_type="-")
    assert len(last.order_by("-history_date", "-history_id").first().entries) == count


def test_a_restore_keeps_the_adjusted_mark_and_leaves_entries_to_those_who_may_edit_them(
    client, approver, demo
):
    """On a published week an entry moved and moved back still says "(Điều chỉnh)" after a
    restore (residents saw it moved); and an account that may change weeks but not entries
    restores the week's own fields only, and is told so."""
    from django.contrib.auth.models import Permission, User

    week = Week.objects.order_by("starts_on").first()
    assert week.status == PUBLISHED
    entry = week.entries.order_by("pk").first()
    first = week.history.order_by("history_date", "history_id").first()
    client.force_login(approver)
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    admin_save(client, url, {f"{entry_prefix(client, url, entry)}-place": "Hội trường B"})
    assert Entry.objects.get(pk=entry.pk).changed
    version_url = f"{WEEK_ADMIN}{week.pk}/history/{first.history_id}/"
    client.post(version_url, form_fields(client.get(version_url)))
    back = Entry.objects.get(pk=entry.pk)
    assert back.place == entry.place and back.changed  # as residents last saw it: moved

    admin_save(
        client,
        url,
        {"note": "Ghi chú mới.", f"{entry_prefix(client, url, entry)}-place": "Hội trường C"},
    )
    weeks_only = User.objects.create_user("lich", password="mat-khau-rat-dai-2026", is_staff=True)
    weeks_only.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="organisation",
            codename__in=["view_week", "change_week", "publish_week", "view_entry"],
        )
    )
    client.force_login(weeks_only)
    response = client.post(version_url, form_fields(client.get(version_url)), follow=True)
    messages = soup(response).select_one(".messagelist").get_text(" ", strip=True)
    assert "Bạn không có quyền thêm, sửa và xóa mục lịch" in messages
    assert Week.objects.get(pk=week.pk).note == first.note
    assert Entry.objects.get(pk=entry.pk).place == "Hội trường C"


def test_inactive_officials_and_the_people_of_an_inactive_unit_are_not_found(
    client, admin_client, demo
):
    person, other = Person.objects.filter(active=True, unit__active=True).order_by("pk")[:2]
    admin_save(
        admin_client,
        f"/admin/organisation/person/{person.pk}/change/",
        {"name": "Lã Thị Thu Trang"},
        drop=["active"],
    )
    assert not soup(client.get("/tim-kiem/", {"q": "La Thi Thu Trang"})).select(".search-results")
    other.name = "Âu Dương Phong"
    other.save()
    assert soup(client.get("/tim-kiem/", {"q": "Au Duong Phong"})).select(".search-results")
    admin_save(admin_client, f"/admin/organisation/unit/{other.unit_id}/change/", drop=["active"])
    assert not soup(client.get("/tim-kiem/", {"q": "Au Duong Phong"})).select(".search-results")


def test_a_week_version_saved_before_versions_held_entries_says_they_stay(client, approver, demo):
    """A version from before (its entries not known): the page and the message say that only
    the week's own fields come back, and the entries stay as they are."""
    week = Week.objects.order_by("starts_on").first()
    entry = week.entries.order_by("pk").first()
    client.force_login(approver)
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    first_note = week.note
    admin_save(
        client,
        url,
        {"note": "Ghi chú đã sửa.", f"{entry_prefix(client, url, entry)}-place": "Hội trường A"},
    )
    first = week.history.order_by("history_date", "history_id").first()
    type(first).objects.filter(history_id=first.history_id).update(entries=None)
    version_url = f"{WEEK_ADMIN}{week.pk}/history/{first.history_id}/"

    page = soup(client.get(version_url))
    note = page.select_one(".restore-note").get_text(" ", strip=True)
    assert "các mục lịch giữ nguyên như hiện tại" in note and not page.select(".version-entries")
    response = client.post(version_url, form_fields(client.get(version_url)), follow=True)
    messages = soup(response).select_one(".messagelist").get_text(" ", strip=True)
    assert "các mục lịch giữ nguyên như hiện tại" in messages
    assert Week.objects.get(pk=week.pk).note == first_note
    assert Entry.objects.get(pk=entry.pk).place == "Hội trường A"


def test_an_official_is_found_by_name_with_title_and_unit_and_after_a_rename(
    client, admin_client, demo
):
    """A resident searching an official's name finds the official: the card names the title
    and the unit, and leads to the official on the unit's page; a rename in the admin reaches
    the search, the old name no longer finds them, and a unit's new name reaches its people's
    cards (the receivers were functions made inside ready(), which Django held weakly: gone;
    and the unit was found alone, with nothing on its card to say why: a trial)."""
    person = Person.objects.filter(active=True, unit__active=True).order_by("pk").first()
    unit = person.unit
    admin_save(
        admin_client,
        f"/admin/organisation/person/{person.pk}/change/",
        {"name": "Trịnh Thị Ngọc Hân"},
    )
    page = soup(client.get("/tim-kiem/", {"q": "Ngọc Hân"}))
    card = page.select_one(".search-results > *")
    text = card.get_text(" ", strip=True)
    assert "Trịnh Thị Ngọc Hân" in text and person.title in text and unit.name in text
    assert "Cán bộ" in text
    link = card.select_one("a")["href"]
    assert link.endswith(f"{unit.get_absolute_url()}#can-bo-{person.pk}")
    unit_page = soup(client.get(unit.get_absolute_url()))
    assert "Trịnh Thị Ngọc Hân" in unit_page.select_one(f"#can-bo-{person.pk}").get_text()
    assert not soup(client.get("/tim-kiem/", {"q": person.name})).select(
        f".search-results a[href$='#can-bo-{person.pk}']"
    )

    admin_save(
        admin_client,
        f"/admin/organisation/unit/{unit.pk}/change/",
        {"name": "Phòng Văn hóa, Khoa học và Thông tin"},
    )
    text = soup(client.get("/tim-kiem/", {"q": "Ngoc Han"})).select_one(".search-results > *")
    assert "Phòng Văn hóa, Khoa học và Thông tin" in text.get_text(" ", strip=True)


@pytest.mark.parametrize("model", ["page", "week"])
def test_publishing_from_the_form_with_no_time_means_now(client, approver, demo, model):
    """The publication time left empty by an approver who publishes: published now (as for
    documents), not a refusal naming a database constraint in English."""
    client.force_login(approver)
    add = client.get(f"/admin/organisation/{model}/add/")
    data = {**form_fields(add), "status": PUBLISHED, "published_at_0": "", "published_at_1": ""}
    if model == "page":
        data.update(title="Trang đăng ngay", body="<p>Đăng ngay.</p>")
    response = client.post(f"/admin/organisation/{model}/add/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    published = (Page if model == "page" else Week).objects.get(created_by=approver)
    assert published.status == PUBLISHED and published.is_public
    assert published.published_at.microsecond == 0
    client.logout()
    assert client.get(published.get_absolute_url()).status_code == 200


# 5. The weekly schedule


def test_this_week_is_shown_monday_to_friday_with_today_marked(client, db):
    today = timezone.localdate()
    monday = monday_of(today)
    week = Week.objects.create(starts_on=monday, status=PUBLISHED)
    Entry.objects.create(week=week, day=today, starts_at=datetime.time(8), content="Họp hôm nay")
    Entry.objects.create(week=week, day=monday, starts_at=datetime.time(14), content="Họp đầu tuần")
    page = page_of(client, "/lich-cong-tac/")
    days = [monday + datetime.timedelta(days=n) for n in range(5)]
    expected = sorted({*days, today})  # a weekend day has a row when it has an entry
    bodies = page.select("table.schedule tbody")
    assert [b.time["datetime"] for b in bodies] == [f"{day:%Y-%m-%d}" for day in expected]
    (current,) = page.select('table.schedule tbody[aria-current="date"]')
    assert current.time["datetime"] == f"{today:%Y-%m-%d}"
    assert "Họp hôm nay" in current.get_text() and "Hôm nay" in current.get_text()
    empty = [b for b in bodies if b.time["datetime"] not in (f"{today}", f"{monday}")]
    assert all("Không có lịch." in b.get_text() for b in empty)
    title = page.h1.get_text(" ", strip=True)
    assert f"từ {monday:%d/%m/%Y} đến {monday + datetime.timedelta(days=6):%d/%m/%Y}" in title


def test_the_weeks_are_navigated_by_iso_week(client, demo):
    monday = monday_of(timezone.localdate())
    before, after = monday - datetime.timedelta(days=7), monday + datetime.timedelta(days=7)
    page = page_of(client, "/lich-cong-tac/")
    previous = page.find("a", string=re.compile("Tuần trước"))["href"]
    following = page.find("a", string=re.compile("Tuần sau"))["href"]
    assert previous == f"/lich-cong-tac/?tuan={iso_week(before)}"
    assert following == f"/lich-cong-tac/?tuan={iso_week(after)}"
    assert "Làm việc với Phòng Tài chính - Kế hoạch" in page.get_text()  # this week's demo

    last_week = page_of(client, previous)
    assert "Họp thành viên UBND thành phố thường kỳ tháng" in last_week.get_text()
    assert f"từ {before:%d/%m/%Y}" in last_week.h1.get_text()
    assert last_week.find("a", string="Tuần này")["href"] == "/lich-cong-tac/"
    next_week = page_of(client, following)
    assert NO_WEEK in next_week.select_one("main").get_text()
    back = next_week.find("a", string=re.compile("Tuần trước"))["href"]
    assert back == f"/lich-cong-tac/?tuan={iso_week(monday)}"

    # From a trial: a week with no schedule led only to the week before it, empty too two
    # weeks ahead. It leads to the nearest week that has one, either side.
    in_two_weeks = page_of(client, "/lich-cong-tac/", tuan=iso_week(after + datetime.timedelta(7)))
    nearest = in_two_weeks.select(".schedule__nearest a")
    assert [(a.get_text(), a["href"]) for a in nearest] == [
        (f"tuần từ {monday:%d/%m/%Y}", f"/lich-cong-tac/?tuan={iso_week(monday)}")
    ]
    oldest = Week.objects.published().order_by("starts_on").first().starts_on
    long_ago = page_of(client, "/lich-cong-tac/", tuan=iso_week(oldest - datetime.timedelta(70)))
    nearest = long_ago.select(".schedule__nearest a")
    assert [(a.get_text(), a["href"]) for a in nearest] == [
        (f"tuần từ {oldest:%d/%m/%Y}", f"/lich-cong-tac/?tuan={iso_week(oldest)}")
    ]


@pytest.mark.parametrize(
    ("code", "first_day", "previous", "following"),
    [
        ("2026-W01", "29/12/2025", "2025-W52", "2026-W02"),
        ("2026-W53", "28/12/2026", "2026-W52", "2027-W01"),
        ("2027-W01", "04/01/2027", "2026-W53", "2027-W02"),
    ],
)
def test_the_week_links_cross_the_years(client, db, code, first_day, previous, following):
    page = page_of(client, "/lich-cong-tac/", tuan=code)
    assert f"từ {first_day}" in page.h1.get_text()
    assert page.find("a", string=re.compile("Tuần trước"))["href"].endswith(f"?tuan={previous}")
    assert page.find("a", string=re.compile("Tuần sau"))["href"].endswith(f"?tuan={following}")


@pytest.mark.parametrize(
    "code", ["abc", "2026-W5", "2026-48", "2026W48", "2026-W00", "2025-W53", "2026-W54", "2026-w48"]
)
@pytest.mark.parametrize("url", ["/lich-cong-tac/", "/lich-cong-tac/ban-in/"])
def test_a_malformed_week_is_404(client, db, url, code):
    client.raise_request_exception = False
    assert client.get(url, {"tuan": code}).status_code == 404


@pytest.mark.parametrize("code", ["0001-W01", "9999-W52"])
@pytest.mark.parametrize("url", ["/lich-cong-tac/", "/lich-cong-tac/ban-in/"])
def test_a_week_at_the_ends_of_the_calendar_is_404_not_500(client, db, url, code):
    """Well-formed, but its previous or next week is outside the dates Python can hold."""
    client.raise_request_exception = False
    assert client.get(url, {"tuan": code}).status_code == 404


@pytest.mark.parametrize("status", [DRAFT, REVIEW])
def test_an_unpublished_week_is_not_shown(client, demo, status):
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    week = Week.objects.create(starts_on=monday, status=status)
    Entry.objects.create(week=week, day=monday, starts_at=datetime.time(8), content="Họp kín")
    for url in ["/lich-cong-tac/", "/lich-cong-tac/ban-in/"]:
        page = page_of(client, url, tuan=iso_week(monday))
        assert NO_WEEK in page.get_text() and "Họp kín" not in page.get_text()
        assert not page.select("table.schedule")
    # This week's published schedule says nothing of it: no "Tuần sau" page to show.
    assert "Họp kín" not in page_of(client, "/lich-cong-tac/").get_text()


def test_the_print_view_has_only_the_schedule(client, demo):
    code = iso_week(monday_of(timezone.localdate()))
    week = Week.objects.get(starts_on=monday_of(timezone.localdate()))
    week.note = "Lịch có thể thay đổi theo chỉ đạo của UBND tỉnh."
    week.save()
    screen = page_of(client, "/lich-cong-tac/", tuan=code)
    assert screen.find("a", string="Bản in (A4)")["href"] == f"/lich-cong-tac/ban-in/?tuan={code}"
    page = page_of(client, "/lich-cong-tac/ban-in/", tuan=code)
    assert page.html["lang"] == "vi"
    for chrome in ["header", "nav", "aside", "footer", ".site-header", ".section-menu"]:
        assert not page.select(chrome), chrome
    sheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert sheets == ["/static/css/schedule-print.css"]
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    rows = schedule_rows(page)
    assert set(rows) == set(schedule_rows(screen)) and len(rows) == 10
    assert page.select_one(".print-agency").get_text() == SiteSettings.objects.get().agency
    assert page.select_one(".print-week-note").get_text() == week.note  # as on the screen (trial)
    assert client.get("/static/css/schedule-print.css").status_code == 200


def test_an_edit_after_publication_is_marked_and_a_cancelled_entry_says_so(client, approver, demo):
    monday = monday_of(timezone.localdate())
    week = Week.objects.get(starts_on=monday)
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    code = iso_week(monday)
    client.force_login(approver)
    admin_save(client, url)  # saved as it is: nothing marked
    moved = "Tiếp công dân định kỳ"
    for place in ["Hội trường UBND thành phố", "Phòng tiếp dân số 2"]:  # edited twice
        n = entry_index(form_fields(client.get(url)), moved)
        admin_save(client, url, {f"entries-{n}-place": place})
        client.logout()
        rows = schedule_rows(page_of(client, "/lich-cong-tac/", tuan=code))
        assert "(Điều chỉnh)" in rows[moved] and place in rows[moved]
        assert [c for c, row in rows.items() if "(Điều chỉnh)" in row] == [moved]
        client.force_login(approver)

    postponed = "Họp Ban chỉ đạo cải cách hành chính thành phố"
    n = entry_index(form_fields(client.get(url)), postponed)
    admin_save(client, url, {f"entries-{n}-cancelled": "on"})
    client.logout()
    page = page_of(client, "/lich-cong-tac/", tuan=code)
    row = schedule_rows(page)[postponed]
    assert "(Hoãn)" in row and "(Điều chỉnh)" not in row
    assert page.find("s", string=postponed)
    assert (
        "(Hoãn)" in schedule_rows(page_of(client, "/lich-cong-tac/ban-in/", tuan=code))[postponed]
    )


def test_editing_a_draft_week_marks_nothing(client, approver, demo):
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    client.force_login(approver)
    week, _ = add_week(client, monday, "Họp chuẩn bị Tết", starts_at="09:00")
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    for place in ["Phòng họp số 1", "Phòng họp số 2"]:
        admin_save(client, url, {"entries-0-place": place, "entries-0-starts_at": "10:00"})
    assert run_action(client, WEEK_ADMIN, "publish", week).status_code == 302
    client.logout()
    page = page_of(client, "/lich-cong-tac/", tuan=iso_week(monday))
    row = schedule_rows(page)["Họp chuẩn bị Tết"]
    assert "10:00" in row and "Phòng họp số 2" in row and "(Điều chỉnh)" not in row


def test_edits_saved_with_the_publication_or_before_its_time_are_not_marked(
    client, writer, approver, demo
):
    """From a trial: an approver corrected a writer's week (a place, a deleted entry, a new one)
    and published it in the same save; the public page marked the corrections "(Điều chỉnh)",
    "changed after publication", though no one had read the week. Marked only once residents
    could read it: not with the save that publishes it, nor before a publication time to come;
    the next edit is marked."""
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    client.force_login(writer)
    add = client.get(f"{WEEK_ADMIN}add/")
    day = f"{monday:%d/%m/%Y}"
    checked, gone, added = ("Kiểm tra công trình đường Hùng Vương", "Làm việc với Phòng Kinh tế",
                            "Họp giao ban khối nội chính")  # fmt: skip
    data = {**form_fields(add), "status": REVIEW, "entries-TOTAL_FORMS": "2",
            "entries-0-day": day, "entries-0-starts_at": "08:00", "entries-0-content": checked,
            "entries-0-place": "Phường Xuân An", "entries-1-day": day,
            "entries-1-starts_at": "14:00", "entries-1-content": gone}  # fmt: skip
    assert client.post(f"{WEEK_ADMIN}add/", data).status_code == 302
    week = Week.objects.get(starts_on=monday)
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    client.force_login(approver)
    form = form_fields(client.get(url))
    n, m = entry_index(form, checked), entry_index(form, gone)
    admin_save(client, url, {"status": PUBLISHED, **yesterday_at_eight(),
                             f"entries-{n}-place": "Phường Xuân Trung", f"entries-{m}-DELETE": "on",
                             "entries-2-day": day, "entries-2-starts_at": "16:00",
                             "entries-2-content": added})  # fmt: skip
    client.logout()
    code = iso_week(monday)
    for path in ["/lich-cong-tac/", "/lich-cong-tac/ban-in/"]:
        rows = schedule_rows(page_of(client, path, tuan=code))
        assert set(rows) == {checked, added}
        assert "Phường Xuân Trung" in rows[checked]
        assert not [row for row in rows.values() if "(Điều chỉnh)" in row], rows
    client.force_login(approver)  # the next edit, once residents could read it, is marked
    n = entry_index(form_fields(client.get(url)), added)
    admin_save(client, url, {f"entries-{n}-starts_at": "16:30"})
    client.logout()
    rows = schedule_rows(page_of(client, "/lich-cong-tac/", tuan=code))
    assert "(Điều chỉnh)" in rows[added] and "(Điều chỉnh)" not in rows[checked]

    # Published for tomorrow: edits before then are not marked.
    later = Week.objects.create(starts_on=monday + datetime.timedelta(days=7), status=DRAFT)
    Entry.objects.create(week=later, day=later.starts_on, starts_at=datetime.time(8), content="A")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(approver)
    later_url = f"{WEEK_ADMIN}{later.pk}/change/"
    publish = {
        "status": PUBLISHED,
        "published_at_0": f"{tomorrow:%d/%m/%Y}",
        "published_at_1": "08:00:00",
    }
    admin_save(client, later_url, publish)
    for place in ["Phòng họp số 1", "Phòng họp số 2"]:
        admin_save(client, later_url, {"entries-0-place": place})
    assert not later.entries.get().changed


def test_copying_the_recurring_entries_once_keeps_their_leaders(client, approver, demo):
    monday = monday_of(timezone.localdate())
    next_monday = monday + datetime.timedelta(days=7)
    meeting = Week.objects.get(starts_on=monday).entries.get(recurring=True)
    leaders = sorted(meeting.leaders.values_list("name", flat=True))
    assert len(leaders) == 4
    client.force_login(approver)
    add = client.get(f"{WEEK_ADMIN}add/")
    assert (
        client.post(f"{WEEK_ADMIN}add/", {**form_fields(add), "status": DRAFT}).status_code == 302
    )
    week = Week.objects.get(starts_on=next_monday)
    assert not week.entries.exists()

    before = week.history.order_by("-history_date", "-history_id").first()
    done = run_action(client, WEEK_ADMIN, "copy_recurring", week, follow=True)
    assert "Đã chép 1 mục từ tuần trước." in messages_of(done)
    copied = week.entries.get()
    # A version of its own, by the approver, which holds the copy (not the version before).
    newest = week.history.order_by("-history_date", "-history_id").first()
    assert newest.history_change_reason == "Chép 1 mục lặp lại từ tuần trước"
    assert newest.history_user == approver and [e["id"] for e in newest.entries] == [copied.pk]
    assert type(before).objects.get(history_id=before.history_id).entries == []
    history = soup(client.get(f"{WEEK_ADMIN}{week.pk}/history/"))
    assert "Mục lịch: thêm 1 mục" in history.select_one("#change-history tbody tr").get_text()
    assert (copied.day, copied.starts_at) == (next_monday, meeting.starts_at)
    assert copied.content == meeting.content and copied.recurring and not copied.changed
    assert meeting.week.entries.filter(recurring=True).count() == 1  # last week's left as it was

    again = run_action(client, WEEK_ADMIN, "copy_recurring", week, follow=True)
    assert any("Không có mục lặp lại nào để chép" in m for m in messages_of(again))
    assert week.entries.count() == 1
    assert week.history.count() == 2  # nothing copied the second time: no version either

    assert run_action(client, WEEK_ADMIN, "publish", week).status_code == 302
    client.logout()
    row = schedule_rows(page_of(client, "/lich-cong-tac/", tuan=iso_week(next_monday)))[
        meeting.content
    ]
    assert "07:30" in row and "(Điều chỉnh)" not in row
    # The leaders who attend it come along.
    assert sorted(copied.leaders.values_list("name", flat=True)) == leaders
    assert all(name in row for name in leaders), row


def test_a_leader_with_two_entries_at_one_time_is_warned_of(client, approver, demo):
    """From a trial: copying last week's standing meeting put it on top of a meeting already
    planned for the same leader at the same time, with no word. The copy, and every save of
    the week, warn of it (not refused: a leader may open one and leave); a postponed entry
    does not count."""
    monday = monday_of(timezone.localdate())
    next_monday = monday + datetime.timedelta(days=7)
    meeting = Week.objects.get(starts_on=monday).entries.get(recurring=True)
    minh = Person.objects.get(name="Nguyễn Văn Minh")
    assert minh in meeting.leaders.all()
    client.force_login(approver)
    visit = "Tiếp đoàn công tác của tỉnh"
    week, response = add_week(
        client, next_monday, visit, meeting.starts_at.strftime("%H:%M"), leaders=[str(minh.pk)]
    )
    assert not [m for m in messages_of(response) if m.startswith("Lưu ý")]

    done = messages_of(run_action(client, WEEK_ADMIN, "copy_recurring", week, follow=True))
    when = f"Thứ hai {next_monday:%d/%m} {meeting.starts_at:%H:%M}"
    assert len(done) == 2 and done[0] == "Đã chép 1 mục từ tuần trước."
    warning = [m for m in done if m.startswith("Lưu ý")]
    assert warning == [
        f"Lưu ý, {week} có lãnh đạo dự hai việc cùng giờ: {when}, Nguyễn Văn Minh: "
        f"“{visit}” và “{meeting.content}”."
    ], done
    url = f"{WEEK_ADMIN}{week.pk}/change/"
    n = entry_index(form_fields(client.get(url)), visit)
    for cancelled, warned in [(True, False), (False, True)]:  # postponed, then not, twice
        changes = {f"entries-{n}-cancelled": "on"} if cancelled else {}
        drop = [] if cancelled else [f"entries-{n}-cancelled"]
        form = {**form_fields(client.get(url)), **changes}
        for name in drop:
            form.pop(name, None)
        said = messages_of(client.post(url, form, follow=True))
        assert any(m.startswith("Lưu ý") for m in said) is warned, said

    # Opening the week says it too (a trial opened it later and was told nothing), and once on
    # the page "Lưu và tiếp tục" comes back to.
    assert [m for m in messages_of(client.get(url)) if m.startswith("Lưu ý")] == warning
    form = {**form_fields(client.get(url)), "_continue": "1"}
    kept = messages_of(client.post(url, form, follow=True))
    assert [m for m in kept if m.startswith("Lưu ý")] == warning, kept


def test_an_entry_dated_outside_its_week_is_refused(client, approver, demo):
    """An entry whose day is not in its week is shown in no week at all: the form says so."""
    monday = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    client.force_login(approver)
    add = client.get(f"{WEEK_ADMIN}add/")
    outside = monday + datetime.timedelta(days=14)
    data = {**form_fields(add), "status": DRAFT, "entries-0-day": f"{outside:%d/%m/%Y}",
            "entries-0-starts_at": "08:00", "entries-0-content": "Họp lạc tuần"}  # fmt: skip
    response = client.post(f"{WEEK_ADMIN}add/", data)
    assert response.status_code == 200
    assert soup(response).select(".inline-group .errorlist")
    assert not Entry.objects.filter(content="Họp lạc tuần").exists()


# 6. English


EN_PAGES = [
    "/en/",
    "/en/organisation/",
    "/en/organisation/phuong-xuan-an/",
    "/en/leaders/",
    "/en/contact/",
    "/en/about/gioi-thieu-chung/",
]


def test_the_english_pages_wear_the_english_chrome(client, demo):
    for url in EN_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == "en"
        page = soup(response)
        assert page.html["lang"] == "en", url
        assert page.select_one("a.skip-link").get_text() == "Skip to main content"
        assert "Governing agency:" in page.select_one("footer").get_text()
        assert page.select_one("header nav.section-menu")["aria-label"] == "Menu"
        assert not page.select("form.search-form")  # the Vietnamese search is left out
        assert page.select_one(".language-link").get_text() == "Tiếng Việt"

    leaders = page_of(client, "/en/leaders/")
    assert names(leaders) == LEADERS
    assert "Chairman of the City People's Committee" in leaders.select_one("main").get_text()
    jobs = {p["name"]: p["jobTitle"] for p in structured_data(leaders)[0]["@graph"]}
    assert jobs["Trần Thị Lan"] == "Vice Chairwoman of the City People's Committee"

    tree = page_of(client, "/en/organisation/").select_one("main ul.org-tree")
    committee = tree.find("a", string="People's Committee of Long Khanh City").find_parent("li")
    assert committee.find("a", string="Xuan An Ward")["href"] == "/en/organisation/phuong-xuan-an/"

    ward = page_of(client, "/en/organisation/phuong-xuan-an/")
    assert ward.h1.get_text() == "Xuan An Ward"
    (data,) = structured_data(ward)
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Xuan An Ward"
    assert data["url"] == "http://testserver/en/organisation/phuong-xuan-an/"

    contact = page_of(client, "/en/contact/")
    assert contact.select_one("main p.hotline a")["href"] == "tel:02513877172"
    found = page_of(client, "/en/contact/", q="van phong")
    assert "Lê Hoàng Phúc" in names(found, ".directory-unit .person__name")
    nobody = page_of(client, "/en/contact/", q="khong co ai")
    assert "Nobody matches" in nobody.select_one("main p[role=status]").get_text()


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("/en/", "/"),
        ("/en/organisation/", "/co-cau-to-chuc/"),
        ("/en/organisation/phuong-xuan-an/", "/co-cau-to-chuc/phuong-xuan-an/"),
        ("/en/leaders/", "/lanh-dao/"),
        ("/en/contact/", "/lien-he/"),
        ("/en/about/gioi-thieu-chung/", TOP_PAGE),
    ],
)
def test_each_language_links_the_other_with_hreflang(client, demo, english, vietnamese):
    pair = {"vi": "http://testserver" + vietnamese, "en": "http://testserver" + english}
    english_links = hreflangs(page_of(client, english))
    vietnamese_links = hreflangs(page_of(client, vietnamese))
    assert {k: english_links.get(k) for k in pair} == pair, english
    assert {k: vietnamese_links.get(k) for k in pair} == pair, vietnamese
    assert english_links["x-default"] == vietnamese_links["x-default"] == pair["vi"]
    # The language switch goes to the same pages.
    assert page_of(client, english).select_one(".language-link")["href"] == pair["vi"]
    switch = page_of(client, vietnamese).select_one(".language-link")["href"]
    assert switch in (pair["en"], english)


def test_what_has_no_english_is_404_under_en_and_not_listed(client, approver, demo):
    page_of(client, "/en/about/kinh-te-xa-hoi/", status=404)
    assert page_of(client, NO_ENGLISH_PAGE).h1.get_text() == "Kinh tế - xã hội"
    assert hreflangs(page_of(client, NO_ENGLISH_PAGE)) == {}
    for url in ["/en/", "/en/about/gioi-thieu-chung/"]:
        links = [a["href"] for a in page_of(client, url).select("a")]
        assert "/en/about/kinh-te-xa-hoi/" not in links
    assert all("kinh-te-xa-hoi" not in loc for loc in sitemap_locations(client, "/sitemap-en.xml"))

    unit = Unit.objects.create(
        name="Phòng Dân tộc", parent=Unit.objects.get(name=UBND), phone="02513.877.240"
    )
    assert page_of(client, unit.get_absolute_url()).h1.get_text() == "Phòng Dân tộc"
    assert hreflangs(page_of(client, unit.get_absolute_url())) == {}
    page_of(client, f"/en/organisation/{unit.slug}/", status=404)
    assert unit.get_absolute_url() not in str(page_of(client, "/en/organisation/"))
    assert f"/en/organisation/{unit.slug}/" not in str(page_of(client, "/en/organisation/"))
    # Given an English name, it is there at once.
    client.force_login(approver)
    admin_save(client, f"/admin/organisation/unit/{unit.pk}/change/",
               {"name_en": "Ethnic Affairs Office"})  # fmt: skip
    client.logout()
    assert page_of(client, f"/en/organisation/{unit.slug}/").h1.get_text() == (
        "Ethnic Affairs Office"
    )
    assert "Ethnic Affairs Office" in page_of(client, "/en/organisation/").get_text()


def test_vietnamese_pages_keep_their_chrome_after_an_english_page(client, demo):
    for english, vietnamese in [("/en/", "/"), ("/en/organisation/", "/co-cau-to-chuc/")] * 2:
        assert page_of(client, english).html["lang"] == "en"
        page = page_of(client, vietnamese)
        assert page.html["lang"] == "vi", vietnamese
        assert page.select_one("a.skip-link").get_text() == "Bỏ qua, đến nội dung chính"
        footer = page.select_one("footer").get_text()
        assert "Cơ quan chủ quản:" in footer and "Governing agency" not in footer
        assert page.select_one("header nav.section-menu")["aria-label"] == "Chuyên mục"
        assert re.match(r"(Thứ|Chủ nhật)", page.select_one(".date-line time").get_text())
        assert page.select_one(".language-link").get_text() == "English"
        assert page.select_one("form.search-form")


# 7. The wards in the sidebar


def test_the_sidebar_lists_the_wards_and_the_picker_takes_you_there(client, approver, demo):
    block = page_of(client, "/").find("h2", string="Website Xã - Phường").find_parent("section")
    options = block.select("select[name=don_vi] option")
    assert [o.get_text() for o in options] == WARDS
    assert block.form["action"] == "/co-cau-to-chuc/chon/"

    response = client.get("/co-cau-to-chuc/chon/", {"don_vi": "phuong-bao-vinh"})
    assert response.status_code == 302
    assert response["Location"] == "https://baovinh.longkhanh.dongnai.gov.vn/"
    unknown = client.get("/co-cau-to-chuc/chon/", {"don_vi": "khong-co"})
    assert unknown.status_code == 302 and unknown["Location"] == "/co-cau-to-chuc/"
    assert client.get("/co-cau-to-chuc/chon/")["Location"] == "/co-cau-to-chuc/"

    # A ward without a website: its page here; a ward hidden: gone from the picker at once.
    ward = Unit.objects.get(name="Xã Hàng Gòn")
    client.force_login(approver)
    url = f"/admin/organisation/unit/{ward.pk}/change/"
    admin_save(client, url, {"website": ""})
    client.logout()
    response = client.get("/co-cau-to-chuc/chon/", {"don_vi": ward.slug})
    assert response["Location"] == "/co-cau-to-chuc/xa-hang-gon/"
    client.force_login(approver)
    admin_save(client, url, drop=["active"])
    client.logout()
    block = page_of(client, "/").find("h2", string="Website Xã - Phường").find_parent("section")
    assert [o.get_text() for o in block.select("option")] == WARDS[:-1]
    assert client.get("/co-cau-to-chuc/chon/", {"don_vi": ward.slug})["Location"] == (
        "/co-cau-to-chuc/"
    )
    page_of(client, "/co-cau-to-chuc/xa-hang-gon/", status=404)


# 8. Sitemaps


def test_the_sitemaps_list_the_organisation(client, demo):
    index = sitemap_locations(client, "/sitemap.xml")
    for section in ["gioi-thieu", "trang", "don-vi", "en"]:
        assert f"http://testserver/sitemap-{section}.xml" in index
    fixed = sitemap_locations(client, "/sitemap-gioi-thieu.xml")
    for path in ["/gioi-thieu/", "/co-cau-to-chuc/", "/lanh-dao/", "/lien-he/", "/lich-cong-tac/"]:
        assert "http://testserver" + path in fixed
    units = sitemap_locations(client, "/sitemap-don-vi.xml")
    assert len(units) == 30 and "http://testserver/co-cau-to-chuc/phuong-xuan-an/" in units

    draft = Page.objects.create(title="Trang nháp", body="<p>Nháp</p>", status=DRAFT)
    pages = sitemap_locations(client, "/sitemap-trang.xml")
    assert sorted(pages) == sorted(
        "http://testserver" + p.get_absolute_url() for p in Page.objects.published()
    )
    assert len(pages) == 4 and "http://testserver" + draft.get_absolute_url() not in pages

    english = sitemap_locations(client, "/sitemap-en.xml")
    assert all(loc.startswith("http://testserver/en/") for loc in english)
    for path in ["/en/", "/en/organisation/", "/en/leaders/", "/en/contact/",
                 "/en/about/gioi-thieu-chung/", "/en/about/lich-su-hinh-thanh/",
                 "/en/organisation/phuong-xuan-an/"]:  # fmt: skip
        assert "http://testserver" + path in english, path
    assert len(english) == 4 + 3 + 30


# 9. The page cache


def test_a_units_phone_change_shows_at_the_next_request(client, approver, demo):
    unit = Unit.objects.get(name="Phòng Tư pháp")
    url = unit.get_absolute_url()

    def phone():
        return page_of(client, url).select_one("main .unit-contacts a[href^=tel]").get_text()

    assert phone() == "02513.877.185"
    Unit.objects.filter(pk=unit.pk).update(phone="000")  # no save: the kept page is served
    assert phone() == "02513.877.185"
    client.force_login(approver)
    for number in ["02513.877.186", "02513.877.187"]:  # changed twice in the admin
        admin_save(client, f"/admin/organisation/unit/{unit.pk}/change/", {"phone": number})
        client.logout()
        assert phone() == number
        tree = page_of(client, "/co-cau-to-chuc/")
        assert (
            tree.find("a", string="Phòng Tư pháp")
            .find_parent("li")
            .find("a", href="tel:" + number.replace(".", ""))
        )
        client.force_login(approver)


def test_a_persons_phone_change_shows_on_the_unit_and_the_directory(client, approver, demo):
    person = Person.objects.get(name="Huỳnh Văn Tâm")
    unit_url = person.unit.get_absolute_url()
    assert "02513.877.185" in page_of(client, unit_url).select_one("main .people").get_text()
    page_of(client, "/lien-he/", q="Huỳnh Văn Tâm")
    client.force_login(approver)
    for number in ["0913.111.222", "0913.333.444"]:
        admin_save(client, f"/admin/organisation/person/{person.pk}/change/", {"phone": number})
        client.logout()
        people = page_of(client, unit_url).select_one("main .people")
        assert people.find("a", href="tel:" + number.replace(".", "")), number
        found = page_of(client, "/lien-he/", q="Huỳnh Văn Tâm").select_one(".directory-unit")
        assert number in found.get_text()
        client.force_login(approver)


# 10. The demo content, loaded again


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [Unit, Person, Page, Week, Entry, Entry.leaders.through]
    }


def test_the_demo_loader_twice_creates_nothing_more(db):
    assert organisation.demo.load() > 0
    first = counts()
    assert first["Unit"] == 30 and first["Page"] == 4 and first["Week"] == 2
    assert organisation.demo.load() == 0
    assert counts() == first


def test_seed_demo_twice_creates_nothing_more_in_organisation(db):
    load_demo()  # what seed_demo made (tests/helpers.py), then the command again
    first = counts()
    assert first["Unit"] == 30 and first["Page"] == 4 and first["Entry"] == 20
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().strip() == "seed_demo: đã có đủ."
    assert counts() == first
    assert Unit.objects.filter(kind=Unit.Kind.WARD).count() == 15  # no ward twice


# The demo's and the pages' details


def test_the_demo_wards_keep_their_capital_letters(client, demo):
    """Proper names stay capitalised ("phường Xuân An", not "phường xuân an")."""
    page = page_of(client, "/co-cau-to-chuc/phuong-xuan-an/")
    text = page.select_one("main").get_text(" ")
    assert "phường Xuân An" in text
    assert "xuân an" not in text
    assert Person.objects.get(name="Nguyễn Thành Long").title == "Chủ tịch UBND phường Xuân An"


def test_a_unit_phone_with_two_numbers_calls_the_first(client, demo):
    """As for people (Person.tel): a tel: link holds one number, not both run together."""
    unit = Unit.objects.get(name="Phòng Tư pháp")
    unit.phone = "02513.877.185, 0913.456.789"
    unit.save()
    page = page_of(client, unit.get_absolute_url())
    assert page.select_one("main .unit-contacts a[href^=tel]")["href"] == "tel:02513877185"


def test_a_page_scheduled_for_later_is_found_once_its_time_has_come(
    client, approver, demo, monkeypatch
):
    """Pages and their menu entry appear at their publication time by themselves; the search
    must find them from then on too, without another save (as scheduled articles are)."""
    later = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    page = Page.objects.create(
        title="Thông báo lịch tiếp công dân quý mới",
        body="<p>Lịch tiếp công dân định kỳ của Chủ tịch UBND.</p>",
        status=PUBLISHED,
        published_at=later,
    )
    page_of(client, page.get_absolute_url(), status=404)
    assert page.get_absolute_url() not in search_links(client, "lich tiep cong dan quy moi")
    moment = later + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    caches["pages"].clear()  # the result page kept before (15 s, real time) has expired
    assert page_of(client, page.get_absolute_url()).h1.get_text() == page.title
    assert page.get_absolute_url() in search_links(client, "lich tiep cong dan quy moi")


# Queries: each page's own, on top of the chrome's (tests.helpers.CHROME_QUERIES), whatever the
# number of units, people or entries (no query per row).
ENGLISH_CHROME_SAVES = 7  # poll, most read, new documents, questions, wards, the two of links


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("/gioi-thieu/", 1),  # the pages
        ("/gioi-thieu/gioi-thieu-chung/", 2),  # the page with its parent, its children
        ("/co-cau-to-chuc/", 1),  # the units (the settings for the JSON-LD are the chrome's)
        ("/co-cau-to-chuc/phuong-xuan-an/", 3),  # the unit (with its parent), people, children
        ("/lanh-dao/", 1),  # the leaders with their units
        ("/lien-he/", 1),  # everyone with their units (the settings are the chrome's)
        ("/lien-he/?q=van+phong", 1),
        ("/lich-cong-tac/", 5),  # the week, entries, leaders, earlier and later weeks
        # English pages have a smaller chrome: the Vietnamese sidebar blocks are left out.
        ("/en/", 2 - ENGLISH_CHROME_SAVES),  # the pages with English, the leaders
        ("/en/contact/", 1 - ENGLISH_CHROME_SAVES),
    ],
)
def test_each_page_makes_a_fixed_number_of_queries(
    client, demo, django_assert_num_queries, url, own
):
    from tests.helpers import CHROME_QUERIES

    client.get(url)  # the chrome's blocks kept, and counted once in CHROME_QUERIES
    for alias in ("default", "pages", "template_fragments"):
        caches[alias].clear()
    with django_assert_num_queries(own + CHROME_QUERIES):
        assert client.get(url).status_code == 200


def test_a_missing_english_page_says_so_in_english(client, demo):
    """From the new-user trial: /en/ 404s were the Vietnamese page with lang="vi"."""
    response = client.get("/en/about/kinh-te-xa-hoi/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "en" and page.h1.get_text() == "Page not found"
    assert page.select_one("main a")["href"] == "/en/"
    response = client.get("/gioi-thieu/khong-co-trang-nay/")
    assert response.status_code == 404
    page = soup(response)
    assert page.html["lang"] == "vi" and page.h1.get_text() == "Không tìm thấy trang"


def test_the_admin_offers_view_on_site_only_for_what_the_public_can_see(client, approver, demo):
    """From the new-user trial: "Xem trên trang web" on a page in review led to a 404."""
    draft = Page.objects.create(title="Trang đang chờ duyệt", body="<p>Nháp.</p>", status=REVIEW)
    public = Page.objects.get(slug="gioi-thieu-chung")
    client.force_login(approver)
    draft_form = soup(client.get(f"/admin/organisation/page/{draft.pk}/change/"))
    assert not draft_form.select_one("a.viewsitelink")
    public_form = soup(client.get(f"/admin/organisation/page/{public.pk}/change/"))
    assert public_form.select_one("a.viewsitelink")


@pytest.mark.parametrize(
    ("url", "form_id"),
    [
        ("/admin/organisation/page/add/", "page_form"),
        ("/admin/organisation/week/add/", "week_form"),
        ("/admin/organisation/unit/{unit}/change/", "unit_form"),
    ],
)
def test_every_box_of_the_admin_forms_has_a_name(client, approver, demo, url, form_id):
    """From the new-user trial's axe run: the publication date and time boxes, and the people's
    boxes on a unit's form, had no label."""
    unit = Unit.objects.get(slug="phuong-xuan-an")
    client.force_login(approver)
    form = soup(client.get(url.format(unit=unit.pk))).select_one(f"form#{form_id}")
    labelled = {label["for"] for label in form.select("label[for]")}
    unnamed = [
        box.get("name")
        for box in form.select("input, select, textarea")
        if box.get("type") not in ("hidden", "submit", "button")
        and "__prefix__" not in box.get("name", "")
        and box.get("id") not in labelled
        and not box.get("aria-label")
        and not box.find_parent("label")
    ]
    assert unnamed == []


def test_the_menu_marks_the_top_page_a_sub_page_is_under(client, demo):
    """An introduction page below one in the menu ("Giới thiệu chung" › a sub-page): the menu's
    item is what the page is within (aria-current="true"), and the top page is the page itself
    there ("page")."""
    child = Page.objects.published().exclude(parent=None).select_related("parent").first()
    top = child.ancestors()[0]
    assert top.in_menu and top.parent is None
    on_child = page_of(client, child.get_absolute_url())
    on_top = page_of(client, top.get_absolute_url())
    menu = "header nav.section-menu a"
    assert [a["href"] for a in on_child.select(f'{menu}[aria-current="true"]')] == [
        top.get_absolute_url()
    ]
    assert not on_child.select(f'{menu}[aria-current="page"]')
    assert [a["href"] for a in on_top.select(f'{menu}[aria-current="page"]')] == [
        top.get_absolute_url()
    ]


def test_the_migration_gives_each_weeks_newest_version_its_entries(demo):
    """organisation/migrations/0005: versions saved before held no entries; the newest version
    of each week gets today's entries (what it holds by the rule: until the next version), the
    older ones stay unknown (None). Run twice: the same."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("organisation.migrations.0005_week_versions_hold_entries")
    week = Week.objects.order_by("starts_on").first()
    week.note = "Một phiên bản nữa."
    week.save()
    versions = Week.history.model.objects.filter(id=week.pk)
    versions.update(entries=None)
    for _ in range(2):
        migration.newest_versions_hold_todays_entries(apps, None)
        newest, *older = versions.order_by("-history_date", "-history_id")
        assert newest.entries == week.kept_entries() and len(newest.entries) == week.entries.count()
        assert older and all(version.entries is None for version in older)
