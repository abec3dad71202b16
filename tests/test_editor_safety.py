"""Editor safety: hostile markup through the admin and the ORM, hostile uploads, login guessing."""

import io
import re

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.models import Article
from tests.conftest import image_bytes

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<body onload="alert(1)">',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="jav&#x09;ascript:alert(1)">bấm</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name="p"><button>Gửi</button></form>',
    '<p style="background:url(javascript:alert(1))">kiểu</p>',
    '<div style="width: expression(alert(1))">kiểu</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<details open ontoggle="alert(1)">x</details>',
    '<video><source onerror="alert(1)"></video>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    '<a href="https://ok.example" onclick="alert(1)" target="_blank">liên kết</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<p onmouseover="alert(1)">di chuột</p>',
]
EXECUTABLE = re.compile(
    r"<script|<iframe|<object|<embed|<form|<style|<link|<meta|<base|<svg|<math|"
    r"\son\w+\s*=|javascript:|vbscript:|data:|style=|srcdoc",
    re.IGNORECASE,
)
HARMLESS = (
    '<figure class="image"><img src="/media/uploads/a.jpg" alt="Ảnh"><figcaption>Chú thích'
    "</figcaption></figure><table><tbody><tr><th>Chỉ tiêu</th><td>92,3%</td></tr></tbody></table>"
    '<p><a href="https://dongnai.gov.vn/">Cổng tỉnh</a> <a href="mailto:a@b.vn">thư</a></p>'
    "<blockquote><p>Trích dẫn</p></blockquote>"
    "<ul><li><strong>Đậm</strong> <em>nghiêng</em></li></ul>"
)


def rendered_body(client, article):
    page = BeautifulSoup(client.get(article.get_absolute_url()).content.decode(), "html.parser")
    return page.select_one(".article__body").decode_contents()


def test_the_corpus_is_large_enough():
    assert len(XSS) >= 25


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markup_through_the_orm_leaves_nothing_executable(client, make_article, payload):
    article = make_article("Bài qua ORM", body=f"<p>Trước</p>{payload}<p>Sau</p>")
    article.refresh_from_db()
    assert not EXECUTABLE.search(article.body), article.body
    body = rendered_body(client, article)
    assert not EXECUTABLE.search(body), body
    assert "<p>Trước</p>" in body  # what came before is kept (broken tags may eat what follows)


@pytest.mark.parametrize("payload", XSS)
def test_hostile_markup_through_the_admin_leaves_nothing_executable(
    admin_client, make_category, payload
):
    category = make_category("Tin tức")
    response = admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Bài qua trang quản trị",
            "category": category.pk,
            "body": f"<p>Trước</p>{payload}<p>Sau</p>",
            "status": "published",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert not EXECUTABLE.search(article.body), article.body
    assert not EXECUTABLE.search(rendered_body(admin_client, article))


def test_harmless_markup_survives_the_admin(admin_client, make_category):
    category = make_category("Tin tức")
    admin_client.post(
        "/admin/news/article/add/",
        {
            "title": "Bài đẹp",
            "category": category.pk,
            "body": HARMLESS,
            "status": "published",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
        },
    )
    body = rendered_body(admin_client, Article.objects.get())
    page = BeautifulSoup(body, "html.parser")
    assert page.select_one("figure.image img")["alt"] == "Ảnh"
    assert page.select_one("figure figcaption").get_text() == "Chú thích"
    assert page.select_one("table td").get_text() == "92,3%"
    assert page.find("a", href="https://dongnai.gov.vn/")["rel"] == ["noopener", "noreferrer"]
    assert page.find("a", href="mailto:a@b.vn")
    assert page.select_one("blockquote p").get_text() == "Trích dẫn"


# Uploads


def photo_form(category, content, name="anh.jpg"):
    return {
        "title": "Bài có ảnh",
        "category": category.pk,
        "body": "<p>x</p>",
        "status": "draft",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-0-image": SimpleUploadedFile(name, content, "image/jpeg"),
        "photos-0-alt_text": "Ảnh",
        "photos-0-position": "0",
    }


def bomb():
    """A PNG of 15,000 × 15,000 pixels that compresses to almost nothing."""
    out = io.BytesIO()
    Image.new("1", (15_000, 15_000)).save(out, format="PNG")
    return out.getvalue()


BAD_UPLOADS = [
    ("fake", b"GIF89a not really an image", "không phải là ảnh hợp lệ"),
    ("bomb", None, "quá lớn"),
    ("11 MB", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024), "Dung lượng tối đa là 10,0\xa0MB"),
]


@pytest.mark.parametrize(
    ("kind", "content", "message"), BAD_UPLOADS, ids=[b[0] for b in BAD_UPLOADS]
)
def test_bad_uploads_are_refused_with_a_message_in_both_places(
    admin_client, make_category, kind, content, message
):
    content = content if content is not None else bomb()
    category = make_category("Tin tức")
    response = admin_client.post("/admin/news/article/add/", photo_form(category, content))
    assert response.status_code == 200
    errors = " ".join(
        li.get_text()
        for li in BeautifulSoup(response.content, "html.parser").select(".errorlist li")
    )
    assert message in errors, errors
    assert not Article.objects.exists()

    upload = SimpleUploadedFile("anh.jpg", content, "image/jpeg")
    response = admin_client.post("/quan-tri/tai-anh/", {"upload": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_an_upload_over_the_admin_s_body_limit_gets_the_413_page(admin_client, make_category):
    """Over 25 MB the whole request is refused before it is read, as nginx does in production:
    the page says why and how to get the form back."""
    content = b"\xff\xd8\xff" + b"\0" * (30 * 1024 * 1024)
    form = photo_form(make_category("Tin tức"), content)
    for response in [
        admin_client.post("/admin/news/article/add/", form),
        admin_client.post("/quan-tri/tai-anh/", {"upload": SimpleUploadedFile("a.jpg", content)}),
    ]:
        assert response.status_code == 413
        text = BeautifulSoup(response.content, "html.parser").get_text()
        assert "Nội dung gửi lên quá lớn" in text and "tối đa 10 MB mỗi ảnh" in text
    assert not Article.objects.exists()


def test_orientation_is_applied_before_metadata_goes(admin_client):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x8825] = {2: (10.0, 56.0, 0.0)}
    content = image_bytes(size=(400, 200), exif=exif.tobytes())
    response = admin_client.post(
        "/quan-tri/tai-anh/", {"upload": SimpleUploadedFile("xoay.jpg", content, "image/jpeg")}
    )
    from django.core.files.storage import default_storage

    name = response.json()["url"].removeprefix("/media/")
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.size == (200, 400)
        assert not image.getexif()


# Logins


def login(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_five_failed_logins_lock_the_account_for_thirty_minutes(client, db):
    User.objects.create_superuser("bientap", "b@example.com", "mat-khau-dung-2026")
    for _ in range(4):
        assert login(client, "bientap", "sai").status_code == 200
    locked = login(client, "bientap", "sai")
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()

    right = login(client, "bientap", "mat-khau-dung-2026")  # even the right password
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session

    from datetime import timedelta

    from django.utils import timezone

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert login(client, "bientap", "mat-khau-dung-2026").status_code == 302


def test_another_account_is_not_locked_by_someone_elses_failures(client, db):
    User.objects.create_superuser("bientap", "b@example.com", "mat-khau-dung-2026")
    User.objects.create_superuser("quantri", "q@example.com", "mat-khau-khac-2026")
    for _ in range(5):
        login(client, "bientap", "sai")
    assert login(client, "quantri", "mat-khau-khac-2026").status_code == 302


def test_weak_passwords_are_refused(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "phongvien",
            "password1": "12345678",
            "password2": "12345678",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "Mật khẩu này quá ngắn: cần ít nhất 10 ký tự." in response.content.decode()
    assert not User.objects.filter(username="phongvien").exists()


def test_staff_sessions_expire(client, db, settings):
    User.objects.create_superuser("bientap", "b@example.com", "mat-khau-dung-2026")
    response = login(client, "bientap", "mat-khau-dung-2026")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # ends when the browser closes
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert client.session.get_expiry_age() <= 8 * 3600
