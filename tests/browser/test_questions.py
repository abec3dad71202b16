"""Hỏi đáp – góp ý in a real browser: a resident asks on a phone without JavaScript, reads the
tracking code and follows the question with it; the form (also showing its errors), the pages
after it and the public archive have no WCAG 2.1 AA violation that axe finds and no sideways
scrolling, on a phone and a wide screen."""

import re

import pytest

from questions.models import Question, Settings
from tests.browser.conftest import DESKTOP, PHONE, axe_report

ASK, FOLLOW = "/hoi-dap/gui-cau-hoi/", "/hoi-dap/theo-doi/"
CODE = re.compile(r"^HD-[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$")
RESIDENT = {
    "name": "Lò Thị Xuyến",
    "address": "Số 719 hẻm 38/2 đường Cây Da Xanh",
    "phone": "0913 456 789",
    "email": "lo.xuyen@example.vn",
}
TITLE = "Xin cấp phép sửa mái nhà cấp 4"
BODY = "Nhà tôi ở phường Xuân An, muốn thay mái tôn. Có cần xin giấy phép xây dựng không?"


@pytest.fixture
def questions_site(site):
    """The live server with the demo content; the form may be sent back at once (the live server
    shares the test's database, so the setting is changed here)."""
    settings = Settings.current()
    settings.min_fill_seconds = 0
    settings.save()
    return site


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_resident_asks_and_follows_the_question_on_a_phone_without_javascript(
    questions_site, new_page
):
    page = new_page(viewport=PHONE, javascript=False)
    response = page.goto(questions_site + ASK)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Gửi câu hỏi, góp ý"
    form = page.locator("form.question-form")
    form.get_by_label("Họ và tên").fill(RESIDENT["name"])
    form.get_by_label("Địa chỉ hoặc phường, xã").fill(RESIDENT["address"])
    form.get_by_role("textbox", name="Điện thoại").fill(RESIDENT["phone"])
    form.get_by_label("Email", exact=True).fill(RESIDENT["email"])
    form.get_by_label("Góp ý, phản ánh").check()
    form.get_by_label("Chủ đề").select_option(label="Xây dựng, trật tự đô thị")
    form.get_by_label("Tiêu đề").fill(TITLE)
    form.get_by_label("Nội dung").fill(BODY)
    form.get_by_label("Tôi đồng ý để Ủy ban nhân dân thành phố xử lý thông tin cá nhân").check()
    form.get_by_label("Đồng ý đăng công khai câu hỏi và câu trả lời").check()
    assert sideways(page) <= 0
    form.get_by_role("button", name="Gửi", exact=True).click()

    page.wait_for_url("**/hoi-dap/da-gui/*/")
    assert page.locator("h1").inner_text() == "Đã gửi góp ý"  # a "Góp ý, phản ánh"
    code = page.locator(".tracking-code").inner_text()
    assert CODE.match(code), code
    assert sideways(page) <= 0
    question = Question.objects.get(code=code)
    assert (question.title, question.body, question.kind) == (TITLE, BODY, "feedback")
    assert (question.name, question.phone, question.email) == (
        RESIDENT["name"],
        RESIDENT["phone"],
        RESIDENT["email"],
    )
    assert question.topic.name == "Xây dựng, trật tự đô thị"
    assert question.consent_publish is True

    # Later, on the follow page, the resident types the code as it comes (lower case).
    page.goto(questions_site + FOLLOW)
    box = page.get_by_label("Mã theo dõi")
    box.fill(code.lower())
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/hoi-dap/theo-doi/\?ma="))
    table = page.locator("main table")
    assert page.locator("#status-heading").inner_text() == TITLE
    assert table.locator("tr", has_text="Mã theo dõi").locator("td").inner_text() == code
    status = table.locator("tr", has_text="Tình trạng").locator("td").inner_text()
    assert status == "Đã nhận, đang chờ phân công"
    assert RESIDENT["phone"] not in page.locator("main").inner_text()
    assert sideways(page) <= 0
    assert page.errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_the_question_pages_pass_axe_and_fit_the_screen(questions_site, new_page, viewport):
    question = Question.objects.create(title=TITLE, body=BODY, **RESIDENT, consent_publish=True)
    published = Question.objects.published().order_by("-published_at").first()
    assert published is not None, "the demo content has published answers"
    page = new_page(viewport=viewport)
    problems = []

    def check(name):
        assert page.locator("h1").first.is_visible(), name
        if sideways(page) > 0:
            problems.append(f"{name} scrolls sideways by {sideways(page)}px")
        report = axe_report(page)
        if report:
            problems.append(f"{name}:\n{report}")

    for path in [
        ASK,
        f"/hoi-dap/da-gui/{question.code}/",
        f"{FOLLOW}?ma={question.code}",
        f"{FOLLOW}?ma=HD-AAAAAAAA",
        "/hoi-dap/",
        published.get_absolute_url(),
        "/hoi-dap/bao-ve-du-lieu-ca-nhan/",
    ]:
        response = page.goto(questions_site + path)
        expected = 404 if path.endswith("HD-AAAAAAAA") else 200
        assert response.status == expected, path
        check(path)

    # The form sent empty: every message shown, and still accessible.
    page.goto(questions_site + ASK)
    count = Question.objects.count()
    with page.expect_navigation():
        page.locator("form.question-form").get_by_role("button", name="Gửi", exact=True).click()
    assert page.locator(".form-error--summary").is_visible()
    assert page.locator("form .form-error").count() >= 6
    assert Question.objects.count() == count
    check("the form with its errors")
    assert problems == [], "\n".join(problems)
    # The browser's console notes the pages answered 404 and 400 on purpose; any other resource
    # that failed is listed by its address (tests/browser/conftest.py).
    expected = "Failed to load resource: the server responded with a status of"
    assert [error for error in page.errors if not error.startswith(expected)] == []
