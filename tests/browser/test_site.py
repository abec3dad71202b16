"""What only a browser shows: layout at phone width, accessibility, the slideshow, text size."""

import pytest

from documents.models import Document
from news.models import Article
from polls.models import Poll
from tests.browser.conftest import DESKTOP, PHONE, axe_report
from tests.helpers import SEED_URL

SEED_ARTICLE = SEED_URL
PAGES = {
    # A path, or a function that finds it in the demo content.
    "home": ("/", 200),
    "section": ("/chuyen-muc/cai-cach-hanh-chinh/", 200),
    "article": (SEED_ARTICLE, 200),
    "search": ("/tim-kiem/?q=h%E1%BB%99i+ngh%E1%BB%8B", 200),
    "search-nothing-found": ("/tim-kiem/?q=khong+co+gi", 200),
    "not-found": ("/tin-tuc/khong-co-bai-nay/", 404),
    "poll-results": (lambda: Poll.objects.get().get_absolute_url(), 200),
    "poll": (lambda: f"/tham-do/{Poll.objects.get().pk}/", 200),
    "documents": ("/van-ban/", 200),
    "documents-filtered": ("/van-ban/?loai=ke-hoach&q=c%E1%BA%A3i+c%C3%A1ch", 200),
    "documents-bad-filter": ("/van-ban/?nam=abc", 400),
    "document": (lambda: Document.objects.get(number="125/KH-UBND").get_absolute_url(), 200),
}


def open_and_check(page, base, path, status=200):
    response = page.goto(base + (path() if callable(path) else path))
    assert response.status == status
    return response


@pytest.mark.parametrize("name", PAGES)
def test_each_page_fits_every_screen_and_passes_axe(site, new_page, name):
    """At 1280 and 375 pixels: no sideways scrolling, the heading shown, no error, and axe finds
    no WCAG 2.1 AA violation. At 320 pixels with the largest text size: still no sideways
    scrolling. One test a page, so that the demo is loaded once for all five views of it."""
    path, status = PAGES[name]
    for viewport in (DESKTOP, PHONE):
        width = f"{viewport['width']}px"
        page = new_page(viewport=viewport)
        open_and_check(page, site, path, status)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}"
        assert page.locator("h1").first.is_visible(), f"{name} at {width}: no heading shown"
        assert page.errors == [] or status >= 400 and all(str(status) in e for e in page.errors)

        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # load lazy images
        report = axe_report(page)
        assert report == "", f"{name} at {width}:\n{report}"

    page = new_page(viewport={"width": 320, "height": 640})
    open_and_check(page, site, "/")
    for _ in range(3):
        page.get_by_role("button", name="tăng cỡ chữ").click()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "24px"
    open_and_check(page, site, path, status)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 150% text, 320px wide"


def test_the_slideshow_works_by_keyboard_and_never_moves_by_itself(site, page):
    page.goto(site + "/")
    featured = Article.objects.published().filter(featured=True).count()
    assert featured >= 3
    status = page.locator(".featured__status")
    assert status.text_content() == f"Tin 1 / {featured}"
    assert page.locator(".featured__slide:visible").count() == 1
    others = page.locator(".featured__others").all_text_contents()

    # The buttons lie over the stage's picture: they take no room of their own.
    picture = page.locator(".featured__slide:visible img").bounding_box()
    for button in page.locator(".featured__button").all():
        box = button.bounding_box()
        assert (
            picture["x"] <= box["x"] and box["x"] + box["width"] <= picture["x"] + picture["width"]
        )
        assert (
            picture["y"] <= box["y"]
            and box["y"] + box["height"] <= picture["y"] + picture["height"]
        )

    page.locator(".featured__slide:visible a").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Tin nổi bật trước"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Tin nổi bật tiếp theo"
    )
    first_title = page.locator(".featured__slide:visible .featured__title").text_content()
    page.keyboard.press("Enter")
    assert status.text_content() == f"Tin 2 / {featured}"
    assert page.locator(".featured__slide:visible .featured__title").text_content() != first_title
    page.keyboard.press("ArrowRight")
    assert status.text_content() == f"Tin 3 / {featured}"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert status.text_content() == f"Tin 2 / {featured}"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert status.text_content() == f"Tin {featured} / {featured}"  # round from the first
    page.keyboard.press("ArrowRight")
    assert status.text_content() == f"Tin 1 / {featured}"
    assert page.locator(".featured__slide:visible .featured__title").text_content() == first_title
    page.keyboard.press("ArrowRight")
    assert page.locator(".featured__slide:visible img").is_visible()  # its picture came
    assert page.locator(".featured__others").all_text_contents() == others

    page.wait_for_timeout(4000)  # no autoplay: after a while it still shows the same slide
    assert status.text_content() == f"Tin 2 / {featured}"
    assert page.locator(".featured__status").get_attribute("aria-live") == "polite"


def test_menu_and_every_featured_article_work_without_javascript(site, new_page):
    page = new_page(javascript=False)
    page.goto(site + "/")
    featured = list(
        Article.objects.published().filter(featured=True).values_list("title", flat=True)
    )
    # The first on the stage, the others listed beside it: each a link that shows.
    links = page.locator(".featured a:visible")
    assert links.count() == len(featured)
    assert sorted(t.strip() for t in links.all_text_contents()) == sorted(featured)
    assert not page.locator(".featured__button").count()  # the script adds them
    assert not page.locator("[data-text-size]").is_visible()  # needs JavaScript: not offered

    page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Kinh tế").click()
    assert page.locator("h1").text_content() == "Kinh tế"
    page.locator(".article-list h2 a").first.click()
    assert page.locator("article.article h1").is_visible()


def test_the_menu_works_on_a_phone_without_javascript(site, new_page):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(site + "/")
    link = page.get_by_role("navigation", name="Chuyên mục").get_by_role("link", name="Thông báo")
    assert not link.is_visible()  # folded behind the menu's button
    page.get_by_text("Chuyên mục", exact=True).click()
    assert link.is_visible()
    link.click()
    assert page.locator("h1").text_content() == "Thông báo"


def test_text_size_is_remembered_in_this_browser(site, page):
    page.goto(site + "/")
    font_size = "getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(font_size) == "16px"
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate(font_size) == "18px"
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate(font_size) == "20px"

    page.goto(site + SEED_ARTICLE)
    assert page.evaluate(font_size) == "20px"
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    assert page.evaluate(font_size) == "18px"
    page.reload()
    assert page.evaluate(font_size) == "18px"
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert page.evaluate(font_size) == "16px"


def test_the_slogan_does_not_move(site, page):
    page.goto(site + "/")
    slogan = page.locator(".slogan p")
    box = slogan.bounding_box()
    page.wait_for_timeout(1500)
    assert slogan.bounding_box() == box
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.slogan p')).animationName")
        == "none"
    )


def test_a_card_without_a_photo_keeps_its_title_full_width(site, page, make_article):
    """In section lists a card is two columns (photo, text) only when it has a photo (the
    new-user trial found a photo-less card's title squeezed into the photo's column)."""
    article = make_article("Bài viết không có ảnh minh họa trong danh sách chuyên mục", photos=0)
    page.goto(site + article.category.get_absolute_url())
    card = page.locator(".article-list .card", has_text="không có ảnh minh họa")
    title = card.locator(".card__title")
    assert title.bounding_box()["width"] > card.bounding_box()["width"] * 0.9
