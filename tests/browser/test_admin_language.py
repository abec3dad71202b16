"""The admin's JavaScript speaks Vietnamese: the two-box selector, the calendar and the clock."""

from django.contrib.auth.models import Group, User

from news.models import Article
from tests.helpers import offences, visible_texts

PASSWORD = "mat-khau-quan-tri-2026"


def log_in(page, site):
    User.objects.create_superuser("quantri", "qt@example.com", PASSWORD)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    # The live server answers in another thread of this process, on the same SQLite database:
    # the test writes only once the page's own requests (each saving the session) are done, or
    # one of the two finds the table locked.
    page.wait_for_load_state("networkidle")


def english_added(page, response):
    """English in the text the page's scripts added to the server's HTML (which the crawl in
    tests/test_admin_language.py reads)."""
    added = set(visible_texts(page.content())) - set(visible_texts(response.text()))
    assert added, "the scripts added no text"
    return offences(sorted(added))


def test_the_group_and_permission_selectors_speak_vietnamese(site, page):
    log_in(page, site)
    writer = User.objects.create_user("phongvien", password=PASSWORD, is_staff=True)
    # Made here: the live server's tests empty the database, groups made by migrations included.
    writer.groups.add(Group.objects.get_or_create(name="Phóng viên")[0])

    response = page.goto(f"{site}/admin/auth/user/{writer.pk}/change/")
    # SelectFilter2.js replaces each multiple select with two boxes and their buttons.
    page.locator("#id_groups_add").wait_for()
    page.locator("#id_user_permissions_add").wait_for()
    # Every script has run (the selectors are built on the load event, text filled in after).
    page.wait_for_load_state("networkidle")
    assert (
        page.locator("#id_groups_add").text_content() == "Chọn những mục đang đánh dấu (các nhóm)"
    )

    assert english_added(page, response) == []
    assert page.errors == []


def test_the_date_and_time_pickers_and_the_editor_speak_vietnamese(site, page):
    log_in(page, site)
    article = Article.objects.published().first()

    response = page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    page.locator(".ck-editor__editable").wait_for()
    # DateTimeShortcuts.js adds "Now", "Today", a calendar and a clock beside the fields;
    # CKEditor its toolbar and the editing area's name.
    page.locator("#calendarlink0").click()
    page.locator("#calendarbox0").wait_for()
    page.locator("#clocklink0").click()
    page.locator("#clockbox0").wait_for()
    assert page.locator("#calendarbox0 .calendar caption").text_content().startswith("Tháng")

    assert english_added(page, response) == []
    assert page.errors == []
