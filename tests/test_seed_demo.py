from bs4 import BeautifulSoup
from django.core.management import call_command

from links.models import Link, LinkGroup
from longkhanh.models import SearchEntry, SiteSettings
from news.models import Article, Category, Photo
from polls.models import Choice, Poll
from tests.helpers import load_demo

SEED_SLUG = "hoi-nghi-danh-gia-ket-qua-cong-tac-cai-cach-hanh-chinh-6-thang-dau-nam"


def snapshot():
    return {
        "categories": list(Category.objects.values_list("slug", "name", "position")),
        "articles": list(Article.objects.order_by("pk").values()),
        "photos": list(Photo.objects.order_by("pk").values()),
        "settings": list(SiteSettings.objects.values()),
        "polls": list(Poll.objects.values()) + list(Choice.objects.order_by("pk").values()),
        "links": list(LinkGroup.objects.values()) + list(Link.objects.order_by("pk").values()),
    }


def test_seed_demo_loads_the_seed_article_exactly(client, db):
    load_demo()
    article = Article.objects.get(slug=SEED_SLUG)
    assert article.title == "Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm"
    assert article.author == "Danh Lộc"
    assert article.featured and Article.objects.published().filter(pk=article.pk).exists()

    response = client.get(f"/tin-tuc/{SEED_SLUG}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    paragraphs = [p.get_text() for p in page.select(".article__body p")]
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Sáng 16/6, UBND thành phố tổ chức Hội nghị")
    assert "Tổng số hồ sơ tiếp nhận trên toàn địa bàn thành phố là 50.934 hồ sơ" in paragraphs[1]
    assert "47.020 hồ sơ (chiếm 92,3%)" in paragraphs[1]
    assert "993/16.736, đạt tỷ lệ 5,93%" in paragraphs[2]
    assert paragraphs[-1].endswith("không để tồn lại các trường hợp hồ sơ quá hạn.")

    captions = [f.get_text(strip=True) for f in page.select("figure.photo figcaption")]
    assert captions == [
        "Toàn cảnh Hội nghị đánh giá kết quả công tác cải cách hành chính 6 tháng đầu năm",
        "Chủ tịch UBND thành phố Đỗ Chánh Quang phát biểu chỉ đạo hội nghị",
    ]
    for figure in page.select("figure.photo"):
        assert figure.img["alt"].strip()
    assert page.select_one(".article__author").get_text() == "Danh Lộc"

    home = client.get("/").content.decode()
    assert f'href="/tin-tuc/{SEED_SLUG}/"' in home


def test_seed_demo_fills_every_page_type(client, db):
    load_demo()
    assert Category.objects.count() >= 5
    others = Article.objects.published().exclude(slug=SEED_SLUG)
    assert others.count() >= 20
    assert not others.filter(photos__isnull=True).exists()
    for category in Category.objects.all():
        assert Article.objects.published().filter(category=category).exists(), category
        assert client.get(category.get_absolute_url()).status_code == 200
    assert client.get("/tin-tuc/do-chanh-quang-tiep-cong-dan-dinh-ky-thang-6/").status_code == 200


def test_seed_demo_twice_changes_nothing(db):
    """The command itself twice on an empty database (the other tests start from what it made,
    kept by load_demo, and run it again on top)."""
    call_command("seed_demo", stdout=None)
    first = snapshot()
    call_command("seed_demo", stdout=None)
    assert snapshot() == first


def test_seed_demo_leaves_edited_content_alone(db):
    load_demo()
    Article.objects.filter(slug=SEED_SLUG).update(title="Tiêu đề đã sửa")
    call_command("seed_demo", stdout=None)
    assert Article.objects.get(slug=SEED_SLUG).title == "Tiêu đề đã sửa"
    assert Article.objects.filter(slug__startswith=SEED_SLUG).count() == 1


def test_seed_demo_leaves_the_demo_searchable(client, db):
    load_demo()
    for query in ["ho so", "cai cach", "cải cách hành chính", '"hồ sơ"']:
        response = client.get("/tim-kiem/", {"q": query})
        page = BeautifulSoup(response.content.decode(), "html.parser")
        links = [a["href"] for a in page.select(".search-results h2 a")]
        assert f"/tin-tuc/{SEED_SLUG}/" in links, query
    from documents.models import Document
    from organisation.models import Page, Person, Unit, Week

    public = Article.objects.published().count() + Document.objects.published().count()
    public += Page.objects.published().count() + Unit.objects.filter(active=True).count()
    public += Person.objects.filter(active=True, unit__active=True).count()
    public += Week.objects.published().count()
    from questions.models import Question

    public += Question.objects.filter(status=Question.Status.PUBLISHED).count()
    assert SearchEntry.objects.count() == public
