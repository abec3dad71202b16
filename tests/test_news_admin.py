import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Photo
from tests.conftest import article_form, image_bytes

UPLOAD_URL = "/quan-tri/tai-anh/"


@pytest.fixture
def editor_client(client, db):
    """A superuser with a name, so that bylines can come from the account."""
    user = User.objects.create_superuser("bientap", "bt@example.com", "mat-khau-dai-123")
    user.first_name, user.last_name = "Lộc", "Danh"
    user.save()
    client.force_login(user)
    return client


def test_add_page_has_ckeditor_and_the_photo_inline(editor_client):
    response = editor_client.get("/admin/news/article/add/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    body = page.find("textarea", attrs={"name": "body"})
    assert "django_ckeditor_5" in body["class"]
    assert page.find("script", src=lambda s: s and "django_ckeditor_5/dist/bundle.js" in s)
    upload = page.find(attrs={"data-upload-url": True})
    assert upload["data-upload-url"] == UPLOAD_URL
    for name in ["image", "caption", "alt_text", "credit", "position"]:
        assert page.find(attrs={"name": f"photos-0-{name}"}), name


def test_saving_makes_the_slug_stamps_the_author_and_sanitizes(editor_client, make_category):
    category = make_category("Tin tức")
    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(
            category,
            title="Đỗ Chánh Quang dự lễ khởi công",
            body='<p>An toàn</p><script>alert("x")</script><img src="x" onerror="alert(1)">',
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert article.slug == "do-chanh-quang-du-le-khoi-cong"
    assert article.created_by.username == "bientap"
    assert article.author == "Danh Lộc"  # family name (last_name) first
    assert "<script" not in article.body and "onerror" not in article.body
    assert article.body.startswith("<p>An toàn</p>")
    assert article.published_at is not None


def test_a_given_slug_and_byline_are_kept(editor_client, make_category):
    category = make_category("Tin tức")
    editor_client.post(
        "/admin/news/article/add/",
        article_form(category, slug="duong-dan-rieng", author="Danh Lộc"),
    )
    article = Article.objects.get()
    assert (article.slug, article.author) == ("duong-dan-rieng", "Danh Lộc")


def test_an_account_without_a_name_is_told_the_article_has_no_byline(client, db, make_category):
    """`make run`'s superuser has no name: the byline cannot come from the account, and the
    login name never stands in for it; the editor is told, and can fill it on the next save."""
    category = make_category("Tin tức")
    client.force_login(User.objects.create_superuser("quantri", "qt@example.com", "mk-dai-12345"))

    response = client.post("/admin/news/article/add/", article_form(category), follow=True)
    article = Article.objects.get()
    assert article.author == ""
    said = [str(message) for message in response.context["messages"]]
    assert any("Bài chưa có tên tác giả" in text for text in said), said

    # an editor with a name who saves it later does not become its author
    approver = User.objects.create_superuser("bientap2", "bt2@example.com", "mk-dai-12345")
    approver.last_name, approver.first_name = "Trần Văn", "Bình"
    approver.save()
    client.force_login(approver)
    data = article_form(category, source="Báo Đồng Nai")
    response = client.post(f"/admin/news/article/{article.pk}/change/", data, follow=True)
    article.refresh_from_db()
    assert (article.author, article.source) == ("", "Báo Đồng Nai")
    assert any("chưa có tên tác giả" in str(m) for m in response.context["messages"])

    data = article_form(category, author="Danh Lộc")
    response = client.post(f"/admin/news/article/{article.pk}/change/", data, follow=True)
    article.refresh_from_db()
    assert article.author == "Danh Lộc"
    assert not any("chưa có tên tác giả" in str(m) for m in response.context["messages"])


def test_photos_are_added_through_the_inline_and_previewed(editor_client, make_category):
    category = make_category("Tin tức")
    data = article_form(
        category,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": SimpleUploadedFile("hoi-nghi.jpg", image_bytes(), "image/jpeg"),
            "photos-0-caption": "Toàn cảnh hội nghị",
            "photos-0-alt_text": "Hội trường",
            "photos-0-credit": "Danh Lộc",
            "photos-0-position": "0",
        },
    )
    response = editor_client.post("/admin/news/article/add/", data)
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.caption, photo.alt_text, photo.width) == ("Toàn cảnh hội nghị", "Hội trường", 640)

    change = editor_client.get(f"/admin/news/article/{photo.article_id}/change/")
    page = BeautifulSoup(change.content.decode(), "html.parser")
    preview = page.select_one(".field-preview img")
    assert preview["alt"] == "Hội trường"
    assert editor_client.get(preview["src"]).status_code == 200


@pytest.mark.parametrize(
    ("content", "alt_text", "messages"),
    [
        (b"not an image", "", ["Tệp này không phải là ảnh hợp lệ.", "Trường này là bắt buộc."]),
        (image_bytes(image_format="GIF"), "Ảnh động", ["Chỉ nhận ảnh JPEG, PNG hoặc WebP."]),
        (
            image_bytes(size=(9000, 5000), image_format="PNG"),
            "Ảnh lớn",
            ["Ảnh có kích thước quá lớn"],
        ),
    ],
)
def test_a_bad_photo_gets_a_message_and_nothing_is_saved(
    editor_client, make_category, content, alt_text, messages
):
    category = make_category("Tin tức")
    data = article_form(
        category,
        **{
            "photos-TOTAL_FORMS": "1",
            "photos-0-image": SimpleUploadedFile("anh.jpg", content, "image/jpeg"),
            "photos-0-caption": "Ảnh",
            "photos-0-alt_text": alt_text,
            "photos-0-position": "0",
        },
    )
    response = editor_client.post("/admin/news/article/add/", data)
    assert response.status_code == 200
    errors = " ".join(
        li.get_text()
        for li in BeautifulSoup(response.content.decode(), "html.parser").select(".errorlist li")
    )
    for message in messages:
        assert message in errors
    assert not Article.objects.exists()
    assert not Photo.objects.exists()


def test_changelist_has_filters_search_and_years(editor_client, make_article):
    make_article("Bài về Xuân An", author="Danh Lộc")
    make_article("Bài khác")
    response = editor_client.get("/admin/news/article/", {"q": "Xuân An"})
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1
    assert "Đã xuất bản" in rows[0].get_text()
    assert page.select_one("#changelist-filter")
    assert editor_client.get("/admin/news/article/", {"status__exact": "draft"}).status_code == 200


def test_the_list_goes_by_year_of_publication(editor_client, make_article):
    new, old = make_article("Bài mới"), make_article("Bài ba năm trước", days_ago=3 * 366)
    newest, oldest = (timezone.localtime(a.published_at).year for a in (new, old))
    page = BeautifulSoup(editor_client.get("/admin/news/article/").content.decode(), "html.parser")
    years = [a.get_text() for a in page.select("#changelist-filter a[href*='nam=']")]
    assert years == [str(y) for y in range(newest, oldest - 1, -1)] and len(years) >= 3
    for year, title in [(newest, "Bài mới"), (oldest, "Bài ba năm trước")]:
        response = editor_client.get("/admin/news/article/", {"nam": year})
        rows = BeautifulSoup(response.content.decode(), "html.parser")
        assert [a.get_text() for a in rows.select("#result_list tbody th a")] == [title]
    assert editor_client.get("/admin/news/article/", {"nam": "rác"}).status_code == 200


# The CKEditor 5 image upload


def test_upload_needs_a_signed_in_user_who_may_add_articles(client, db):
    data = {"upload": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")}
    assert client.post(UPLOAD_URL, data).status_code == 403

    staff = User.objects.create_user("nhanvien", password="x", is_staff=True)
    client.force_login(staff)
    data = {"upload": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")}
    assert client.post(UPLOAD_URL, data).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="add_article"))
    data = {"upload": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")}
    response = client.post(UPLOAD_URL, data)
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/uploads/") and url.endswith(".jpg")


def test_upload_needs_the_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "x"))
    data = {"upload": SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")}
    assert client.post(UPLOAD_URL, data).status_code == 403


def test_upload_only_takes_post(editor_client):
    assert editor_client.get(UPLOAD_URL).status_code == 405


def test_uploaded_image_is_reencoded_without_exif(editor_client):
    exif = Image.Exif()
    exif[0x8825] = {2: (10.0, 56.0, 0.0)}
    upload = SimpleUploadedFile("Ảnh GPS.jpg", image_bytes(exif=exif.tobytes()), "image/jpeg")
    response = editor_client.post(UPLOAD_URL, {"upload": upload})
    name = response.json()["url"].removeprefix("/media/")
    assert name.endswith("/anh-gps.jpg")
    with default_storage.open(name) as stored:
        assert not Image.open(io.BytesIO(stored.read())).getexif()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<svg onload=alert(1)>", "không phải là ảnh hợp lệ"),
        (image_bytes(image_format="GIF"), "Chỉ nhận ảnh JPEG, PNG hoặc WebP."),
        (image_bytes(size=(9000, 5000), image_format="PNG"), "quá lớn"),
    ],
)
def test_upload_refuses_what_is_not_an_acceptable_image(editor_client, content, message):
    upload = SimpleUploadedFile("a.jpg", content, "image/jpeg")
    response = editor_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_upload_refuses_a_file_over_the_size_limit(editor_client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    upload = SimpleUploadedFile("a.jpg", image_bytes(), "image/jpeg")
    response = editor_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 400
    assert "Dung lượng tối đa" in response.json()["error"]["message"]


def test_upload_without_a_file_says_so(editor_client):
    response = editor_client.post(UPLOAD_URL, {})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Không có tệp ảnh nào được gửi lên."


def test_phone_photos_stored_as_mpo_are_taken_as_jpeg(editor_client):
    """Many phones save JPEGs with extra frames (depth, gain map), which Pillow calls MPO."""
    frames = [Image.new("RGB", (320, 240), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    upload = SimpleUploadedFile("IMG_0001.JPG", out.getvalue(), "image/jpeg")
    response = editor_client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 200
    name = response.json()["url"].removeprefix("/media/")
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert (image.format, image.size) == ("JPEG", (320, 240))
