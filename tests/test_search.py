import unicodedata

import pytest
from bs4 import BeautifulSoup

from news.models import Article


def results(client, query, **params):
    response = client.get("/tim-kiem/", {"q": query, **params})
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [a.get_text() for a in page.select(".search-results h2 a")], page


@pytest.fixture
def articles(make_article):
    return {
        "cchc": make_article(
            "Hội nghị cải cách hành chính 6 tháng đầu năm",
            summary="Đánh giá kết quả thủ tục hành chính.",
            body="<p>Chủ tịch UBND thành phố Đỗ Chánh Quang chủ trì hội nghị.</p>",
            days_ago=10,
        ),
        "traicay": make_article(
            "Tiêu thụ trái cây mùa chôm chôm",
            summary="Nông dân Bảo Quang được hỗ trợ.",
            body="<p>Sầu riêng và chôm chôm Long Khánh.</p>",
            days_ago=5,
        ),
    }


@pytest.mark.parametrize(
    "query",
    [
        "cai cach hanh chinh",
        "CẢI CÁCH HÀNH CHÍNH",
        "Cai Cach",
        "cải cách hành chính",
        unicodedata.normalize("NFD", "cải cách hành chính"),
        "hanh chinh cai cach",  # every word, in any order
    ],
)
def test_search_ignores_diacritics_case_and_normalization(client, articles, query):
    titles, _ = results(client, query)
    assert titles == ["Hội nghị cải cách hành chính 6 tháng đầu năm"]


@pytest.mark.parametrize(
    "query", ["do chanh quang", "Đỗ Chánh Quang", "ĐỖ CHÁNH QUANG", "đỗ chánh"]
)
def test_body_text_is_searched_and_d_with_stroke_matches_d(client, articles, query):
    titles, _ = results(client, query)
    assert titles == ["Hội nghị cải cách hành chính 6 tháng đầu năm"]


def test_the_body_is_searched_as_text_not_markup(client, make_article):
    make_article("Bài có đường dẫn", body='<p><a href="https://dichvucong.gov.vn">cổng</a></p>')
    assert results(client, "dichvucong")[0] == []
    assert results(client, "href")[0] == []
    assert results(client, "cong")[0] == ["Bài có đường dẫn"]


def test_title_hits_rank_above_summary_hits_above_body_hits_newest_first(client, make_article):
    make_article("Tin khác", body="<p>Nói về chôm chôm.</p>", days_ago=1)  # body, newest
    make_article("Tin nông nghiệp", summary="Mùa chôm chôm.", days_ago=2)  # summary
    make_article("Chôm chôm Long Khánh", days_ago=30)  # title, oldest
    make_article("Giá chôm chôm tăng", days_ago=20)  # title, newer
    make_article("Tin thứ năm", summary="Chôm chôm.", days_ago=40)  # summary, older
    titles, _ = results(client, "chom chom")
    assert titles == [
        "Giá chôm chôm tăng",
        "Chôm chôm Long Khánh",
        "Tin nông nghiệp",
        "Tin thứ năm",
        "Tin khác",
    ]


def test_only_published_articles_are_found(client, make_article):
    make_article("Sầu riêng đã đăng")
    make_article("Sầu riêng nháp", status=Article.Status.DRAFT)
    make_article("Sầu riêng chờ duyệt", status=Article.Status.REVIEW)
    make_article("Sầu riêng hẹn giờ", days_ago=-1)
    assert results(client, "sau rieng")[0] == ["Sầu riêng đã đăng"]


def test_matched_words_are_highlighted_in_the_original_text(client, articles):
    _, page = results(client, "do chanh HANH chinh")
    assert [m.get_text() for m in page.select(".search-results h2 mark")] == ["hành chính"]
    _, page = results(client, "thu tuc")
    assert [m.get_text() for m in page.select(".card__summary mark")] == ["thủ tục"]


def test_results_are_paginated_and_keep_the_query(client, make_article):
    for n in range(20):
        make_article(f"Thông báo số {n:02d}", days_ago=n + 1)
    titles, page = results(client, "thong bao")
    assert len(titles) == 15
    assert page.select_one(".search-summary").get_text() == (
        "Tìm thấy 20 bài viết cho “thong bao”."
    )
    assert page.select_one('.pagination a[rel="next"]')["href"] == "?q=thong+bao&page=2"
    titles, _ = results(client, "thong bao", page=2)
    assert titles == [f"Thông báo số {n:02d}" for n in range(15, 20)]


def test_nothing_found_says_so_and_suggests_what_to_try(client, articles):
    titles, page = results(client, "khong co gi ca")
    assert titles == []
    empty = page.select_one(".search-empty")
    assert "Không tìm thấy" in empty.get_text()
    assert empty.find("a", href="?q=cai+cach+hanh+chinh")


def test_an_empty_query_shows_the_form(client, articles):
    for query in ["", "   ", "\u200f"]:
        titles, page = results(client, query)
        assert titles == [] and page.select_one("form.search-page-form")
        assert page.select_one(".search-empty") is None


HOSTILE = [
    '"cải cách"',
    "'; DROP TABLE news_article; --",
    "100%",
    "%",
    "_",
    "%%__",
    "\\",
    "a\x00b",
    "\x00",
    "x" * 5000,
    "cải " * 2000,
    "😀🏛️",
    "\u202ecai cach\u202c",
    "\u200fhành chính\u200e",
    "<script>alert(1)</script>",
    "\ufeff\u2028\u2029",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_fail(client, articles, query):
    response = client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_percent_and_underscore_are_literal_not_wildcards(client, make_article):
    make_article("Đạt 100% kế hoạch")
    make_article("Đạt 1000 hồ sơ")
    assert results(client, "100%")[0] == ["Đạt 100% kế hoạch"]
    assert results(client, "_")[0] == []


def test_rtl_marks_and_nul_are_ignored_in_queries(client, articles):
    assert results(client, "\u202ecai\x00 cach\u200f")[0] == [
        "Hội nghị cải cách hành chính 6 tháng đầu năm"
    ]


def test_invalid_utf8_in_the_query_string_is_not_an_error(client, articles):
    response = client.get("/tim-kiem/?q=%C3%28%ff%fe")
    assert response.status_code == 200


def test_search_query_count_does_not_grow(client, make_article, django_assert_num_queries):
    from tests.helpers import CHROME_QUERIES

    for n in range(30):
        make_article(f"Chôm chôm số {n}", photos=1 if n % 2 else 0)
    with django_assert_num_queries(3 + CHROME_QUERIES):  # count, page, photos
        client.get("/tim-kiem/", {"q": "chom chom"})
