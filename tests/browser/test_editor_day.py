"""An editor's whole day in a real browser, through the admin's own pages and buttons.

A writer creates an article with two captioned photos, saves again, changes a caption, reorders
the photos, deletes one, places the other between paragraphs and submits; an approver edits the
text, publishes, edits again, unpublishes, restores an earlier version and publishes again. No
step may answer 5xx, and the public page shows each published state.
"""

import re

import pytest
from django.contrib.auth.models import Group, User

from news.models import Article
from tests.conftest import image_bytes

PASSWORD = "mat-khau-rat-dai-2026"
PARAGRAPHS = [f"Đoạn {n}: nội dung hội nghị cải cách hành chính." for n in range(1, 6)]


def make_editor(username, group, **names):
    user = User.objects.create_user(username, password=PASSWORD, **names)
    user.groups.add(Group.objects.get(name=group))  # joining the role is enough to get in
    return user


def log_in(page, site, username):
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    page.wait_for_load_state("networkidle")  # see tests/browser/test_admin_language.py


def inline_with_caption(page, caption):
    """The photo inline whose caption field holds `caption`: its form prefix (photos-N)."""
    for field in page.locator("input[name$='-caption']").all():
        if field.input_value() == caption:
            return field.get_attribute("name").removesuffix("-caption")
    raise AssertionError(f"no photo captioned {caption!r}")


def save_and_continue(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".errornote, .errorlist").count() == 0, page.locator(
        ".errornote, .errorlist"
    ).all_text_contents()


@pytest.fixture
def watched(new_page):
    """Pages whose every response is recorded: no step of the day may answer 5xx."""
    failures = []

    def open_page(**options):
        page = new_page(**options)
        page.on("response", lambda r: failures.append(r.url) if r.status >= 500 else None)
        return page

    yield open_page
    assert failures == []


def test_an_editors_whole_day(site, watched, tmp_path):
    make_editor("phongvien", "Phóng viên", first_name="Văn A", last_name="Nguyễn")
    make_editor("bientap", "Ban biên tập", first_name="Thị B", last_name="Trần")
    photos = []
    for name, colour in [("hoi-truong.jpg", (200, 40, 40)), ("chu-tich.jpg", (40, 160, 60))]:
        path = tmp_path / name
        path.write_bytes(image_bytes(size=(1600, 900), colour=colour))
        photos.append(str(path))
    reader = watched(javascript=False)

    # The writer: a new article with two captioned photos.
    writer = watched()
    log_in(writer, site, "phongvien")
    writer.goto(site + "/admin/news/article/add/")
    editor = writer.locator(".ck-editor__editable")
    editor.wait_for()
    writer.fill("#id_title", "Hội nghị cải cách hành chính")
    writer.select_option("#id_category", label="Cải cách hành chính")
    editor.click()
    for n, text in enumerate(PARAGRAPHS):
        writer.keyboard.type(text)
        if n < len(PARAGRAPHS) - 1:
            writer.keyboard.press("Enter")
    writer.set_input_files("#id_photos-0-image", photos[0])
    writer.fill("#id_photos-0-caption", "Toàn cảnh hội nghị")
    writer.fill("#id_photos-0-alt_text", "Hội trường đông đại biểu")
    writer.fill("#id_photos-0-position", "0")
    writer.locator(".add-row a").first.click()
    writer.set_input_files("#id_photos-1-image", photos[1])
    writer.fill("#id_photos-1-caption", "Chủ tịch phát biểu")
    writer.fill("#id_photos-1-alt_text", "Chủ tịch đứng phát biểu")
    writer.fill("#id_photos-1-position", "1")
    save_and_continue(writer)
    article = Article.objects.get(title="Hội nghị cải cách hành chính")
    assert article.photos.count() == 2
    assert article.author == "Nguyễn Văn A"

    save_and_continue(writer)  # again, nothing changed
    writer.fill(f"#id_{inline_with_caption(writer, 'Toàn cảnh hội nghị')}-caption", "Toàn cảnh")
    save_and_continue(writer)
    assert sorted(article.photos.values_list("caption", flat=True)) == [
        "Chủ tịch phát biểu",
        "Toàn cảnh",
    ]
    writer.fill(f"#id_{inline_with_caption(writer, 'Toàn cảnh')}-position", "1")  # reorder
    writer.fill(f"#id_{inline_with_caption(writer, 'Chủ tịch phát biểu')}-position", "0")
    save_and_continue(writer)
    assert list(article.photos.order_by("position").values_list("caption", flat=True)) == [
        "Chủ tịch phát biểu",
        "Toàn cảnh",
    ]
    writer.check(f"#id_{inline_with_caption(writer, 'Toàn cảnh')}-DELETE")  # delete one
    save_and_continue(writer)
    assert list(article.photos.values_list("caption", flat=True)) == ["Chủ tịch phát biểu"]
    guide = writer.locator(".paragraph-guide li").all_text_contents()
    assert len(guide) == 5 and guide[1].startswith("Đoạn 2")
    prefix = inline_with_caption(writer, "Chủ tịch phát biểu")
    writer.fill(f"#id_{prefix}-after_paragraph", "2")  # between paragraphs 2 and 3
    writer.select_option("#id_status", "review")  # and submit
    save_and_continue(writer)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW
    assert reader.goto(site + article.get_absolute_url()).status == 404  # not public yet

    # The approver: edit, publish, edit again, unpublish, restore, publish again.
    approver = watched()
    log_in(approver, site, "bientap")
    assert "1 bài đang chờ duyệt" in approver.locator(".dashboard-notices").text_content()
    change = site + f"/admin/news/article/{article.pk}/change/"
    approver.goto(change)
    approver.fill("#id_title", "Hội nghị đánh giá cải cách hành chính")
    approver.select_option("#id_status", "published")
    save_and_continue(approver)
    reader.goto(site + article.get_absolute_url())
    assert reader.locator("h1").text_content() == "Hội nghị đánh giá cải cách hành chính"
    body = reader.locator(".article__body > *")
    shape = [body.nth(n).evaluate("e => e.tagName") for n in range(body.count())]
    assert shape == ["P", "P", "FIGURE", "P", "P", "P"]
    assert reader.locator(".article__body figcaption").text_content() == "Chủ tịch phát biểu"

    approver.goto(change)
    editable = approver.locator(".ck-editor__editable")
    editable.wait_for()
    editable.locator("p").last.click()
    approver.keyboard.press("End")
    approver.keyboard.press("Enter")
    approver.keyboard.type("Đoạn bổ sung sau khi đăng.")
    save_and_continue(approver)
    article.refresh_from_db()
    assert "Đoạn bổ sung sau khi đăng." in article.body, article.body
    reader.goto(site + article.get_absolute_url())
    assert reader.locator(".article__body").get_by_text("Đoạn bổ sung sau khi đăng.").count() == 1

    approver.goto(site + "/admin/news/article/")
    approver.check(f"input[name=_selected_action][value='{article.pk}']")
    approver.select_option("select[name=action]", "unpublish")
    approver.click("button[name=index]")
    approver.wait_for_load_state()
    assert reader.goto(site + article.get_absolute_url()).status == 404

    approver.goto(change)
    approver.click("a.historylink")
    approver.wait_for_url(re.compile(r".*/history/$"))
    submitted = article.history.filter(status=Article.Status.REVIEW).earliest()
    approver.click(f"a[href$='/history/{submitted.history_id}/']")
    assert "Hội nghị cải cách hành chính" in approver.locator(".version-compare").text_content()
    approver.click("input[value='Khôi phục phiên bản này']")
    approver.wait_for_url(change)
    article.refresh_from_db()
    assert article.title == "Hội nghị cải cách hành chính"
    assert article.status == Article.Status.DRAFT  # restoring never publishes or unpublishes
    approver.select_option("#id_status", "published")
    save_and_continue(approver)
    response = reader.goto(site + article.get_absolute_url())
    assert response.status == 200
    assert reader.locator("h1").text_content() == "Hội nghị cải cách hành chính"
    assert reader.locator(".article__body").get_by_text("Đoạn bổ sung").count() == 0
    assert writer.errors == [] and approver.errors == []


def test_the_article_list_is_readable_at_1280px(site, new_page):
    make_editor("bientap", "Ban biên tập")
    page = new_page()  # 1280 × 900
    log_in(page, site, "bientap")
    page.goto(site + "/admin/news/article/")
    table = page.locator("#result_list")
    overflow = table.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
    assert overflow <= 0, f"the list is {overflow}px wider than its column"
    title = page.locator("#result_list .field-title").first
    assert title.bounding_box()["width"] >= 240  # titles wrap in a few lines, not a word each
    headers = page.locator("#result_list thead th").all_text_contents()
    assert [h.strip().lower() for h in headers[1:]] == [
        "tiêu đề",
        "chuyên mục",
        "trạng thái",
        "xuất bản",
        "tác giả",
        "nổi bật",
    ]


def test_an_articles_versions_are_readable_on_a_phone(site, new_page, make_article):
    """At 375 px the versions' table keeps readable columns (a title a few words a line, not a
    letter) and scrolls sideways in its own box; the page itself does not."""
    from tests.browser.conftest import PHONE

    article = make_article("Phường Xuân Lập ra mắt chợ an toàn thực phẩm đầu tiên của thành phố")
    for n in range(2):
        article.summary = f"Tóm tắt lần {n}"
        article.save()
    make_editor("bientap", "Ban biên tập", first_name="Thị B", last_name="Trần")
    page = new_page(viewport=PHONE)
    log_in(page, site, "bientap")
    page.goto(site + f"/admin/news/article/{article.pk}/history/")
    title = page.locator("#change-history tbody td").first
    assert title.bounding_box()["width"] >= 90, "a title squeezed to a letter a line"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    box = page.locator(".history-scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # the table scrolls in its box
    assert page.errors == []
