"""Printing an article: the article alone, no menu or sidebar, link addresses printed."""

from pathlib import Path

import pytest

from longkhanh.demo import FOOTER
from news.models import Article
from tests.helpers import SEED_URL

SEED = SEED_URL


def test_an_article_prints_without_menu_or_sidebar(site, page, tmp_path):
    Article.objects.filter(slug=SEED.split("/")[2]).update(
        body='<p>Xem <a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công</a>.</p>'
    )
    page.goto(site + SEED)
    printing = page.get_by_role("button", name="In bài viết")
    assert printing.is_visible()

    page.emulate_media(media="print")
    screenshot = Path(tmp_path) / "ban-in.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    for hidden in [
        "nav.section-menu",
        "aside.sidebar",
        "form.search-form",
        ".slogan",
        ".topbar",
        "nav.breadcrumb",
        ".related",
    ]:
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not printing.is_visible()
    assert not page.locator(".site-footer__feeds").is_visible()
    assert page.locator("article.article h1").is_visible()
    assert page.locator("article.article figure").first.is_visible()
    printed_address = page.evaluate(
        "getComputedStyle(document.querySelector('.article__body a'), '::after').content"
    )
    assert printed_address == '" (https://dichvucong.gov.vn/)"'

    pdf = page.pdf(path=str(Path(tmp_path) / "bai-viet.pdf"))
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("path", [SEED, "/", "/chuyen-muc/cai-cach-hanh-chinh/"])
def test_the_printed_footer_names_the_page_and_how_to_reach_the_agency(site, page, path):
    page.goto(site + path)
    footer = page.locator("footer.site-footer")
    assert "Đường dẫn trang" not in footer.inner_text()  # on paper only

    page.emulate_media(media="print")
    printed = footer.inner_text()
    assert f"Đường dẫn trang: {site}{path}" in printed
    for line in [
        f"Địa chỉ: {FOOTER['address']}",
        f"Email: {FOOTER['email']}",
        f"Số điện thoại: {FOOTER['phones']}",
    ]:
        assert line in printed
    assert "RSS" not in printed
    # Black on white paper, links too (the footer is white on blue on screen).
    colours = page.evaluate(
        "[...document.querySelectorAll('footer.site-footer *')]"
        ".filter((e) => e.checkVisibility()).map((e) => getComputedStyle(e).color)"
    )
    assert set(colours) == {"rgb(0, 0, 0)"}
    for hidden in ["nav.section-menu", "aside.sidebar", "form.search-form"]:
        assert not page.locator(hidden).is_visible(), hidden


def test_the_print_button_is_offered_only_with_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + SEED)
    assert not page.locator("[data-print]").is_visible()
