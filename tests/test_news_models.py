import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from news.models import Article, Photo
from tests.conftest import image_bytes, image_upload


def test_published_is_the_one_definition_of_public(make_article):
    public = make_article("Đã xuất bản", days_ago=1)
    make_article("Bản nháp", status=Article.Status.DRAFT)
    make_article("Chờ duyệt", status=Article.Status.REVIEW)
    make_article("Hẹn giờ", days_ago=-1)  # published_at tomorrow
    assert list(Article.objects.published()) == [public]


def test_publishing_without_a_time_stamps_now(make_article):
    before = timezone.now().replace(microsecond=0)  # stamped to the second
    article = make_article("Xuất bản ngay", published_at=None)
    assert article.published_at is not None
    assert before <= article.published_at <= timezone.now()


def test_a_draft_keeps_an_empty_publication_time(make_article):
    article = make_article("Nháp", status=Article.Status.DRAFT, published_at=None)
    assert article.published_at is None


def test_the_database_refuses_a_published_row_without_a_time(make_article):
    article = make_article("Bài")
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_body_is_sanitized_on_every_save_through_the_orm(make_article):
    article = make_article(
        "Bài có mã độc",
        body='<p onclick="alert(1)">Nội dung</p><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">liên kết</a>',
    )
    article.refresh_from_db()
    assert "<script" not in article.body
    assert "onerror" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert "<p>Nội dung</p>" in article.body

    article.body = "<p>Sửa</p><iframe src='https://example.com'></iframe>"
    article.save()
    article.refresh_from_db()
    assert article.body == "<p>Sửa</p>"


def test_harmless_markup_survives(make_article):
    body = (
        "<h2>Mục</h2><p><strong>Đậm</strong> <em>nghiêng</em></p><ul><li>một</li></ul>"
        '<figure class="image"><img src="/media/uploads/a.jpg" alt="Ảnh"><figcaption>Chú thích'
        "</figcaption></figure><table><tbody><tr><td>1</td></tr></tbody></table>"
        '<p><a href="https://dongnai.gov.vn">Cổng tỉnh</a></p>'
    )
    article = make_article("Bài đẹp", body=body)
    article.refresh_from_db()
    for fragment in [
        "<h2>Mục</h2>",
        "<strong>Đậm</strong>",
        '<figure class="image"><img src="/media/uploads/a.jpg" alt="Ảnh">',
        "<figcaption>Chú thích</figcaption>",
        "<td>1</td>",
        'href="https://dongnai.gov.vn"',
    ]:
        assert fragment in article.body


def test_word_paste_loses_its_styles_and_empty_paragraphs(make_article):
    body = (
        '<p class="MsoNormal" style="mso-margin-top-alt:auto">Đoạn một</p>'
        "<p>&nbsp;</p><p class=MsoNormal><o:p></o:p></p><p>Đoạn hai</p>"
    )
    article = make_article("Từ Word", body=body)
    article.refresh_from_db()
    assert article.body == "<p>Đoạn một</p><p>Đoạn hai</p>"


def test_pasted_line_breaks_and_spaces_at_a_paragraphs_ends_are_dropped(make_article):
    """Word's "<br>&nbsp;" at a paragraph's end, an editor's Shift+Enter, spaces before the
    first word: blank lines and indents readers saw and no one meant. Between words they stay;
    a second save changes nothing."""
    body = (
        "<p>Đoạn một<br>&nbsp;</p><p>&nbsp; &nbsp;Đoạn hai<br><br></p>"
        "<p>Dòng một<br>Dòng hai&nbsp;đứng liền</p><ul><li>&nbsp;Mục<br></li></ul>"
        "<table><tbody><tr><td><br>&nbsp;1<br></td></tr></tbody></table>"
    )
    article = make_article("Dán từ Word", body=body)
    article.refresh_from_db()
    expected = (
        "<p>Đoạn một</p><p>Đoạn hai</p><p>Dòng một<br>Dòng hai&nbsp;đứng liền</p>"
        "<ul><li>Mục</li></ul><table><tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert article.body == expected
    article.save()
    article.refresh_from_db()
    assert article.body == expected


def test_photo_needs_alt_text_in_the_database(make_article):
    article = make_article("Bài có ảnh")
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(article=article, image=image_upload(), alt_text="")


def test_uploaded_photo_is_reencoded_without_exif(make_article):
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh"  # Make
    exif[0x8825] = {2: (10.0, 56.0, 0.0)}  # GPS IFD: latitude
    article = make_article("Ảnh có GPS")
    photo = Photo.objects.create(
        article=article, image=image_upload("gps.jpg", exif=exif.tobytes()), alt_text="Ảnh"
    )
    with photo.image.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert not image.getexif()
        assert image.size == (640, 360)
    assert (photo.width, photo.height) == (640, 360)


def test_str_and_urls(make_article):
    article = make_article(
        "Tin mới", published_at=datetime.datetime(2022, 6, 16, tzinfo=datetime.UTC)
    )
    assert str(article) == "Tin mới"
    assert article.get_absolute_url() == "/tin-tuc/tin-moi/"
    assert article.category.get_absolute_url() == "/chuyen-muc/tin-tuc/"


def test_image_bytes_helper_makes_a_jpeg():
    assert Image.open(io.BytesIO(image_bytes())).format == "JPEG"


def test_photos_always_store_their_dimensions(make_article):
    """Without them Django opens the image file each time a photo row is loaded."""
    from django.core.files.base import ContentFile

    article = make_article("Bài")
    photo = Photo(article=article, alt_text="Ảnh", position=0)
    photo.image.save("mau.jpg", ContentFile(image_bytes(size=(320, 200))), save=False)
    photo.save()
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (320, 200)
