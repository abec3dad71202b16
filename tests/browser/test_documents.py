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


BROKEN_WORDS = """() => {
  const broken = [];
  const cells = document.querySelectorAll(
    '.document-table th, .document-table td:nth-child(5)');
  for (const cell of cells) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_the_table_breaks_no_word_when_quotes_widen_a_column(site, new_page):
    """From the sixth trial: with quotes from the files, "Hiệu lực" and "Chưa có hiệu lực" were
    broken inside their syllables at 1024 to 1280 pixels ("Hiệ|u lực"): the page's rule that
    lets a long word break anywhere let the table squeeze that column below a word's width."""
    for width in (1024, 1280):
        page = new_page(viewport={"width": width, "height": 900})
        page.goto(site + "/van-ban/?q=buu+chinh+cong+ich")
        assert page.locator(".document-table__excerpt").count() >= 1  # quotes shown
        assert page.evaluate(BROKEN_WORDS) == [], f"{width}px"
