"""Văn bản: files checked by their content, words found inside them, filters, downloads, roles."""

import datetime
import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents import demo
from documents.files import inspect_upload
from documents.models import Document, DocumentFile, DocumentType, IssuingBody
from longkhanh.accounts import APPROVERS, WRITERS
from tests.helpers import soup


@pytest.fixture
def demo_documents(db):
    assert demo.load() == len(demo.DOCUMENTS)
    assert demo.load() == 0  # a second run changes nothing
    return Document.objects.all()


def docx_bytes(text, macro=False):
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(text)
    document.save(out)
    if not macro:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\0" * 64)
    return out.getvalue()


def make_document(number, summary, files=(), **fields):
    fields.setdefault("doc_type", DocumentType.objects.get_or_create(name="Kế hoạch")[0])
    fields.setdefault("issuer", IssuingBody.objects.get_or_create(name="UBND thành phố")[0])
    fields.setdefault("status", Document.Status.PUBLISHED)
    document = Document.objects.create(
        number=number, summary=summary, issued_on="2026-01-05", **fields
    )
    for name, content in files:
        DocumentFile.objects.create(document=document, file=SimpleUploadedFile(name, content))
    return document


def count(client, query):
    page = client.get("/van-ban/", query).content.decode()
    return page.split("Có ", 1)[1].split(" văn bản", 1)[0] if "Có " in page else "0"


def test_a_number_is_found_in_both_spellings_and_words_without_diacritics(client, demo_documents):
    for typed in ["125/KH-UBND", "125 kh ubnd", "125-kh-UBND"]:
        page = client.get("/van-ban/", {"q": typed}).content.decode()
        assert "Có 1 văn bản" in page and "125/KH-UBND" in page, typed
    # words only inside the PDF ("bưu chính công ích": two documents' files)
    assert count(client, {"q": "bưu chính công ích"}) == "2"
    assert count(client, {"q": "buu chinh cong ich"}) == "2"


def test_a_word_only_inside_a_docx_is_found_and_the_list_says_where(client, db):
    """Found by words only its attached file holds, a document's row said nothing of why (from
    a trial): it now quotes the words around them, marked, and names the file; words of the
    trích yếu are marked there, with no quote; the full text is quoted as "toàn văn"."""
    long = "Phân công cán bộ trực cơ quan. " * 30
    make_document(
        "7/TB-UBND",
        "Thông báo nghỉ lễ",
        files=[("tb.docx", docx_bytes(f"{long}Lịch trực Tết Bính Ngọ tại trụ sở. {long}"))],
    )
    make_document("8/TB-UBND", "Thông báo lịch tiếp công dân", full_text="Trực Tết tại phường")
    for query in ["binh ngo", "Bính Ngọ"]:
        assert count(client, {"q": query}) == "1"
        row = soup(client.get("/van-ban/", {"q": query})).select_one(".document-table tbody tr")
        quote = row.select_one(".document-table__excerpt")
        text = quote.get_text(" ", strip=True)
        assert text.startswith("Trong tệp “Kế hoạch 7-TB-UBND”: …") and text.endswith("…")
        assert [m.get_text() for m in quote.select("mark")] == ["Bính Ngọ"]
        assert "Lịch trực Tết Bính Ngọ tại trụ sở." in text and len(text) < 300
    page = soup(client.get("/van-ban/", {"q": "tet"}))
    rows = {r.select_one("a").get_text(): r for r in page.select(".document-table tbody tr")}
    assert rows["8/TB-UBND"].select_one(".document-table__excerpt").get_text(" ", strip=True) == (
        "Trong toàn văn: Trực Tết tại phường"
    )
    page = soup(client.get("/van-ban/", {"q": "nghi le"}))
    row = page.select_one(".document-table tbody tr")
    assert [m.get_text() for m in row.select("mark")] == ["nghỉ lễ"]  # in the trích yếu
    assert row.select_one(".document-table__excerpt") is None
    # The site's search says the same on the document's card.
    card = soup(client.get("/tim-kiem/", {"q": "binh ngo"})).select_one(".search-results .card")
    quote = card.select_one(".card__excerpt").get_text(" ", strip=True)
    assert quote.startswith("Trong tệp “Kế hoạch 7-TB-UBND”: …") and "Bính Ngọ tại trụ sở" in quote
    card = soup(client.get("/tim-kiem/", {"q": "thong bao nghi le"})).select_one(".card")
    assert card.select_one(".card__excerpt") is None  # its summary says why
    # Some of the words in the trích yếu, the others only in the file (a second trial: "buu
    # chinh cong ich", whose "chinh" is in "hành chính"): the file's are quoted.
    for path in ["/van-ban/", "/tim-kiem/"]:
        page = soup(client.get(path, {"q": "thong bao binh ngo"}))
        quote = page.select_one(".document-table__excerpt, .card__excerpt")
        assert [m.get_text() for m in quote.select("mark")] == ["Bính Ngọ"], path


def test_a_file_is_quoted_where_it_has_the_words_as_typed(client, db):
    """A search typed with diacritics quotes a file where it has the words as typed, not at the
    first word that only folds to them ("hồ sơ", not "hộ … số" before it)."""
    text = (
        "Mỗi hộ được cấp số nhà. " + "Nội dung khác của kế hoạch. " * 20 + "Nộp hồ sơ tại phường."
    )
    make_document("9/KH-UBND", "Kế hoạch cấp nhà", files=[("kh.docx", docx_bytes(text))])
    for path, selector in [
        ("/van-ban/", ".document-table__excerpt"),
        ("/tim-kiem/", ".card__excerpt"),
    ]:
        quote = soup(client.get(path, {"q": "hồ sơ"})).select_one(selector)
        assert [m.get_text() for m in quote.select("mark")] == ["hồ sơ"], path
        quote = soup(client.get(path, {"q": "ho so"})).select_one(selector)
        assert [m.get_text() for m in quote.select("mark")][:2] == ["hộ", "số"], path
    # A file found by the folded words only is quoted where they are, with nothing marked.
    make_document("10/KH-UBND", "Kế hoạch khác", files=[("k.docx", docx_bytes("Hộ số 7."))])
    for path, selector in [
        ("/van-ban/", ".document-table__excerpt"),
        ("/tim-kiem/", ".card__excerpt"),
    ]:
        quotes = soup(client.get(path, {"q": "hồ sơ"})).select(selector)
        (other,) = [q for q in quotes if "Hộ số 7" in q.get_text()]
        assert other.select("mark") == [], path


def test_a_file_is_quoted_where_it_has_the_most_of_the_words(client, db):
    """The quote is the passage with the most of the words, not the first word found: "hồ sơ"
    quotes "nộp hồ sơ", not the lake ("hồ nước") the file names first."""
    text = (
        "Cải tạo hồ nước ở công viên. "
        + "Nội dung khác của kế hoạch. " * 20
        + "Người dân nộp hồ sơ tại phường."
    )
    make_document("13/KH-UBND", "Kế hoạch cải tạo công viên", files=[("cv.docx", docx_bytes(text))])
    for path, selector in [
        ("/van-ban/", ".document-table__excerpt"),
        ("/tim-kiem/", ".card__excerpt"),
    ]:
        for typed in ["hồ sơ", "ho so"]:
            quote = soup(client.get(path, {"q": typed})).select_one(selector)
            assert "nộp hồ sơ tại phường" in quote.get_text(), (path, typed)
            assert "hồ nước" not in quote.get_text(), (path, typed)


def test_a_document_found_by_its_signer_says_so(client, db):
    """From the sixth trial: a search for a signer's name listed documents with nothing to say
    why (the signer is searched, and shown on no list)."""
    make_document("14/KH-UBND", "Kế hoạch trồng cây", signer="Trần Thị Lan")
    for path, selector in [
        ("/van-ban/", ".document-table__excerpt"),
        ("/tim-kiem/", ".card__excerpt"),
    ]:
        quote = soup(client.get(path, {"q": "Trần Thị Lan"})).select_one(selector)
        assert quote.get_text() == "Trong mục người ký: Trần Thị Lan", path
        assert [m.get_text() for m in quote.select("mark")] == ["Trần Thị Lan"], path


def test_a_signer_edited_is_found_and_quoted_as_edited_the_second_time_too(client, db):
    """The signer's quote follows an edit: the new name found and quoted, the old one gone,
    and again after a second save."""
    document = make_document("16/KH-UBND", "Kế hoạch trồng cây", signer="Trần Thị Lan")
    for name, gone in [("Lê Văn Hùng", "Trần Thị Lan"), ("Phạm Minh Châu", "Lê Văn Hùng")]:
        document.signer = name
        document.save()
        for path, selector in [
            ("/van-ban/", ".document-table__excerpt"),
            ("/tim-kiem/", ".card__excerpt"),
        ]:
            quote = soup(client.get(path, {"q": name})).select_one(selector)
            assert quote.get_text() == f"Trong mục người ký: {name}", (path, name)
            assert soup(client.get(path, {"q": gone})).select_one(selector) is None, (path, gone)
    assert count(client, {"q": "Pham Minh Chau"}) == "1"
    assert count(client, {"q": "Le Van Hung"}) == "0"


def test_a_type_the_trich_yeu_starts_with_is_not_said_twice(client, db):
    """From the sixth trial's second look: a row read "Công văn Công văn về việc…" when the trích
    yếu began with its type."""
    official = DocumentType.objects.create(name="Công văn")
    make_document("17/UBND-VP", "Công văn về việc trồng cây", doc_type=official)
    make_document("18/UBND-VP", "Về việc sửa đường", doc_type=official)
    rows = soup(client.get("/van-ban/")).select(".document-table tbody tr td:nth-of-type(3)")
    texts = sorted(" ".join(row.get_text().split()) for row in rows)
    assert texts == ["Công văn Về việc sửa đường", "Công văn về việc trồng cây"]


def test_no_match_for_a_keyword_alone_does_not_ask_to_take_filters_off(client, db):
    """From the sixth trial: /van-ban/?q=!!!??? asked to take off filters no one had set."""
    make_document("15/KH-UBND", "Kế hoạch phòng cháy")
    said = soup(client.get("/van-ban/", {"q": "khong co van ban nay"})).select_one(".result-count")
    assert said.get_text() == "Không có văn bản nào phù hợp. Hãy thử từ khóa khác."
    page = client.get("/van-ban/", {"q": "!!!???"})
    assert "Hãy gõ từ hoặc số ký hiệu cần tìm." in page.text  # (the seventh and eighth trials)
    assert "bỏ bớt điều kiện lọc" not in page.text
    said = soup(client.get("/van-ban/", {"q": "khong co", "nam": "2020"})).select_one(
        ".result-count"
    )
    assert "Hãy bỏ bớt điều kiện lọc hoặc thử từ khóa khác." in said.get_text()


def test_a_control_character_in_a_filter_is_dropped_not_shown(client, db):
    """From the fourth trial: /van-ban/?q=%00 answered 400 with the NUL in the form's field."""
    make_document("11/KH-UBND", "Kế hoạch phòng cháy")
    response = client.get("/van-ban/", {"q": "phòng\x00 cháy\x07"})
    assert response.status_code == 200 and "\x00" not in response.content.decode()
    assert 'value="phòng cháy"' in response.content.decode()
    assert count(client, {"q": "phòng\x00 cháy"}) == "1"


def test_a_keyboard_reaches_the_list_past_the_filters_in_one_step(client, db):
    """From the fourth trial: 19 Tabs from the page's start to the first document. A link
    before the filters leads to the list (its count, then its rows); none when nothing is
    listed."""
    make_document("12/KH-UBND", "Kế hoạch phòng cháy")
    page = soup(client.get("/van-ban/", {"q": "phong chay"}))
    skip = page.select_one(".skip-to-results a")
    assert skip.get_text() == "Bỏ qua ô tìm và lọc, đến danh sách 1 văn bản"
    target = page.select_one(skip["href"])
    assert target["tabindex"] == "-1" and target.get_text() == "Có 1 văn bản phù hợp."
    assert skip.find_parent("p").find_next_sibling("form")  # before the filters
    page = soup(client.get("/van-ban/", {"q": "khong co gi"}))
    assert page.select_one(".skip-to-results") is None


def test_filters_combine_and_show_their_counts(client, demo_documents):
    rows = demo.DOCUMENTS

    def expected(keep):
        return str(sum(1 for row in rows if keep(*row)))

    plans = expected(lambda kind, *_: kind == "Kế hoạch")
    plans_2024 = expected(
        lambda kind, n, i, f, issued, *_: kind == "Kế hoạch" and issued[0] == 2024
    )
    reform_plans = expected(lambda kind, n, i, f, d, summary, *_: kind == "Kế hoạch"
                            and "cải cách hành chính" in summary)  # fmt: skip
    in_2026 = expected(lambda kind, n, i, f, issued, *_: issued[0] == 2026)
    assert count(client, {}) == str(len(rows))
    assert count(client, {"loai": "ke-hoach"}) == plans
    assert count(client, {"loai": "ke-hoach", "nam": "2024"}) == plans_2024 == "2"
    assert count(client, {"loai": "ke-hoach", "q": "cải cách hành chính"}) == reform_plans
    assert count(client, {"tu": "2026-01-01", "den": "2026-12-31"}) == in_2026
    page = client.get("/van-ban/", {"nam": "2024"}).content.decode()
    assert "Kế hoạch (2)" in page  # the type's choices count the year's documents


def choice_counts(client, query):
    """{filter: {value: count}} as the list's select filters show them."""
    page = soup(client.get("/van-ban/", query))
    counts = {}
    for select in page.select("form.document-filters select"):
        counts[select["name"]] = {
            option["value"]: option.get_text().rsplit("(", 1)[1].rstrip(")")
            for option in select.select("option")
            if option["value"]
        }
    return counts


@pytest.mark.parametrize(
    "query",
    [{}, {"loai": "ke-hoach"}, {"nam": "2024"}, {"q": "cải cách"},
     {"co_quan": "ubnd-thanh-pho-long-khanh", "hieu_luc": "con-hieu-luc"}],
)  # fmt: skip
def test_every_choices_count_is_what_choosing_it_lists(client, demo_documents, query):
    """The number beside each choice of each filter is the number of documents the list shows
    when the reader picks it, the other filters kept."""
    shown = choice_counts(client, query)
    assert set(shown) == {"loai", "co_quan", "linh_vuc", "hieu_luc"}
    assert any(n != "0" for choices in shown.values() for n in choices.values())
    for name, choices in shown.items():
        for value, number in choices.items():
            assert count(client, {**query, name: value}) == number, (name, value)


def test_the_counts_follow_documents_saves_but_not_articles(client, demo_documents, make_article):
    """The counts are kept under the documents' generation: a document published, a new type
    and a document taken down each show on the next list; an article's save (which retires the
    cached pages) does not count the documents again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = choice_counts(client, {})
    total = int(count(client, {}))
    new = make_document("9/KH-UBND", "Kế hoạch mới", doc_type=DocumentType.objects.create(
        name="Hướng dẫn liên ngành", slug="huong-dan-lien-nganh"))  # fmt: skip
    after = choice_counts(client, {})
    assert after["loai"]["huong-dan-lien-nganh"] == "1" and int(count(client, {})) == total + 1
    assert after["co_quan"] != before["co_quan"]
    new.status = Document.Status.DRAFT
    new.save()
    assert choice_counts(client, {})["loai"]["huong-dan-lien-nganh"] == "0"
    assert int(count(client, {})) == total

    for title in ("Bài một", "Bài hai"):  # each save retires the cached pages
        make_article(title)
        with CaptureQueriesContext(connection) as queries:
            assert int(count(client, {"loai": "ke-hoach"})) > 0
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"nam": "abc"}, "Năm ban hành phải là một số"),
        ({"tu": "2026-02-01", "den": "2026-01-01"}, "không được sau"),
        ({"tu": "hôm qua"}, "không phải một ngày"),
        # from the seventh trial: Django's own wording, "kí tự" and "lựa chọn khả thi"
        ({"q": "hồ sơ " * 300}, "Từ khóa dài quá: tối đa 200 ký tự (đã gõ 1799)."),
        ({"loai": "khong-co"}, "Không có loại văn bản này."),
        ({"co_quan": "khong-co"}, "Không có cơ quan ban hành này."),
        ({"linh_vuc": "khong-co"}, "Không có lĩnh vực này."),
    ],
)
def test_bad_filters_get_a_400_with_a_vietnamese_message(client, demo_documents, query, message):
    response = client.get("/van-ban/", query)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    # said where it is, once (the summary above says what to do: the date range was said three
    # times, in the summary, its list and under the field)
    assert page.count(message) == 1
    assert "khả thi" not in page and "kí tự" not in page


def test_a_keyword_with_no_word_to_look_for_says_so(client, demo_documents):
    """From the seventh trial: /van-ban/?q=!!! said nothing matched, as if it had searched; from
    the eighth: it then said so with a 200 and every filter's choices read (0). It is an error of
    the keyword's field: 400, the field marked, the counts those of the whole list."""
    for keyword in ["!!!", "-rác", '-"hồ sơ"', "%!%"]:
        response = client.get("/van-ban/", {"q": keyword})
        assert response.status_code == 400, keyword
        page = soup(response)
        field = page.select_one("#id_q")
        assert field["aria-invalid"] == "true"
        said = page.select_one("#q-error").get_text()
        assert "không có từ hay số nào cần tìm" in said and keyword in said, keyword
        assert response.text.count("không có từ hay số nào cần tìm") == 1
        assert page.select_one("title").get_text().startswith("Lỗi: Văn bản – kết quả lọc")
        counts = [option.get_text() for option in page.select("#id_loai option")][1:]
        assert counts and not any(text.endswith("(0)") for text in counts), counts
    response = client.get("/van-ban/", {"q": "khong co van ban nay"})
    assert response.status_code == 200
    assert "không có từ hay số nào" not in response.text
    assert client.get("/van-ban/", {"q": "!!! 125"}).status_code == 200  # a number is a search


def test_files_are_checked_by_their_content(db):
    refused = [
        ("macro.docx", docx_bytes("x", macro=True), "macro"),
        ("bao-cao.pdf", b"MZ\x90\0" + b"\0" * 100, "chạy được"),
        ("anh.jpg", b"#!/bin/sh\nrm -rf /\n", "chạy được"),
        ("ghi-chu.pdf", b"just text", "Định dạng tệp không được nhận"),
    ]
    for name, content, message in refused:
        with pytest.raises(ValidationError, match=message):
            inspect_upload(SimpleUploadedFile(name, content))
    assert inspect_upload(SimpleUploadedFile("x.bin", docx_bytes("x"))) == "docx"
    assert inspect_upload(SimpleUploadedFile("x.doc", b"%PDF-1.7\n")) == "pdf"


def test_a_file_over_the_limit_is_refused_in_the_admin(admin_client, db, settings):
    settings.DOCUMENT_MAX_UPLOAD_MB = 1
    document = make_document("9/KH-UBND", "Kế hoạch thử")
    form = admin_form(
        document, file=SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * 1_100_000)
    )
    response = admin_client.post(f"/admin/documents/document/{document.pk}/change/", form)
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode() and not document.files.exists()


def test_a_25_mb_request_gets_the_413_page(admin_client, db):
    document = make_document("10/KH-UBND", "Kế hoạch thử")
    form = admin_form(
        document, file=SimpleUploadedFile("lon.pdf", b"%PDF-1.7\n" + b"0" * (26 * 1024 * 1024))
    )
    response = admin_client.post(f"/admin/documents/document/{document.pk}/change/", form)
    assert response.status_code == 413 and "tối đa 20 MB mỗi tệp" in response.content.decode()


def test_the_download_keeps_the_vietnamese_name_and_type(client, demo_documents):
    document = Document.objects.get(number="125/KH-UBND")
    attachment = document.files.get()
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="ke-hoach-125-kh-ubnd.pdf"; '
        "filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%20125-KH-UBND.pdf"
    )
    # the file itself is not public under /media/: only this view, which checks publication
    assert client.get(attachment.file.url).status_code == 404
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(attachment.get_absolute_url() + "?xem=1")["Content-Disposition"].startswith(
        "inline;"
    )
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Bị thay thế bởi" in page and '"@type": "Legislation"' in page


def test_drafts_are_not_public_and_a_second_save_keeps_the_files(client, demo_documents):
    document = Document.objects.get(number="125/KH-UBND")
    url, file_url = document.get_absolute_url(), document.files.get().get_absolute_url()
    for _ in range(2):  # saved again, and again: nothing lost
        document.save()
        assert client.get(url).status_code == 200 and document.files.count() == 1
    document.status = Document.Status.DRAFT
    document.save()
    assert client.get(url).status_code == 404 and client.get(file_url).status_code == 404
    assert count(client, {"q": "125/KH-UBND"}) == "0"
    assert count(client, {"q": "bưu chính công ích"}) == "1"


def admin_form(document, file=None, **changes):
    data = {
        "number": document.number, "doc_type": document.doc_type_id, "issuer": document.issuer_id,
        "field": "", "summary": document.summary, "slug": document.slug, "signer": "",
        "signer_title": "", "issued_on": "05/01/2026", "effective_on": "", "expires_on": "",
        "effect": document.effect, "full_text": "", "comment_deadline_0": "",
        "comment_deadline_1": "", "status": document.status, "published_at_0": "05/01/2026",
        "published_at_1": "09:00:00",
        "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0", "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000", "files-0-name": "", "files-0-position": "0",
        "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0", "relations-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    if file is not None:
        data["files-0-file"] = file
    data.update(changes)
    return data


def test_a_writer_submits_and_an_approver_publishes(client, db):
    writer = User.objects.create_user("pv", password="x" * 12, is_staff=True)
    writer.groups.add(Group.objects.get(name=WRITERS))
    approver = User.objects.create_user("btv", password="x" * 12, is_staff=True)
    approver.groups.add(Group.objects.get(name=APPROVERS))
    document = make_document("11/KH-UBND", "Kế hoạch của phóng viên", status=Document.Status.DRAFT)
    Document.objects.filter(pk=document.pk).update(created_by=writer, status="draft")
    document.refresh_from_db()
    client.force_login(writer)
    form = admin_form(document, status="published")  # forged: becomes "review"
    assert client.post(f"/admin/documents/document/{document.pk}/change/", form).status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.REVIEW
    client.force_login(approver)
    form = admin_form(document, status="published")
    assert client.post(f"/admin/documents/document/{document.pk}/change/", form).status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    assert client.get(document.get_absolute_url()).status_code == 200
    assert document.history.count() >= 3


def test_the_feed_sitemap_and_sidebar_list_published_documents_only(client, demo_documents):
    newest = Document.objects.published().order_by("-published_at").first()
    home = client.get("/").content.decode()
    assert "Văn bản mới" in home and newest.get_absolute_url() in home
    feed = client.get("/van-ban/rss/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    assert newest.get_absolute_url() in feed.content.decode()
    sitemap = client.get("/sitemap-van-ban.xml").content.decode()
    assert sitemap.count("<url>") == Document.objects.published().count()
    newest.status = Document.Status.DRAFT
    newest.save()  # taken down: gone from all three at once
    assert newest.get_absolute_url() not in client.get("/").content.decode()
    assert newest.get_absolute_url() not in client.get("/van-ban/rss/").content.decode()
    assert newest.get_absolute_url() not in client.get("/sitemap-van-ban.xml").content.decode()


def test_the_sidebars_documents_outlive_an_articles_save_but_not_a_documents(
    client, make_article, django_assert_max_num_queries
):
    """ "Văn bản mới" is kept under the documents' own generation (pagecache.connect's scope):
    an article's save, first and second, leaves it kept; a document's takedown and a new
    document each show on the next article page, assembled from the kept shell."""
    first = make_document("01/KH-UBND", "Kế hoạch thứ nhất")
    article, other = make_article("Bài một"), make_article("Bài hai")
    for page in (article, other):  # both stored, the shell and the blocks kept
        assert first.get_absolute_url() in client.get(page.get_absolute_url()).content.decode()

    for title in ("Bài một đã sửa", "Bài một sửa lần hai"):
        article.title = title
        article.save()
        with django_assert_max_num_queries(3) as queries:  # stored, related, "most read"
            page = client.get(other.get_absolute_url()).content.decode()
        assert not any("documents_document" in q["sql"] for q in queries.captured_queries)
        assert first.get_absolute_url() in page

    second = make_document("02/KH-UBND", "Kế hoạch thứ hai")
    assert second.get_absolute_url() in client.get(other.get_absolute_url()).content.decode()
    second.status = Document.Status.DRAFT
    second.save()
    page = client.get(other.get_absolute_url()).content.decode()
    assert second.get_absolute_url() not in page and first.get_absolute_url() in page


def import_files(rows, files):
    """A CSV of `rows` (the header first) and a ZIP of `files` ({name: bytes})."""
    sheet = "\n".join(";".join(row) for row in rows).encode("utf-8")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, content in files.items():
            zipped.writestr(f"van-ban/{name}", content)
    return (SimpleUploadedFile("danh-sach.csv", sheet),
            SimpleUploadedFile("tep.zip", archive.getvalue()))  # fmt: skip


def test_the_import_dry_run_names_bad_rows_then_imports_once(admin_client, demo_documents):
    header = ["Số ký hiệu", "Loại văn bản", "Co quan ban hanh", "Ngày ban hành", "Trích yếu",
              "Tệp"]  # fmt: skip
    good = [
        ["501/QĐ-UBND", "Quyết định", "UBND thành phố Long Khánh", "02/03/2021",
         "Quyết định thành lập tổ công tác chuyển đổi số", "qd-501.docx"],
        ["77/TB-UBND", "Thông báo", "UBND thành phố Long Khánh", "2021-04-05",
         "Thông báo lịch tiếp công dân quý II", ""],
        # already on the site: kept as it is
        ["125/KH-UBND", "Kế hoạch", "UBND thành phố Long Khánh", "14/01/2022",
         "Kế hoạch cải cách hành chính năm 2022", ""],
    ]  # fmt: skip
    bad = [
        ["600/QĐ-UBND", "Quyet dinh moi", "UBND thành phố Long Khánh", "01/01/2021", "Sai loại",
         ""],
        ["601/QĐ-UBND", "Quyết định", "UBND thành phố Long Khánh", "31/02/2021", "Sai ngày", ""],
        ["602/QĐ-UBND", "Quyết định", "UBND thành phố Long Khánh", "01/01/2021", "Tệp macro",
         "macro.docx"],
    ]  # fmt: skip
    files = {"qd-501.docx": docx_bytes("Tổ công tác số hóa hồ sơ lưu trữ"),
             "macro.docx": docx_bytes("x", macro=True)}  # fmt: skip
    before = Document.objects.count()
    sheet, archive = import_files([header, *good, *bad], files)
    response = admin_client.post("/admin/documents/document/nhap/",
                                 {"sheet": sheet, "archive": archive})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and Document.objects.count() == before
    errors = BeautifulSoup(page, "html.parser").select("#import-errors tbody tr")
    assert [row.td.get_text() for row in errors] == ["5", "6", "7"]  # the lines of the file
    assert "chưa có trong danh mục" in errors[0].get_text()
    assert "không phải ngày" in errors[1].get_text()
    assert "macro" in errors[2].get_text()
    assert 'name="confirm"' not in page  # nothing to confirm while a row is refused

    for attempt in range(2):  # the corrected sheet, then the same sheet again
        sheet, archive = import_files([header, *good], files)
        dry = admin_client.post("/admin/documents/document/nhap/",
                                {"sheet": sheet, "archive": archive})  # fmt: skip
        assert Document.objects.count() == before + (2 if attempt else 0)
        token = BeautifulSoup(dry.content.decode(), "html.parser").select_one("[name=token]")
        if attempt:  # everything is there already: nothing to confirm
            assert token is None and "Không có văn bản mới để nhập" in dry.content.decode()
            break
        confirm = {"token": token["value"], "confirm": "1"}
        done = admin_client.post("/admin/documents/document/nhap/", confirm, follow=True)
        assert done.status_code == 200
        assert Document.objects.count() == before + 2
    imported = Document.objects.get(number="501/QĐ-UBND")
    assert imported.is_public and imported.files.get().kind == "docx"
    assert count(admin_client, {"q": "so hoa ho so luu tru"}) == "1"  # inside its DOCX


def test_restoring_a_version_brings_back_the_text_and_keeps_the_workflow(admin_client, db):
    document = make_document("12/KH-UBND", "Trích yếu ban đầu")
    first = document.history.earliest()
    document.summary = "Trích yếu đã sửa"
    document.save()
    document.status = Document.Status.DRAFT  # taken down since
    document.save()
    url = f"/admin/documents/document/{document.pk}/history/{first.history_id}/"
    crumbs = soup(admin_client.get(url)).select_one(".breadcrumbs").get_text(" ", strip=True)
    assert crumbs.startswith("Trang chủ › Văn bản › ")  # the app's name, not its label
    form = admin_form(Document.objects.get(pk=document.pk), summary="Trích yếu ban đầu",
                      status="published")  # what the old version's form holds  # fmt: skip
    assert admin_client.post(url, form).status_code == 302
    document.refresh_from_db()
    assert document.summary == "Trích yếu ban đầu"
    assert document.status == Document.Status.DRAFT  # not published again by a restore
    newest = document.history.latest()
    assert newest.history_change_reason.startswith("Khôi phục phiên bản lúc")
    history = admin_client.get(f"/admin/documents/document/{document.pk}/history/")
    assert "Khôi phục phiên bản lúc" in history.content.decode()
    # a second restore, of the edited version this time
    second = document.history.order_by("history_date")[1]
    url = f"/admin/documents/document/{document.pk}/history/{second.history_id}/"
    assert (
        admin_client.post(url, admin_form(document, summary="Trích yếu đã sửa")).status_code == 302
    )
    document.refresh_from_db()
    assert document.summary == "Trích yếu đã sửa" and document.status == Document.Status.DRAFT


@pytest.mark.parametrize("separator", [";", ","])
def test_the_import_reads_what_excel_writes(admin_client, demo_documents, separator):
    """Windows line endings, a BOM, and quoted cells holding the separator (several files in one
    cell, a comma in a trích yếu): found in the new-user trial as a 500."""
    header = ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu", "Tệp"]
    rows = [
        ["701/KH-UBND", "Kế hoạch", "UBND thành phố Long Khánh", "46000",
         "Kế hoạch, có dấu phẩy; và chấm phẩy", "a.pdf;b.docx"],
    ]  # fmt: skip
    lines = [separator.join(f'"{cell}"' for cell in row) for row in [header, *rows]]
    sheet = SimpleUploadedFile("ds.csv", "\ufeff".encode() + "\r\n".join(lines).encode())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.pdf", b"%PDF-1.4\n%%EOF\n")
        zipped.writestr("b.docx", docx_bytes("Phụ lục"))
    response = admin_client.post("/admin/documents/document/nhap/", {
        "sheet": sheet, "archive": SimpleUploadedFile("t.zip", archive.getvalue())})  # fmt: skip
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert not page.select("#import-errors"), page.select_one("#import-errors").get_text()
    row = page.select_one("#import-new tbody tr").get_text(" ")
    assert "701/KH-UBND" in row and "Kế hoạch, có dấu phẩy; và chấm phẩy" in row and "2" in row


def test_the_document_with_the_number_typed_comes_first(client, demo_documents):
    plan = Document.objects.get(number="125/KH-UBND")
    # a newer document whose file mentions that number
    mention = docx_bytes("Thực hiện Kế hoạch 125/KH-UBND năm 2022")
    make_document("9/TB-UBND", "Thông báo thực hiện", files=[("tb.docx", mention)])
    page = BeautifulSoup(client.get("/van-ban/", {"q": "125/KH-UBND"}).content, "html.parser")
    numbers = [a.get_text() for a in page.select(".document-table__number a")]
    assert numbers[0] == plan.number and "9/TB-UBND" in numbers


def test_approvers_see_the_queue_and_publish_or_take_down_from_the_list(client, db):
    approver = User.objects.create_user("btv2", password="x" * 12, is_staff=True)
    approver.groups.add(Group.objects.get(name=APPROVERS))
    waiting = make_document("13/KH-UBND", "Chờ duyệt", status=Document.Status.REVIEW)
    client.force_login(approver)
    assert "1 văn bản đang chờ duyệt" in client.get("/admin/").content.decode()
    changelist = "/admin/documents/document/"
    for action, status in [
        ("publish", "published"),
        ("unpublish", "draft"),
        ("publish", "published"),
    ]:
        response = client.post(changelist, {"action": action, "_selected_action": [waiting.pk]})
        assert response.status_code == 302
        waiting.refresh_from_db()
        assert waiting.status == status
        public = client.get(waiting.get_absolute_url())
        assert public.status_code == (200 if status == "published" else 404)
    assert "đang chờ duyệt" not in client.get("/admin/").content.decode()


def test_publishing_with_no_time_means_now_and_a_resave_changes_no_time(admin_client, db):
    document = make_document("14/KH-UBND", "Văn bản đăng ngay", status=Document.Status.DRAFT)
    url = f"/admin/documents/document/{document.pk}/change/"
    form = admin_form(document, status="published", published_at_0="", published_at_1="")
    assert admin_client.post(url, form).status_code == 302
    document.refresh_from_db()
    assert document.is_public and document.published_at.microsecond == 0
    local = timezone.localtime(document.published_at)
    again = admin_form(document, signer="Trần Thị Lan", published_at_0=f"{local:%d/%m/%Y}",
                       published_at_1=f"{local:%H:%M:%S}")  # fmt: skip
    assert admin_client.post(url, again).status_code == 302
    newest, before = document.history.order_by("-history_date")[:2]
    assert newest.diff_against(before).changed_fields == ["signer"]  # not the time again


def test_the_import_drops_control_characters_a_sheet_carries(admin_client, demo_documents):
    """A NUL in a cell (found in the new-user trial: it reached the pages' sidebar, and
    PostgreSQL refuses it) is dropped, as the admin's forms refuse it; tabs and text stay."""
    header = ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành", "Trích yếu"]
    row = ["702/TB-UBND", "Thông báo", "UBND thành phố Long Khánh", "01/02/2026",
           "Thông báo\x00content\x00 có\x07 ký tự lạ"]  # fmt: skip
    sheet = SimpleUploadedFile(
        "ds.csv", "\r\n".join(";".join(cells) for cells in [header, row]).encode()
    )
    response = admin_client.post("/admin/documents/document/nhap/", {"sheet": sheet})
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html and "\x07" not in html
    page = BeautifulSoup(html, "html.parser")
    assert not page.select("#import-errors"), page.select_one("#import-errors").get_text()
    assert "Thông báocontent có ký tự lạ" in page.select_one("#import-new tbody tr").get_text()


def test_a_link_with_extra_parameters_never_changes_the_page_others_get(client, demo_documents):
    """Facebook and Zalo add `?fbclid=…` and `?utm_…` to shared links. The page cache keeps a
    page per address without them, so the page made for such a link must be the plain page: not
    the filtered list's title and noindex, not the extra address in the printed footer."""
    document = Document.objects.published().first()
    for url in ["/van-ban/", document.get_absolute_url(), "/tim-kiem/?q=ke+hoach"]:
        joined = "&" if "?" in url else "?"
        shared = client.get(f"{url}{joined}fbclid=IwAR0abc&utm_source=zalo")  # first, then…
        plain = client.get(url)  # …the same page, from the cache
        assert shared.content == plain.content, url
        page = soup(plain)
        assert "fbclid" not in plain.content.decode() and "utm_" not in plain.content.decode()
        if url == "/van-ban/":
            assert "kết quả lọc" not in page.title.get_text()
            assert not page.select_one('meta[name="robots"]')
    # An empty filter is still sent to the plain list's address, even with the list cached.
    response = client.get("/van-ban/?loai=&fbclid=x")
    assert response.status_code == 302 and response["Location"] == "/van-ban/"
    # A filter the page does use is its own page.
    typed = Document.objects.published().first().doc_type
    filtered = soup(client.get("/van-ban/", {"loai": typed.slug, "fbclid": "x"}))
    assert "kết quả lọc" in filtered.title.get_text()
    assert filtered.select_one('meta[name="robots"]')["content"] == "noindex"


def test_a_later_page_of_the_list_says_so_and_is_its_own_page(client, db):
    for n in range(1, 23):  # PER_PAGE is 20: two pages
        make_document(f"{n}/KH-UBND", f"Kế hoạch số {n} về cải cách hành chính")
    first, second = (soup(client.get("/van-ban/", query)) for query in ({}, {"page": "2"}))
    assert "(trang" not in first.title.get_text()
    assert first.select_one('link[rel="canonical"]')["href"].endswith("/van-ban/")
    assert second.title.get_text().startswith("Văn bản (trang 2) – ")
    assert second.select_one('link[rel="canonical"]')["href"].endswith("/van-ban/?page=2")
    assert not second.select_one('meta[name="robots"]')  # the whole list: indexed, every page
    assert len(second.select("table tbody tr")) == 2


def test_the_menu_marks_van_ban_as_the_page_or_as_what_holds_it(client, db):
    """The list is the menu's "Văn bản" page; a document's page is within it."""
    document = make_document("5/KH-UBND", "Kế hoạch số 5 về chuyển đổi số")
    listing = soup(client.get("/van-ban/"))
    detail = soup(client.get(document.get_absolute_url()))
    assert [a["href"] for a in listing.select('.section-menu a[aria-current="page"]')] == [
        "/van-ban/"
    ]
    assert not listing.select('.section-menu a[aria-current="true"]')
    assert not detail.select('.section-menu a[aria-current="page"]')
    assert [a["href"] for a in detail.select('.section-menu a[aria-current="true"]')] == [
        "/van-ban/"
    ]
    # A filtered list is within "Văn bản" too: its link leads to the whole list.
    filtered = soup(client.get("/van-ban/", {"loai": "ke-hoach"}))
    assert not filtered.select('[aria-current="page"]')
    assert [a["href"] for a in filtered.select('.section-menu a[aria-current="true"]')] == [
        "/van-ban/"
    ]
    assert soup(client.get("/van-ban/")).select_one('.breadcrumb [aria-current="page"]')


def test_a_documents_page_names_its_public_relations_both_ways(client, db):
    """ "Thay thế" on the newer document, "Bị thay thế bởi" on the older; a related document not
    public (a draft) is not named until it is published, and not after it is taken down."""
    from documents.models import Relation

    old = make_document("1/QĐ-UBND", "Quyết định cũ về phí chợ")
    new = make_document("2/QĐ-UBND", "Quyết định mới về phí chợ", status=Document.Status.DRAFT)
    guide = make_document("3/HD-UBND", "Hướng dẫn thu phí chợ")
    Relation.objects.create(source=new, kind=Relation.Kind.REPLACES, target=old)
    Relation.objects.create(source=guide, kind=Relation.Kind.GUIDES, target=old)

    def named(document):
        page = soup(client.get(document.get_absolute_url()))
        section = page.select_one('section[aria-labelledby="related-docs-heading"]')
        return [li.get_text(" ", strip=True) for li in section.select("li")] if section else []

    assert named(old) == ["Được hướng dẫn bởi: Kế hoạch 3/HD-UBND – Hướng dẫn thu phí chợ"]
    for _ in range(2):  # published, then saved again
        new.status = Document.Status.PUBLISHED
        new.save()
        assert len(named(old)) == 2 and any("Bị thay thế bởi" in n and "2/QĐ-UBND" in n
                                            for n in named(old))  # fmt: skip
    assert any(n.startswith("Thay thế") and "1/QĐ-UBND" in n for n in named(new))
    new.status = Document.Status.DRAFT
    new.save()
    assert not any("2/QĐ-UBND" in n for n in named(old))


def test_a_documents_page_is_read_in_three_queries_and_shows_what_it_holds(
    client, db, django_assert_num_queries
):
    """A document's page reads the document with its type, body and field names, its files
    and its relations in three queries of fixed SQL (documents/reads.py), a fourth for the
    related documents when there are some; never the files' extracted text. Edited (a file
    added, the field removed), the next view shows the change."""
    from documents.models import Field, Relation

    field = Field.objects.create(name="Thương mại")
    files = [("b.docx", docx_bytes("Lịch thu phí")), ("a.docx", docx_bytes("Biểu phí chợ"))]
    fee = make_document("5/QĐ-UBND", "Quyết định về phí chợ", files=files, field=field,
                        signer="Nguyễn Văn A", signer_title="Chủ tịch")  # fmt: skip
    first, second = fee.files.order_by("id")
    DocumentFile.objects.filter(pk=first.pk).update(position=2)  # listed second
    plain = make_document("6/TB-UBND", "Thông báo không có tệp")
    client.get(plain.get_absolute_url())  # the chrome kept

    with django_assert_num_queries(3) as queries:
        page = soup(client.get(fee.get_absolute_url()))
    (read,) = [q["sql"] for q in queries.captured_queries if "documents_documentfile" in q["sql"]]
    assert '"text"' not in read
    data = {
        r.th.get_text(): r.td.get_text(" ", strip=True) for r in page.select(".document-data tr")
    }
    assert data["Loại văn bản"] == "Kế hoạch" and data["Cơ quan ban hành"] == "UBND thành phố"
    assert data["Lĩnh vực"] == "Thương mại" and data["Người ký"] == "Nguyễn Văn A (Chủ tịch)"
    links = [a["href"] for a in page.select(".document-files a[download]")]
    assert links == [
        f"{fee.get_absolute_url()}tep/{second.pk}/",
        f"{fee.get_absolute_url()}tep/{first.pk}/",
    ]
    assert page.h1.get_text() == "Kế hoạch 5/QĐ-UBND"

    guide = make_document("7/HD-UBND", "Hướng dẫn thu phí chợ")
    Relation.objects.create(source=guide, kind=Relation.Kind.GUIDES, target=fee)
    fee.field = None
    fee.save()
    DocumentFile.objects.create(
        document=fee, file=SimpleUploadedFile("c.docx", docx_bytes("Phụ lục")), position=9
    )
    client.get(plain.get_absolute_url())  # the chrome kept again (the saves retired it)
    with django_assert_num_queries(4):  # and the related documents
        page = soup(client.get(fee.get_absolute_url()))
    data = {
        r.th.get_text(): r.td.get_text(" ", strip=True) for r in page.select(".document-data tr")
    }
    assert "Lĩnh vực" not in data
    assert len(page.select(".document-files a[download]")) == 3
    related = page.select_one('section[aria-labelledby="related-docs-heading"] li')
    assert related.get_text(" ", strip=True) == (
        "Được hướng dẫn bởi: Kế hoạch 7/HD-UBND – Hướng dẫn thu phí chợ"
    )
    assert client.get("/van-ban/khong-co/").status_code == 404
    plain.status = Document.Status.DRAFT
    plain.save()
    assert client.get(plain.get_absolute_url()).status_code == 404


def test_a_long_trich_yeu_is_cut_with_an_ellipsis_where_the_admin_names_the_document(
    admin_client, db
):
    summary = (
        "Kế hoạch triển khai thực hiện chuyển đổi số, phát triển chính quyền số, kinh tế số và "
        "xã hội số trên địa bàn thành phố Long Khánh năm 2026"
    )
    document = make_document("15/KH-UBND", summary)
    form = admin_form(document, status="published")

    response = admin_client.post(
        f"/admin/documents/document/{document.pk}/change/", form, follow=True
    )

    message = soup(response).select_one(".messagelist").get_text()
    named = str(document)
    assert named in message
    # cut between two words, and said so
    assert named == "15/KH-UBND – " + summary[: summary.index(" số và xã hội")] + "…"
    assert len(named) <= len("15/KH-UBND – ") + 80
    short = make_document("16/KH-UBND", "Kế hoạch ngắn")
    assert str(short) == "16/KH-UBND – Kế hoạch ngắn"


def test_a_time_the_form_keeps_to_the_minute_is_not_a_change_in_the_history(admin_client, db):
    """From a trial: a comment deadline kept to the microsecond, saved again by the form (to the
    minute) with only the trích yếu edited, showed "Hạn góp ý: 06:53 … → 06:53 …" as a change."""

    from django.utils import timezone

    deadline = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30, seconds=7)
    document = make_document(
        "13/KH-UBND", "Dự thảo kế hoạch", comment_deadline=deadline, published_at=timezone.now()
    )
    local = timezone.localtime(deadline)
    form = admin_form(document, summary="Dự thảo kế hoạch đã sửa",
                      comment_deadline_0=f"{local:%d/%m/%Y}",
                      comment_deadline_1=f"{local:%H:%M}")  # fmt: skip
    assert (
        admin_client.post(f"/admin/documents/document/{document.pk}/change/", form).status_code
        == 302
    )
    history = soup(admin_client.get(f"/admin/documents/document/{document.pk}/history/"))
    newest = history.select_one("#change-history tbody tr").get_text(" ", strip=True)
    assert "Trích yếu" in newest and "Hạn góp ý" not in newest, newest


def test_a_document_is_named_with_its_type_once_in_search_results_and_the_feed(client, db):
    """From the eighth trial: "Công văn 2875/UBND-VP: Công văn về việc tiếp nhận hồ sơ…" in the
    site's search and the feed, and the card's summary the trích yếu a third time."""
    official = DocumentType.objects.create(name="Công văn")
    make_document("2875/UBND-VP", "Công văn về việc tiếp nhận hồ sơ", doc_type=official)
    make_document("125/KH-UBND", "Phòng cháy chữa cháy năm 2026")
    make_document("9/CV", "Công văn", doc_type=official)  # nothing after the type
    found = soup(client.get("/tim-kiem/", {"q": "tiep nhan ho so"}))
    (card,) = found.select("main article.card")
    title = card.select_one(".card__title").get_text()
    assert title == "Công văn 2875/UBND-VP về việc tiếp nhận hồ sơ"
    assert card.select_one(".card__summary").get_text() == "UBND thành phố, ngày 05/01/2026."
    card = soup(client.get("/tim-kiem/", {"q": "phong chay"})).select_one("main article.card")
    title = card.select_one(".card__title").get_text()
    assert title == "Kế hoạch 125/KH-UBND: Phòng cháy chữa cháy năm 2026"
    feed = client.get("/van-ban/rss/").content.decode()
    assert "<title>Công văn 2875/UBND-VP về việc tiếp nhận hồ sơ</title>" in feed
    assert "<title>Kế hoạch 125/KH-UBND: Phòng cháy chữa cháy năm 2026</title>" in feed
    assert "<title>Công văn 9/CV</title>" in feed
    assert "Công văn Công văn" not in feed and "Công văn: Công văn" not in feed


def test_the_demo_draft_closes_at_a_set_hour(demo_documents):
    """From the eighth trial: "Hạn góp ý: 06:43, 01/01/2027", the minute the demo was loaded."""
    draft = Document.objects.exclude(comment_deadline=None).get()
    local = timezone.localtime(draft.comment_deadline)
    assert (local.hour, local.minute, local.second) == (17, 0, 0)
    assert local.date() == timezone.localdate() + datetime.timedelta(days=30)
