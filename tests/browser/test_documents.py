"""Văn bản in a browser without JavaScript: a resident finds a document by its filters and a
keyword, opens it and downloads its file."""

from tests.browser.conftest import PHONE


def test_find_open_and_download_a_document_without_javascript(site, new_page):
    page = new_page(javascript=False, accept_downloads=True)
    page.goto(site + "/")
    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Văn bản").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Văn bản"
    types = page.get_by_label("Loại văn bản")
    assert "Kế hoạch (" in types.inner_text()  # each choice says how many documents it has
    types.select_option(value="ke-hoach")
    page.get_by_label("Từ khóa hoặc số ký hiệu").fill("buu chinh cong ich")  # no diacritics
    page.get_by_role("button", name="Tìm văn bản").click()
    assert "loai=ke-hoach" in page.url and "q=buu+chinh+cong+ich" in page.url
    assert "Có 1 văn bản phù hợp" in page.locator(".result-count").inner_text()
    page.get_by_role("link", name="125/KH-UBND").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kế hoạch 125/KH-UBND"
    assert "Bị thay thế bởi" in page.content()
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về").first.click()
    download = info.value
    assert download.suggested_filename.startswith("Kế hoạch 125-KH-UBND")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_number_finds_its_document_on_a_phone(site, new_page):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(site + "/van-ban/")
    page.get_by_label("Từ khóa hoặc số ký hiệu").fill("125 kh ubnd")
    page.get_by_role("button", name="Tìm văn bản").click()
    rows = page.locator(".document-table tbody tr")
    assert rows.count() == 1 and "125/KH-UBND" in rows.first.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
