"""An editor's whole day through the admin's own forms: the second save as well as the first.

Each step posts back what the admin's page holds (`form_fields`), as a browser does, so existing
photo rows travel with every save (INITIAL_FORMS > 0), as they do for editors.
"""

import datetime
import json
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from news.models import Article, Photo
from tests.conftest import form_fields, image_bytes, staff
from tests.helpers import SEED_URL, load_demo, soup

REVIEW, PUBLISHED, DRAFT = Article.Status.REVIEW, Article.Status.PUBLISHED, Article.Status.DRAFT
SEED = SEED_URL
BODY = "".join(f"<p>Đoạn văn thứ {n} của bài.</p>" for n in range(1, 6))


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def save(client, url, **changes):
    """Opens the admin form at `url`, changes what is given, presses "Lưu và tiếp tục"."""
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_fields(page), **changes, "_continue": "1"}
    response = client.post(url, data)
    assert response.status_code == 302, soup(response).select(".errorlist, .errornote")
    return response


def photo_upload(name, colour):
    return SimpleUploadedFile(name, image_bytes(colour=colour), content_type="image/jpeg")


def photo_rows(*photos):
    """The photo inline's fields for new photos, each (file name, colour, caption, alt text), in
    their order."""
    data = {"photos-TOTAL_FORMS": str(len(photos))}
    for n, (name, colour, caption, alt_text) in enumerate(photos):
        data.update({
            f"photos-{n}-image": photo_upload(name, colour),
            f"photos-{n}-caption": caption,
            f"photos-{n}-alt_text": alt_text,
            f"photos-{n}-position": str(n),
        })  # fmt: skip
    return data


@pytest.fixture
def seeded(db):
    load_demo()


@pytest.mark.parametrize("role", ["superuser", "approver", "writer"])
def test_an_article_with_photos_saves_again_unchanged(client, seeded, role):
    if role == "superuser":
        user = User.objects.create_superuser("quantri", "qt@example.com", "mat-khau-rat-dai-2026")
        article = Article.objects.get(slug=SEED.split("/")[2])
    else:
        user = staff(role, "Ban biên tập" if role == "approver" else "Phóng viên")
        article = Article.objects.get(slug=SEED.split("/")[2])
        if role == "writer":  # a writer's own draft with the seed's photos
            article.status, article.created_by = DRAFT, user
            article.save()
    client.force_login(user)
    before = list(Photo.objects.filter(article=article).values_list("image", "caption"))
    assert len(before) == 2

    page = client.get(change_url(article))
    assert form_fields(page)["photos-INITIAL_FORMS"] == "2"
    save(client, change_url(article))
    save(client, change_url(article))  # and once more
    if role == "writer":
        save(client, change_url(article), status=REVIEW)
        article.refresh_from_db()
        assert article.status == REVIEW

    after = list(Photo.objects.filter(article=article).values_list("image", "caption"))
    assert after == before


def test_a_writers_day_then_an_approvers(client, make_category):
    category = make_category("Cải cách hành chính")
    writer = staff("phongvien", "Phóng viên", first_name="Văn A", last_name="Nguyễn")
    approver = staff("bientap", "Ban biên tập")

    # The writer creates an article with two captioned photos.
    client.force_login(writer)
    add = client.get("/admin/news/article/add/")
    data = {
        **form_fields(add),
        "title": "Hội nghị cải cách hành chính",
        "category": str(category.pk),
        "body": BODY,
        "status": DRAFT,
        **photo_rows(
            ("hoi-truong.jpg", (200, 40, 40), "Toàn cảnh hội nghị", "Hội trường đông đại biểu"),
            ("chu-tich.jpg", (40, 200, 40), "Chủ tịch phát biểu", "Chủ tịch đứng phát biểu"),
        ),
        "_continue": "1",
    }
    assert client.post("/admin/news/article/add/", data).status_code == 302
    article = Article.objects.get()
    assert article.author == "Nguyễn Văn A"  # family name first, never the login name
    url = change_url(article)

    save(client, url)  # saves again, nothing changed
    save(client, url, **{"photos-0-caption": "Toàn cảnh Hội nghị sáng 16/6"})
    first, second = article.photos.order_by("position")
    assert first.caption == "Toàn cảnh Hội nghị sáng 16/6"
    form = form_fields(client.get(url))
    index = {form[f"photos-{n}-id"]: n for n in range(2)}  # reorder: swap the two
    save(
        client,
        url,
        **{f"photos-{index[str(first.pk)]}-position": "1"},
        **{f"photos-{index[str(second.pk)]}-position": "0"},
    )
    assert list(article.photos.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    form = form_fields(client.get(url))
    index = {form[f"photos-{n}-id"]: n for n in range(2)}
    save(client, url, **{f"photos-{index[str(first.pk)]}-DELETE": "on"})  # delete one
    assert list(article.photos.values_list("pk", flat=True)) == [second.pk]
    save(client, url, **{"photos-0-after_paragraph": "2"})  # place it between paragraphs
    save(client, url, status=REVIEW)  # and submit
    article.refresh_from_db()
    assert (article.status, article.published_at) == (REVIEW, None)
    assert client.get(article.get_absolute_url()).status_code == 200  # her own preview

    # The approver edits the text, publishes, edits again, unpublishes, restores, publishes.
    client.force_login(approver)
    assert "1 bài đang chờ duyệt" in soup(client.get("/admin/")).get_text()
    save(client, url, title="Hội nghị đánh giá cải cách hành chính")
    save(client, url, status=PUBLISHED)
    article.refresh_from_db()  # not yet published when retitled: its address followed
    assert article.slug == "hoi-nghi-danh-gia-cai-cach-hanh-chinh"
    client.logout()
    page = soup(client.get(article.get_absolute_url()))
    assert page.h1.get_text() == "Hội nghị đánh giá cải cách hành chính"
    blocks = [el.name for el in page.select_one(".article__body").find_all(recursive=False)]
    assert blocks == ["p", "p", "figure", "p", "p", "p"]  # the photo after paragraph 2
    assert page.select_one(".article__body figcaption").get_text() == "Chủ tịch phát biểu"

    client.force_login(approver)
    save(client, url, body=BODY + "<p>Đoạn bổ sung sau khi đăng.</p>")
    client.logout()
    assert "Đoạn bổ sung sau khi đăng." in client.get(article.get_absolute_url()).content.decode()

    client.force_login(approver)
    response = client.post(
        "/admin/news/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404

    client.force_login(approver)
    submitted = article.history.filter(status=REVIEW).earliest()
    version_url = f"{url[: -len('change/')]}history/{submitted.history_id}/"
    assert "Hội nghị cải cách hành chính" in soup(client.get(version_url)).get_text()
    assert client.post(version_url).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Hội nghị cải cách hành chính", DRAFT)
    assert "Đoạn bổ sung" not in article.body
    save(client, url, status=PUBLISHED)
    client.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert soup(page).h1.get_text() == "Hội nghị cải cách hành chính"


def test_restoring_keeps_the_workflow_and_what_only_approvers_set(
    client, writer, approver, make_article
):
    article = make_article("Bài đầu tiên", status=DRAFT, published_at=None, created_by=writer)
    first = article.history.latest()
    article.title, article.status = "Bài đã đăng", PUBLISHED
    article.save()

    # An approver restores the first version (a draft) of a published article: it stays up.
    client.force_login(approver)
    url = f"/admin/news/article/{article.pk}/history/{first.history_id}/"
    version_page = soup(client.get(url))
    page = version_page.get_text()
    assert "Trạng thái (Đã xuất bản)" in page and "giữ nguyên" in page
    # Named by the number the history list gives it (two versions' pages read alike).
    assert version_page.h1.get_text(strip=True).startswith("Phiên bản 1 (lúc ")
    done = client.post(url, follow=True)
    said = soup(done).select_one(".messagelist").get_text(" ", strip=True)
    assert said.startswith("Đã khôi phục nội dung phiên bản 1 (lúc "), said
    article.refresh_from_db()
    assert (article.title, article.status) == ("Bài đầu tiên", PUBLISHED)
    assert client.get(article.get_absolute_url()).status_code == 200
    restored = article.history.latest()
    assert restored.history_user == approver
    assert restored.history_change_reason.startswith("Khôi phục phiên bản lúc")
    log = soup(client.get("/admin/news/historicalarticle/"))
    first_row = log.select_one("#result_list tbody tr")
    assert first_row.select_one(".field-event").get_text() == "Khôi phục phiên bản cũ"
    assert first_row.select_one(".field-who").get_text() == "bientap"

    # A writer restoring an old version of her draft does not bring back the slideshow flag.
    draft = make_article("Bản nháp", status=DRAFT, published_at=None, created_by=writer)
    draft.featured = True  # set by an approver at some point, then taken off
    draft.save()
    flagged = draft.history.latest()
    draft.featured = False
    draft.title = "Bản nháp (sửa)"
    draft.save()
    client.force_login(writer)
    url = f"/admin/news/article/{draft.pk}/history/{flagged.history_id}/"
    assert client.post(url).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.featured, draft.status) == ("Bản nháp", False, DRAFT)


def test_the_history_reads_as_editors_speak(client, approver, make_article):
    article = make_article("Bài", status=REVIEW, published_at=None)
    article.status = PUBLISHED
    article.save()
    client.force_login(approver)
    page = soup(client.get(f"/admin/news/article/{article.pk}/history/"))
    table = page.select_one("#change-history").get_text(" ", strip=True).replace("\xa0", " ")
    assert "Chờ duyệt → Đã xuất bản" in table
    assert "review" not in table and "published" not in table
    assert "None" not in table and "+00:00" not in table
    assert "(trống) →" in table  # the publication time that was empty
    rows = page.select("#change-history tbody tr")
    assert [row.select("td")[3].get_text() for row in rows] == ["Xuất bản", "Tạo mới"]
    # Each version numbered, the first saved 1 (two saved in the same second looked alike).
    assert [row.select_one("td a").get_text() for row in rows] == ["2. Bài", "1. Bài"]


def test_joining_an_editorial_group_is_enough_to_work_in_the_admin(client, admin_user):
    user = User.objects.create_user("phongvienmoi", password="mat-khau-rat-dai-2026")
    assert not user.is_staff
    # A user refused for lack of access is told so, and it is not a failed login.
    for _ in range(6):
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "phongvienmoi", "password": "mat-khau-rat-dai-2026"},
        )
        assert "chưa được cấp quyền vào trang quản trị" in response.content.decode()
    assert not AccessAttempt.objects.exists()

    # The administrator ticks the group on the user's page.
    client.force_login(admin_user)
    url = f"/admin/auth/user/{user.pk}/change/"
    writers = Group.objects.get(name="Phóng viên")
    # The account has no name: it would sign every article with none, so the form asks for it.
    page = client.get(url)
    response = client.post(url, {**form_fields(page), "groups": [str(writers.pk)]})
    assert response.status_code == 200
    assert (
        "cần có họ tên"
        in soup(response).select_one("#id_last_name").find_parent(class_="form-row").get_text()
    )
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    assert save(client, url, groups=[str(writers.pk)], last_name="Lê", first_name="Văn C")
    user.refresh_from_db()
    assert user.is_staff and user.get_full_name() == "Văn C Lê"
    client.logout()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "phongvienmoi", "password": "mat-khau-rat-dai-2026"},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/news/article/add/").status_code == 200


def test_an_editor_with_a_role_is_made_in_one_step(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/auth/user/add/")
    data = {
        **form_fields(page),
        "username": "bientapvien",
        "last_name": "Trần",
        "first_name": "Thị B",
        "role": "Ban biên tập",
        "usable_password": "true",
        "password1": "mat-khau-rat-dai-2026",
        "password2": "mat-khau-rat-dai-2026",
    }
    nameless = {**data, "last_name": " ", "first_name": ""}
    response = client.post("/admin/auth/user/add/", nameless)
    assert response.status_code == 200 and "cần có họ tên" in response.content.decode()
    assert not User.objects.filter(username="bientapvien").exists()
    # An account with no role (a staff voter in the poll, say) may have no name.
    plain = {**nameless, "username": "nguoibinhchon", "role": ""}
    assert client.post("/admin/auth/user/add/", plain).status_code == 302
    response = client.post("/admin/auth/user/add/", data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    user = User.objects.get(username="bientapvien")
    assert user.is_staff and user.has_perm("news.publish_article")
    client.logout()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "bientapvien", "password": "mat-khau-rat-dai-2026"},
    )
    assert response.status_code == 302
    assert client.get("/admin/news/reviewqueue/").status_code == 200


def test_no_login_name_on_public_pages_feeds_or_structured_data(client, make_category):
    category = make_category("Tin tức")
    nameless = staff("nv.lehoang", "Ban biên tập")  # no name in the account
    named = staff("tranthib", "Ban biên tập", first_name="Thị B", last_name="Trần")
    for user, title in [(nameless, "Bài không ghi tên"), (named, "Bài có tên tác giả")]:
        client.force_login(user)
        page = client.get("/admin/news/article/add/")
        data = {**form_fields(page), "title": title, "category": str(category.pk)}
        data.update(body="<p>Nội dung</p>", status=PUBLISHED, author="")
        assert client.post("/admin/news/article/add/", data).status_code == 302
    client.logout()
    nameless_article = Article.objects.get(title="Bài không ghi tên")
    named_article = Article.objects.get(title="Bài có tên tác giả")
    assert nameless_article.author == ""
    assert named_article.author == "Trần Thị B"

    pages = [
        client.get(nameless_article.get_absolute_url()),
        client.get(named_article.get_absolute_url()),
        client.get("/"),
        client.get("/rss/"),
        client.get(f"/rss/{category.slug}/"),
        client.get(named_article.get_author_url()),
        client.get("/tim-kiem/?q=bai"),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        assert "nv.lehoang" not in text and "tranthib" not in text
    article_page = soup(pages[1])
    byline = article_page.select_one(".article__author a")
    assert (byline.get_text(), byline["href"]) == ("Trần Thị B", "/tac-gia/tran-thi-b/")
    data = [json.loads(s.string) for s in article_page.select("script[type='application/ld+json']")]
    author = next(d for d in data if d["@type"] == "NewsArticle")["author"]
    assert author["name"] == "Trần Thị B"
    assert author["url"] == "http://testserver/tac-gia/tran-thi-b/"
    unsigned = soup(pages[0]).select("script[type='application/ld+json']")
    unsigned = next(d for d in map(json.loads, (s.string for s in unsigned)) if "author" in d)
    assert unsigned["author"]["@type"] == "GovernmentOrganization"


def test_an_author_page_lists_their_published_articles(client, make_article):
    make_article("Bài thứ nhất", author="Danh Lộc", days_ago=2)
    make_article("Bài thứ hai", author="Danh Lộc", days_ago=1)
    make_article("Bài nháp", author="Danh Lộc", status=DRAFT, published_at=None)
    make_article("Bài của người khác", author="Trần Thị B")
    page = soup(client.get("/tac-gia/danh-loc/"))
    assert page.h1.get_text() == "Bài viết của Danh Lộc"
    titles = [a.get_text() for a in page.select(".card__title a")]
    assert titles == ["Bài thứ hai", "Bài thứ nhất"]
    assert client.get("/tac-gia/khong-co-ai/").status_code == 404


def test_the_seed_article_shows_its_photos_where_the_old_page_had_them(client, seeded):
    page = soup(client.get(SEED))
    children = page.select_one(".article__body").find_all(recursive=False)
    shape = ["figure" if el.name == "figure" else el.name for el in children]
    assert shape == ["p", "p", "figure", "p", "p", "p", "figure", "p", "p", "p"]
    captions = [f.figcaption.get_text(strip=True) for f in page.select(".article__body figure")]
    assert captions[0].startswith("Toàn cảnh Hội nghị")
    assert captions[1].startswith("Chủ tịch UBND thành phố Đỗ Chánh Quang phát biểu")


def test_images_in_the_text_are_served_as_renditions_never_the_original(
    client, approver, make_article
):
    client.force_login(approver)
    big = SimpleUploadedFile("anh-lon.jpg", image_bytes(size=(4000, 2250)), "image/jpeg")
    uploaded = client.post("/quan-tri/tai-anh/", {"upload": big}).json()["url"]
    article = make_article(
        "Bài có ảnh trong nội dung",
        body=f'<p>Mở đầu</p><figure class="image"><img src="{uploaded}" alt="Cầu mới">'
        "<figcaption>Cầu mới</figcaption></figure><p>Kết</p>",
    )
    client.logout()
    page = client.get(article.get_absolute_url()).content.decode()
    assert uploaded not in page  # the 4000 px original is never sent
    figure = soup(client.get(article.get_absolute_url())).select_one(".article__body figure")
    img = figure.select_one("picture img")
    assert img["alt"] == "Cầu mới" and img["width"] and img["height"]
    widths = [int(item.split()[1][:-1]) for item in img["srcset"].split(", ")]
    assert widths == [480, 800, 1200]
    webp = figure.select_one("source[type='image/webp']")["srcset"].split(", ")
    assert [item.split()[1] for item in webp] == ["480w", "800w", "1200w"]
    assert figure.figcaption.get_text() == "Cầu mới"


def test_the_admin_says_what_waits(client, writer, approver, make_article):
    make_article("Chờ 1", status=REVIEW, published_at=None, created_by=writer)
    returned = make_article("Bị trả", status=REVIEW, published_at=None, created_by=writer)
    client.force_login(approver)
    assert "2 bài đang chờ duyệt" in soup(client.get("/admin/")).get_text()
    client.post(
        "/admin/news/reviewqueue/",
        {"action": "return_to_writer", "_selected_action": [returned.pk]},
    )
    # Published, then taken down: a draft again, but not one returned to be fixed.
    taken = make_article("Đã đăng rồi gỡ", status=REVIEW, published_at=None, created_by=writer)
    for action, admin_list in [("publish", "reviewqueue"), ("unpublish", "article")]:
        form = {"action": action, "_selected_action": [taken.pk]}
        assert client.post(f"/admin/news/{admin_list}/", form).status_code == 302
    taken.refresh_from_db()
    assert taken.status == DRAFT
    client.force_login(writer)
    index = soup(client.get("/admin/"))
    link = index.find("a", string="1 bài bị Ban biên tập trả lại, cần sửa")
    listed = soup(client.get(link["href"]))
    assert [a.get_text() for a in listed.select("#result_list .field-title a")] == ["Bị trả"]


def test_an_editor_types_dates_the_vietnamese_way(client, approver, make_article):
    article = make_article("Bài hẹn giờ", status=DRAFT, published_at=None)
    client.force_login(approver)
    url = change_url(article)
    save(client, url, status=PUBLISHED, published_at_0="31/12/2026", published_at_1="08:00")
    article.refresh_from_db()
    local = timezone.localtime(article.published_at)
    assert (local.day, local.month, local.year, local.hour, local.minute) == (31, 12, 2026, 8, 0)
    page = soup(client.get(url))
    assert page.find("input", attrs={"name": "published_at_0"})["value"] == "31/12/2026"
    listing = soup(client.get("/admin/news/article/")).select_one("#result_list tbody tr")
    assert listing.select_one(".field-state").get_text() == "Hẹn giờ đăng"
    assert listing.select_one(".field-published").get_text() == "31/12/2026 08:00"


def test_saving_again_changes_no_time_and_the_history_says_what_happened_to_photos(
    client, approver, make_category
):
    client.force_login(approver)
    category = make_category("Tin tức")
    add = client.get("/admin/news/article/add/")
    data = {**form_fields(add), "title": "Bài có ảnh", "category": str(category.pk)}
    data.update(body="<p>Một</p><p>Hai</p>", status=PUBLISHED, _continue="1")
    data.update(
        {
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": photo_upload("a.jpg", (10, 20, 30)),
            "photos-0-caption": "Ảnh",
            "photos-0-alt_text": "Ảnh",
        }
    )
    assert client.post("/admin/news/article/add/", data).status_code == 302
    article = Article.objects.get()
    stamped = article.published_at
    save(client, change_url(article))  # again, nothing changed
    save(client, change_url(article), **{"photos-0-caption": "Ảnh mới"})
    save(client, change_url(article), body="<p>Một</p><p>Hai, sửa.</p>")
    save(client, change_url(article))  # and again
    article.refresh_from_db()
    assert article.published_at == stamped
    page = soup(client.get(f"/admin/news/article/{article.pk}/history/"))
    rows = page.select("#change-history tbody tr")
    changes = [row.select("td")[6].get_text(" ", strip=True).replace("\xa0", " ") for row in rows]
    notes = [row.select("td")[5].get_text(strip=True) for row in rows]
    # Three versions: the saves with nothing changed left none.
    assert changes == [
        "Nội dung: Một Hai → Một Hai, sửa.",  # text, not HTML
        "Ảnh “Ảnh” – chú thích: Ảnh → Ảnh mới",
        "Ảnh: (chưa có) → thêm “Ảnh”",
    ]
    assert notes[1] == "Ảnh: sửa 1"
    assert "Thời gian xuất bản" not in " ".join(changes)


def test_an_imported_article_saved_untouched_twice_keeps_its_versions_and_its_time(
    client, approver, make_article
):
    """A body stored with whitespace between its paragraphs (the demo's, an import's) comes
    back from CKEditor without it: saving it untouched must still change nothing."""
    article = make_article("Bài nhập", body="<p>Một.</p>\n<p>Hai.</p>\n<ul>\n  <li>Ba</li>\n</ul>")
    article.refresh_from_db()
    assert article.body == "<p>Một.</p><p>Hai.</p><ul><li>Ba</li></ul>"  # as CKEditor writes it
    assert article.description == "Một. Hai. Ba"  # paragraphs apart, not "Một.Hai."
    stamp, versions = article.updated_at, article.history.count()
    client.force_login(approver)
    for _ in range(2):
        save(client, change_url(article), body="<p>Một.</p><p>Hai.</p><ul><li>Ba</li></ul>")
        article.refresh_from_db()
        assert (article.updated_at, article.history.count()) == (stamp, versions)
    assert (
        "cập nhật"
        not in soup(client.get(article.get_absolute_url()))
        .select_one(".article__meta, .byline, article")
        .get_text()
    )
    save(client, change_url(article), body="<p>Một.</p><p>Hai, sửa.</p><ul><li>Ba</li></ul>")
    article.refresh_from_db()
    assert article.updated_at > stamp and article.history.count() == versions + 1


def test_the_history_shows_a_long_bodys_change_around_it_and_a_titles_own_text(
    client, approver, make_article
):
    words = " ".join(f"từ{n}" for n in range(80))
    article = make_article("Bài dài", body=f"<p>Mở đầu {words} kết thúc.</p>")
    client.force_login(approver)
    added = "Người dân có thể liên hệ qua số điện thoại đường dây nóng của phường."
    save(client, change_url(article), body=f"<p>Mở đầu {words} kết thúc.</p><p>{added}</p>")
    save(client, change_url(article), title='Thử <b>đậm</b> & "ngoặc"')
    page = soup(client.get(f"/admin/news/article/{article.pk}/history/"))
    rows = page.select("#change-history tbody tr")
    changes = [row.select("td")[6].get_text(" ", strip=True).replace("\xa0", " ") for row in rows]
    assert changes[0] == 'Tiêu đề: Bài dài → Thử <b>đậm</b> & "ngoặc"'  # the title as typed
    assert changes[1] == (
        # the last six words before the change, then the paragraph added
        f"Nội dung: … từ76 từ77 từ78 từ79 kết thúc. → … từ76 từ77 từ78 từ79 kết thúc. {added}"
    )
    times = [row.select("td")[1].get_text(strip=True) for row in rows]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d ngày \d\d/\d\d/\d{4}", t) for t in times)


def test_a_writer_reads_her_published_article_and_is_told_why_she_cannot_change_it(
    client, writer, make_article
):
    article = make_article(
        "Bài đã đăng", body="<p>Đoạn <strong>đậm</strong>.</p>", created_by=writer
    )
    client.force_login(writer)
    page = soup(client.get(change_url(article)))
    assert "chỉ Ban biên tập được sửa" in page.select_one(".messagelist").get_text()
    body = page.select_one(".field-body_view .readonly")
    assert body.find("strong").get_text() == "đậm" and "<p>" not in body.get_text()
    refused = client.get("/admin/news/reviewqueue/")
    assert refused.status_code == 403
    text = soup(refused).get_text()
    assert "Bạn không có quyền xem hoặc làm việc này" in text and "Forbidden" not in text


def test_form_errors_and_refusals_in_the_admin_are_in_vietnamese(client, writer, admin_user):
    client.force_login(writer)
    response = client.post("/admin/news/article/add/", {"photos-TOTAL_FORMS": "0",
                           "photos-INITIAL_FORMS": "0"})  # fmt: skip
    assert response.status_code == 200
    note = soup(response).select_one(".errornote").get_text(strip=True)
    assert note == "Vui lòng sửa các lỗi dưới đây."
    client.force_login(admin_user)
    response = client.post("/admin/auth/user/add/", {"username": "", "password1": "a"})
    assert soup(response).select_one(".errornote").get_text(strip=True) == (
        "Vui lòng sửa các lỗi dưới đây."
    )


def test_an_open_article_form_keeps_the_editor_signed_in(client, writer):
    client.force_login(writer)
    page = client.get("/admin/news/article/add/")
    assert soup(page).find("script", src=lambda s: s and "admin-keepalive" in s)
    # An editor who logged in long ago: the session would end in a minute.
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get("/admin/jsi18n/").status_code == 200  # what the open form asks for
    left = Session.objects.get().expire_date - timezone.now()
    assert left > datetime.timedelta(hours=7)  # renewed to 8 hours


def test_an_author_page_is_ready_to_share(client, make_article):
    make_article("Bài", author="Danh Lộc")
    page = soup(client.get("/tac-gia/danh-loc/"))
    assert page.find("link", rel="canonical")["href"] == "http://testserver/tac-gia/danh-loc/"
    assert page.find("meta", property="og:title")["content"] == "Bài viết của Danh Lộc"
    data = [json.loads(s.string) for s in page.select("script[type='application/ld+json']")]
    profile = next(d for d in data if d["@type"] == "ProfilePage")
    assert profile["mainEntity"] == {
        "@type": "Person",
        "name": "Danh Lộc",
        "url": "http://testserver/tac-gia/danh-loc/",
    }


def test_residents_learn_what_rss_is_and_find_every_feed(client, seeded):
    page = soup(client.get("/kenh-rss/"))
    assert page.h1.get_text() == "Nhận tin qua RSS"
    links = [a["href"] for a in page.select(".feed-list a")]
    assert links[0] == "/rss/" and "/rss/cai-cach-hanh-chinh/" in links
    for href in links:
        assert client.get(href)["Content-Type"].startswith("application/rss+xml")


def test_the_history_of_an_article_with_no_versions_yet_answers(client, approver, make_article):
    """Articles put in by a bulk import have no version until their first save."""
    article = make_article("Bài nhập hàng loạt")
    article.history.all().delete()
    client.force_login(approver)
    response = client.get(f"/admin/news/article/{article.pk}/history/")
    assert response.status_code == 200


def test_restoring_a_version_brings_back_its_photos_captions(client, make_category):
    """A caption corrected after publication, then a photo added: restoring the first version
    brings back the old caption and the photos' order, keeps the photo added since, and is
    itself a version that can be undone the same way (the second time)."""
    category = make_category("Tin tức")
    approver = staff("bientap", "Ban biên tập", first_name="Thị B", last_name="Trần")
    client.force_login(approver)
    add = client.get("/admin/news/article/add/")
    data = {
        **form_fields(add),
        "title": "Khánh thành công viên",
        "category": str(category.pk),
        "body": BODY,
        "status": PUBLISHED,
        **photo_rows(
            ("cong-vien.jpg", (40, 120, 40), "Cổng chính công viên", "Cổng công viên"),
            ("ho-nuoc.jpg", (40, 40, 200), "Hồ nước", "Hồ nước trong công viên"),
        ),
        "_continue": "1",
    }
    assert client.post("/admin/news/article/add/", data).status_code == 302
    article = Article.objects.get()
    url = change_url(article)
    first_version = article.history.latest()
    gate, lake = article.photos.order_by("position")

    form = form_fields(client.get(url))
    index = {form[f"photos-{n}-id"]: n for n in range(2)}
    save(
        client,
        url,
        **{f"photos-{index[str(gate.pk)]}-caption": "Cổng chính (ảnh: Văn Hùng)"},
        **{f"photos-{index[str(gate.pk)]}-position": "1"},
        **{f"photos-{index[str(lake.pk)]}-position": "0"},
    )
    corrected = article.history.latest()
    save(
        client,
        url,
        **{
            "photos-TOTAL_FORMS": "3",
            "photos-2-image": photo_upload("san-khau.jpg", (200, 200, 40)),
            "photos-2-caption": "Sân khấu",
            "photos-2-alt_text": "Sân khấu ngoài trời",
            "photos-2-position": "2",
        },
    )
    assert article.photos.count() == 3

    def captions():
        client.logout()
        page = soup(client.get(article.get_absolute_url()))
        client.force_login(approver)
        return [c.get_text() for c in page.select(".article__body figcaption, figcaption")]

    assert captions() == ["Hồ nước", "Cổng chính (ảnh: Văn Hùng)", "Sân khấu"]
    version_url = f"/admin/news/article/{article.pk}/history/{first_version.history_id}/"
    compare = soup(client.get(version_url)).select_one("table.version-compare").get_text(" ")
    assert "Cổng chính công viên" in compare and "(ảnh thêm sau phiên bản này)" in compare
    # and the order it will bring back: the gate was first (0), the lake second (1)
    orders = [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in soup(client.get(version_url)).select("table.version-compare tbody tr")
        if "thứ tự" in row.get_text().lower()
    ]
    assert orders == [["Thứ tự ảnh 1 (khác)", "1", "0"], ["Thứ tự ảnh 2 (khác)", "0", "1"]]
    response = client.post(version_url, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert "1 ảnh thêm sau phiên bản này được giữ nguyên" in said
    assert captions() == ["Cổng chính công viên", "Hồ nước", "Sân khấu"]

    # The restore is a version too: restoring the corrected one undoes it.
    corrected_url = f"/admin/news/article/{article.pk}/history/{corrected.history_id}/"
    assert client.post(corrected_url).status_code == 302
    assert captions() == ["Hồ nước", "Cổng chính (ảnh: Văn Hùng)", "Sân khấu"]
    save(client, url)  # and the article with its restored photos saves again unchanged
    assert captions() == ["Hồ nước", "Cổng chính (ảnh: Văn Hùng)", "Sân khấu"]
