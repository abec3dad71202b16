"""The organisation's pages in a browser: no WCAG 2.1 AA violation that axe finds and no sideways
scrolling, on a wide screen and a phone; the contact directory's search and the schedule's week
links without JavaScript."""

import datetime

import pytest
from django.utils import timezone

import organisation.demo
from organisation.models import iso_week, monday_of
from tests.browser.conftest import DESKTOP, PHONE, axe_report

PAGES = [
    "/co-cau-to-chuc/",
    "/co-cau-to-chuc/van-phong-hdnd-va-ubnd-thanh-pho/",
    "/lanh-dao/",
    "/lien-he/?q=van+phong",
    "/lich-cong-tac/",
    "/lich-cong-tac/ban-in/",  # the A4 print view, opened on a phone too
    "/en/",
    "/en/contact/",
]


@pytest.fixture
def org_site(site):
    """The live server with the demo content, the organisation's part included (loaded again
    unless there: `load_demo` brings back the other apps' rows)."""
    organisation.demo.load()
    return site


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_the_organisation_pages_pass_axe_and_fit_the_screen(org_site, new_page, viewport):
    page = new_page(viewport=viewport)
    problems = []
    for path in PAGES:
        response = page.goto(org_site + path)
        assert response.status == 200, path
        assert page.locator("h1").first.is_visible(), path
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems.append(f"{path} scrolls sideways by {overflow}px at {viewport['width']}px")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load lazy images
        report = axe_report(page)
        if report:
            problems.append(f"{path}:\n{report}")
    assert problems == [], "\n".join(problems)
    assert page.errors == []


def test_the_directory_search_works_without_javascript_on_a_phone(org_site, new_page):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(org_site + "/lien-he/")
    box = page.get_by_label("Tìm theo họ tên, chức vụ hoặc đơn vị")
    box.fill("van phong")  # no diacritics
    box.press("Enter")
    page.wait_for_url("**/lien-he/?q=van+phong")
    assert "người khớp với “van phong”" in page.locator("main [role=status]").inner_text()
    office = page.locator(
        "section.directory-unit",
        has=page.get_by_role("heading", name="Văn phòng HĐND và UBND thành phố"),
    )
    assert office.locator(".person__name").all_inner_texts() == [
        "Lê Hoàng Phúc",
        "Đỗ Thị Thu Hà",
        "Lý Thị Kim Chi",
    ]
    assert office.get_by_role("link", name="02513.877.174").get_attribute("href") == (
        "tel:02513877174"
    )
    assert page.get_by_label("Tìm theo họ tên, chức vụ hoặc đơn vị").input_value() == "van phong"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    # And a search that finds nobody, then the whole directory again.
    box = page.get_by_label("Tìm theo họ tên, chức vụ hoặc đơn vị")
    box.fill("Nguyễn Văn Không Có")
    box.press("Enter")
    status = page.locator("main [role=status]")
    assert "Không có ai khớp với “Nguyễn Văn Không Có”" in status.inner_text()
    assert page.locator("section.directory-unit").count() == 0
    status.get_by_role("link", name="Xem cả danh bạ").click()
    page.wait_for_url("**/lien-he/")
    assert page.locator("section.directory-unit").count() == 30
    assert page.errors == []


def test_the_schedule_week_links_work_without_javascript(org_site, new_page):
    page = new_page(javascript=False)
    monday = monday_of(timezone.localdate())
    weeks = page.get_by_role("navigation", name="Chọn tuần")
    page.goto(org_site + "/lich-cong-tac/")
    assert "Làm việc với Phòng Tài chính - Kế hoạch" in page.locator("table.schedule").inner_text()

    weeks.get_by_role("link", name="Tuần sau").click()
    following = monday + datetime.timedelta(days=7)
    page.wait_for_url(f"**/lich-cong-tac/?tuan={iso_week(following)}")
    assert f"từ {following:%d/%m/%Y}" in page.locator("h1").inner_text()
    assert "Chưa có lịch công tác được đăng cho tuần này." in page.locator("main").inner_text()

    weeks.get_by_role("link", name="Tuần trước").click()
    page.wait_for_url(f"**/lich-cong-tac/?tuan={iso_week(monday)}")
    assert "Làm việc với Phòng Tài chính - Kế hoạch" in page.locator("table.schedule").inner_text()
    weeks.get_by_role("link", name="Tuần trước").click()
    page.wait_for_url(f"**/lich-cong-tac/?tuan={iso_week(monday - datetime.timedelta(days=7))}")
    table = page.locator("table.schedule").inner_text()
    assert "Họp thành viên UBND thành phố thường kỳ tháng" in table
    weeks.get_by_role("link", name="Tuần này").click()
    page.wait_for_url("**/lich-cong-tac/")
    assert page.locator("tbody[aria-current=date]").count() == (
        1 if timezone.localdate().weekday() < 5 else 0
    )
    assert page.errors == []


def test_on_a_phone_each_schedule_entry_reads_down_the_screen_with_its_day_and_time(
    org_site, new_page
):
    """At 375 px every entry is a block under its day, each of its cells named (data-label),
    all within the screen: the 7-column table had to be swiped, and the day and time went off
    the screen before the place came on (from a trial)."""
    page = new_page(viewport=PHONE)
    page.goto(org_site + "/lich-cong-tac/")
    times = page.locator(".schedule td.schedule__time")
    places = page.locator('.schedule td[data-label="Địa điểm"]:not(:empty)')
    assert times.count() > 0 and places.count() > 0
    for cell in (times.first, places.first, page.locator(".schedule th[scope=rowgroup]").first):
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    label = times.first.evaluate("(cell) => getComputedStyle(cell, '::before').content")
    assert label == '"Giờ: "'
    # The time sits under its day, not beside it.
    day = page.locator(".schedule th[scope=rowgroup]").first.bounding_box()
    assert times.first.bounding_box()["y"] >= day["y"] + day["height"] - 1
    # On a wide screen it is the table it was.
    page.set_viewport_size(DESKTOP)
    assert page.locator(".schedule thead th").first.is_visible()
    assert times.first.evaluate("(cell) => getComputedStyle(cell).display") == "table-cell"
