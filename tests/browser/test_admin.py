"""The editors' admin in a real browser: CKEditor 5 loads, uploads an image, and the post saves."""

from django.contrib.auth.models import User

from news.models import Article
from tests.conftest import image_bytes


def test_an_editor_writes_a_post_with_an_image_in_ckeditor(site, page, tmp_path):
    User.objects.create_superuser("bientap", "bt@example.com", "mat-khau-bien-tap-2026")
    photo = tmp_path / "hoi-nghi.jpg"
    photo.write_bytes(image_bytes(size=(800, 450)))

    page.goto(site + "/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "mat-khau-bien-tap-2026")
    page.click("input[type=submit]")
    page.goto(site + "/admin/news/article/add/")
    editor = page.locator(".ck-editor__editable")
    editor.wait_for()

    page.fill("#id_title", "Đỗ Chánh Quang thăm phường Bảo Vinh")
    page.select_option("#id_category", label="Tin tức - Sự kiện")
    editor.click()
    page.keyboard.type("Sáng nay, Chủ tịch UBND thành phố đến thăm phường Bảo Vinh.")
    with page.expect_response(lambda r: r.url.endswith("/quan-tri/tai-anh/")) as upload:
        page.locator(".ck-toolbar input[type=file]").first.set_input_files(str(photo))
    assert upload.value.status == 200
    image = editor.locator("img[src*='/media/uploads/']")
    image.wait_for()
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/news/article/")

    article = Article.objects.get(slug="do-chanh-quang-tham-phuong-bao-vinh")
    assert "Sáng nay, Chủ tịch UBND thành phố đến thăm phường Bảo Vinh." in article.body
    assert '<img src="/media/uploads/' in article.body
    assert article.created_by.username == "bientap"

    page.goto(site + article.get_absolute_url())
    assert page.locator("article.article h1").text_content() == article.title
    image = page.locator(".article__body picture img")
    # Loaded lazily: only once it is near the screen (its currentSrc is "" until then).
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert "/media/renditions/" in image.evaluate("img => img.currentSrc")  # not the upload
    assert 0 < image.evaluate("img => img.naturalWidth") <= 800
    assert page.errors == []
