import unicodedata

import pytest

from longkhanh.text import fold, slugify_vi
from news.models import Article


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        (
            "Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm",
            "hoi-nghi-danh-gia-ket-qua-cong-tac-cai-cach-hanh-chinh-6-thang-dau-nam",
        ),
        ("Đỗ Chánh Quang phát biểu chỉ đạo", "do-chanh-quang-phat-bieu-chi-dao"),
        ("Đường Hồ Thị Hương", "duong-ho-thi-huong"),  # đ and ư, ơ
        ("Ưu tiên vốn cho Bảo Vinh", "uu-tien-von-cho-bao-vinh"),  # Ư
        ("Phường Xuân Hòa, xã Hàng Gòn", "phuong-xuan-hoa-xa-hang-gon"),
        ("Tổ chức lễ mừng thọ người cao tuổi", "to-chuc-le-mung-tho-nguoi-cao-tuoi"),  # ổ ễ ơ ư
        ("Hệ thống điện", "he-thong-dien"),  # ệ
        ("Kỷ niệm 77 năm: “Xanh - Văn minh”!", "ky-niem-77-nam-xanh-van-minh"),
    ],
)
def test_vietnamese_titles_make_ascii_slugs(title, slug):
    assert slugify_vi(title) == slug


def test_decomposed_input_gives_the_same_slug():
    title = "Đỗ Chánh Quang ồ ệ ư ơ"
    assert slugify_vi(unicodedata.normalize("NFD", title)) == slugify_vi(title)
    assert slugify_vi(title) == "do-chanh-quang-o-e-u-o"


def test_fold_keeps_case_and_spacing():
    assert fold("Đỗ Chánh Quang") == "Do Chanh Quang"


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify_vi("cải cách hành chính " * 30, max_length=50)
    assert len(slug) <= 50
    assert not slug.endswith("-")
    assert slug.split("-")[-1] in {"cai", "cach", "hanh", "chinh"}


def test_same_title_gets_a_numbered_slug(make_article):
    first = make_article("Thông báo lịch tiếp công dân")
    second = make_article("Thông báo lịch tiếp công dân")
    third = make_article("Thông báo lịch tiếp công dân")
    assert first.slug == "thong-bao-lich-tiep-cong-dan"
    assert second.slug == "thong-bao-lich-tiep-cong-dan-2"
    assert third.slug == "thong-bao-lich-tiep-cong-dan-3"


def test_a_title_without_letters_still_gets_a_slug(make_article):
    article = make_article("!!!")
    assert article.slug == "bai-viet"
    assert Article.objects.get(slug="bai-viet") == article


def test_a_slug_taken_between_choosing_and_saving_gets_the_next_one(make_article, monkeypatch):
    """Two editors saving the same title at the same moment: the second gets -2, not a 500."""
    from news import models

    first = make_article("Thông báo khẩn")
    real = models.unique_slug
    calls = []

    def stale_then_real(*args, **kwargs):
        calls.append(1)
        return first.slug if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(models, "unique_slug", stale_then_real)
    second = make_article("Thông báo khẩn")
    assert second.slug == "thong-bao-khan-2"
    assert Article.objects.filter(slug__startswith="thong-bao-khan").count() == 2


def test_text_typed_decomposed_is_stored_composed_by_every_model(client, approver, make_article):
    """Unikey's "Unicode tổ hợp" types letters and marks apart: stored as the usual NFC, so
    the same words retyped the usual way are the same text (no "X → X" version)."""
    from news.models import Category
    from tests.test_editor_day import change_url, save

    decomposed = unicodedata.normalize("NFD", "Hội nghị cải cách hành chính")
    assert decomposed != "Hội nghị cải cách hành chính"
    section = Category.objects.create(name=unicodedata.normalize("NFD", "Thông báo"), slug="tb")
    article = make_article(decomposed, category=section, summary=decomposed)
    article.refresh_from_db()
    section.refresh_from_db()
    assert article.title == article.summary == "Hội nghị cải cách hành chính"
    assert section.name == "Thông báo"
    client.force_login(approver)
    save(client, change_url(article), title=decomposed)  # typed again, decomposed
    save(client, change_url(article), title="Hội nghị cải cách hành chính")  # and the usual way
    assert Article.objects.get(pk=article.pk).title == "Hội nghị cải cách hành chính"
    assert article.history.count() == 1  # nothing changed, twice: no version
