"""Hỏi đáp – góp ý (questions/): a resident's question from the form to a published answer, as
the resident, the writer and the approver each do it (the form, the tracking code, the admin
with its own forms and actions); every refusal of the form (bad input, honeypot, fill time,
per-address limit, duplicates) with its Vietnamese reason and what was typed kept; 500
questions at once at a real gunicorn server; mail kept while the mail server is down and sent
later; no asker's personal data on any public page; comments on draft documents until their
deadline; the personal data purge and export; the admin's queue, filters and notices; the demo
content loaded twice."""

import datetime
import html
import io
import json
import re
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from documents.models import Document, DocumentType, IssuingBody
from questions.forms import opened_token
from questions.models import Mail, Question, Settings, Topic
from tests.conftest import form_fields, image_bytes
from tests.helpers import load_demo, offences, soup, visible_texts
from tests.servers import free_port, gunicorn, manage, portal_env

ASK, FOLLOW, ARCHIVE = "/hoi-dap/gui-cau-hoi/", "/hoi-dap/theo-doi/", "/hoi-dap/"
QUESTION_ADMIN, SETTINGS_ADMIN = "/admin/questions/question/", "/admin/questions/settings/"
EXPORT = "/admin/questions/question/xuat-du-lieu/"
MB = 1024 * 1024
CODE = re.compile(r"^HD-[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$")
# The asker's personal data: never on a public page. Distinctive, so that a find is a leak.
RESIDENT = {
    "name": "Lò Thị Xuyến",
    "address": "Số 719 hẻm 38/2 đường Cây Da Xanh",
    "phone": "0913 456 789",
    "email": "pham.riengtu@example.vn",
}
TITLE = "Thủ tục cấp đổi sổ đỏ khi thửa đất bị sạt lở"
BODY = (
    "Thửa đất số 145 của gia đình tôi bị sạt lở một phần sau mùa mưa. "
    "Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất như thế nào?"
)
ANSWER = (
    "<p>Gia đình bạn nộp hồ sơ đề nghị cấp đổi tại Bộ phận một cửa thành phố; "
    "chi nhánh văn phòng đăng ký đất đai sẽ đo đạc lại thửa đất.</p>"
)
UNIT = "Phòng Tài nguyên và Môi trường"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# Fixtures and helpers


@pytest.fixture
def quick(db):
    """The settings as most tests want them: no minimum fill time (the test client types fast)."""
    settings = Settings.current()
    settings.min_fill_seconds = 0
    settings.save()
    return settings


@pytest.fixture
def topic(db):
    return Topic.objects.create(name="Đất đai", days_to_answer=20)


def filled(client, url=ASK, with_topic=None, **changes):
    """The form on `url` as a browser would send it once the resident filled it in; a change
    of None leaves that field out."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = {
        **form_fields(page),
        **RESIDENT,
        "title": TITLE,
        "body": BODY,
        "consent_data": "on",
        "consent_publish": "on",
    }
    if with_topic is not None:
        data["topic"] = str(with_topic.pk)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def send(client, data, address="127.0.0.5", url=ASK):
    return client.post(url, data, REMOTE_ADDR=address)


def sent_code(response):
    assert response.status_code == 302, refusal_of(response)
    match = re.fullmatch(r"/hoi-dap/da-gui/(HD-[A-Z0-9]+)/", response["Location"])
    assert match, response["Location"]
    return match[1]


def refusal_of(response):
    """The page's summary of why the form was refused, and each field's message."""
    if response.status_code == 302:
        return "(accepted)"
    page = soup(response)
    summary = page.select_one(".form-error--summary")
    return {
        "summary": summary.get_text(" ", strip=True) if summary else None,
        **field_errors(page),
    }


def field_errors(page):
    return {
        span["id"].removesuffix("-error"): span.get_text(strip=True).replace("\xa0", " ")
        for span in page.select("form .form-error[id$=-error]")
    }


def typed(page):
    """What the refused form shows in its boxes."""
    form = page.select_one("form.question-form")
    values = {
        i["name"]: i.get("value", "") for i in form.select("input[type=text], input[type=tel]")
    }
    values.update({i["name"]: i.get("value", "") for i in form.select("input[type=email]")})
    values["body"] = form.select_one("textarea[name=body]").get_text()
    selected = form.select_one("select[name=topic] option[selected]")
    values["topic"] = selected["value"] if selected else ""
    values["consent_publish"] = form.select_one("input[name=consent_publish]").has_attr("checked")
    return values


def opened_seconds_ago(seconds):
    """The form's `opened` token as if the form had been opened `seconds` ago."""
    now = time.time()
    with mock.patch("django.core.signing.time.time", return_value=now - seconds):
        return opened_token()


def nothing_stored(media_root):
    stored = list((Path(media_root) / "questions").rglob("*"))
    assert (Question.objects.count(), Mail.objects.count(), stored) == (0, 0, [])


def admin_save(client, url, changes=None, expect=302):
    """Opens the admin form at `url`, changes what is given and posts everything the form
    holds, as a browser does."""
    form = client.get(url)
    assert form.status_code == 200, f"{url}: {form.status_code}"
    data = {**form_fields(form, "question_form" if "/question/" in url else None)}
    data.update(changes or {})
    response = client.post(url, data)
    assert response.status_code == expect, soup(response).select(".errorlist, .errornote")
    if expect == 302:
        client.get(response["Location"])  # the page a browser goes to, which shows the message
    return response


def change_url(question):
    return f"{QUESTION_ADMIN}{question.pk}/change/"


def run_action(client, action, *questions):
    return client.post(
        QUESTION_ADMIN,
        {"action": action, "_selected_action": [q.pk for q in questions]},
        follow=True,
    )


def messages_of(response):
    return [li.get_text(" ", strip=True) for li in soup(response).select("ul.messagelist li")]


def listed_codes(response):
    return [a.get_text(strip=True) for a in soup(response).select("#result_list tbody th a")]


def status_of(client, code):
    response = client.get(FOLLOW, {"ma": code})
    assert response.status_code == 200, response.status_code
    row = soup(response).find("th", string="Tình trạng")
    return row.find_next_sibling("td").get_text(strip=True), soup(response)


def structured_data(page):
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def make_question(**fields):
    """A question as the form stores it (tests of the admin and the purge start from these)."""
    values = {
        **RESIDENT,
        "title": TITLE,
        "body": BODY,
        "consent_publish": True,
        "client_address": "127.0.0.5",
    }
    values.update(fields)
    return Question.objects.create(**values)


def make_draft(number, summary, **fields):
    fields.setdefault("doc_type", DocumentType.objects.get_or_create(name="Kế hoạch")[0])
    fields.setdefault("issuer", IssuingBody.objects.get_or_create(name="UBND thành phố")[0])
    fields.setdefault("status", Document.Status.PUBLISHED)
    fields.setdefault("is_draft", True)
    fields.setdefault("comment_deadline", timezone.now() + datetime.timedelta(days=7))
    return Document.objects.create(number=number, summary=summary, issued_on="2026-01-05", **fields)


# 1. From the form to a published answer


def test_a_question_goes_from_the_form_to_a_published_answer(
    client, quick, topic, writer, approver, mailoutbox, django_capture_on_commit_callbacks
):
    # The resident asks.
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, filled(client, with_topic=topic))
    code = sent_code(response)
    assert CODE.match(code)
    page = soup(client.get(response["Location"]))
    assert page.select_one(".tracking-code").get_text() == code
    assert page.h1.get_text() == "Đã gửi câu hỏi"
    question = Question.objects.get()
    assert (question.code, question.title, question.body, question.topic) == (
        code,
        TITLE,
        BODY,
        topic,
    )
    assert {field: getattr(question, field) for field in RESIDENT} == RESIDENT
    assert question.client_address == "127.0.0.5"
    assert (question.kind, question.status, question.consent_publish) == ("question", "new", True)
    assert question.due_on > timezone.localdate()  # 20 days on (see the last test)
    (acknowledgement,) = mailoutbox
    assert acknowledgement.subject == f"Đã nhận câu hỏi {code}"
    assert acknowledgement.to == [RESIDENT["email"]]
    assert f"{FOLLOW}?ma={code}" in acknowledgement.body

    # The resident follows it by the code, typed in capitals or not.
    for typed_code in (code, code.lower(), f" {code.lower()} ", code[3:]):  # or without "HD-"
        status, page = status_of(client, typed_code)
        assert status == "Đã nhận, đang chờ phân công", typed_code
        assert page.select_one("#status-heading").get_text() == TITLE
    unknown = client.get(FOLLOW, {"ma": "HD-AAAAAAAA"})
    assert unknown.status_code == 404
    assert "Không tìm thấy câu hỏi có mã “HD-AAAAAAAA”" in soup(unknown).select_one("main").text
    # Said as typed (the ninth trial: "HD-XXXX" came back "HDXXXX", told to add the dash).
    unknown = soup(client.get(FOLLOW, {"ma": "HD-XXXX"}))
    assert "Không tìm thấy câu hỏi có mã “HD-XXXX”" in unknown.select_one("#follow-error").text
    field = unknown.select_one("#follow-code")
    assert (field["value"], field["aria-invalid"]) == ("HD-XXXX", "true")

    # A writer assigns a unit, then answers; "published" is not theirs to choose, and a forged
    # one is stored as answered.
    client.force_login(writer)
    form = client.get(change_url(question))
    statuses = [o["value"] for o in soup(form).select("select[name=status] option")]
    assert "published" not in statuses and "answered" in statuses
    admin_save(client, change_url(question), {"assigned_to": UNIT, "status": "assigned"})
    client.logout()
    status, page = status_of(client, code)
    assert status == "Đã chuyển đơn vị xử lý"
    assert UNIT in page.select_one("table").get_text()
    assert f"{question.due_on:%d/%m/%Y}" in page.select_one("table").get_text()

    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        admin_save(client, change_url(question), {"answer": ANSWER, "status": "published"})
    question.refresh_from_db()
    assert (question.status, question.published_at, question.slug) == ("answered", None, None)
    assert question.answered_at is not None
    client.logout()
    assert TITLE not in client.get(ARCHIVE).content.decode()
    status, page = status_of(client, code)
    assert status == "Đã có câu trả lời"
    assert "chi nhánh văn phòng đăng ký đất đai" in page.select_one(".article__body").get_text()
    answered_mail = mailoutbox[-1]
    assert len(mailoutbox) == 2
    assert answered_mail.subject == f"Đã có trả lời cho câu hỏi {code}"
    assert answered_mail.to == [RESIDENT["email"]]

    # A writer cannot run the publish action either (it is not offered to them).
    client.force_login(writer)
    changelist = client.get(QUESTION_ADMIN)
    assert "publish" not in [
        o["value"] for o in soup(changelist).select("select[name=action] option")
    ]
    run_action(client, "publish", question)
    question.refresh_from_db()
    assert question.status == "answered"

    # The approver publishes it with the list's action.
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client, "publish", question)
    assert messages_of(response) == ["Đã đăng 1 câu hỏi."]
    question.refresh_from_db()
    assert question.status == "published" and question.published_at <= timezone.now()
    assert len(mailoutbox) == 2  # the asker was told when it was answered
    client.logout()
    status, page = status_of(client, code)
    assert status == "Đã trả lời và đăng công khai"
    url = question.get_absolute_url()
    assert url == f"/hoi-dap/{question.slug}/"
    assert page.find("a", string="Xem trên trang Hỏi đáp")["href"] == url

    # It is public: the archive, its page with its QAPage data, the feed, the sitemap, search.
    archive = soup(client.get(ARCHIVE))
    assert [a["href"] for a in archive.select("main .card__title a")] == [url]
    detail = client.get(url)
    assert detail.status_code == 200
    page = soup(detail)
    assert page.h1.get_text() == TITLE
    assert "Thửa đất số 145" in page.select_one(".question__body").get_text()
    assert page.select_one("#answer-heading").get_text() == f"Trả lời của {UNIT}"
    assert "chi nhánh văn phòng đăng ký đất đai" in page.select_one(".question__answer").text
    (data,) = structured_data(page)
    assert data["@type"] == "QAPage"
    entity = data["mainEntity"]
    assert (entity["@type"], entity["name"], entity["text"]) == ("Question", TITLE, BODY)
    assert entity["answerCount"] == 1
    assert entity["author"] == {"@type": "Person", "name": "Người dân"}
    answer = entity["acceptedAnswer"]
    assert answer["@type"] == "Answer" and "văn phòng đăng ký đất đai" in answer["text"]
    assert answer["url"] == f"http://testserver{url}"
    assert answer["author"]["@type"] == "GovernmentOrganization"
    assert datetime.datetime.fromisoformat(answer["dateCreated"]) == question.answered_at

    feed = client.get("/hoi-dap/rss/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    items = BeautifulSoup(feed.content, "xml").find_all("item")
    assert [(i.title.get_text(), i.link.get_text()) for i in items] == [
        (TITLE, f"http://testserver{url}")
    ]
    sitemap = client.get("/sitemap-hoi-dap.xml").content.decode()
    assert re.findall(r"<loc>([^<]+)</loc>", sitemap) == [f"http://testserver{url}"]
    results = soup(client.get("/tim-kiem/", {"q": "cap doi so do"}))
    assert url in [a["href"] for a in results.select(".search-results a[href]")]
    archive_search = soup(client.get(ARCHIVE, {"q": "sạt lở"}))
    assert [a["href"] for a in archive_search.select("main .card__title a")] == [url]
    by_topic = soup(client.get(ARCHIVE, {"chu-de": topic.slug}))
    assert [a["href"] for a in by_topic.select("main .card__title a")] == [url]


def test_a_question_without_consent_to_publish_is_never_published(
    client, quick, topic, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        private = sent_code(send(client, filled(client, with_topic=topic, consent_publish=None)))
        public = sent_code(
            send(client, filled(client, with_topic=topic, title="Giờ làm việc của Bộ phận một cửa"))
        )
    private, public = Question.objects.get(code=private), Question.objects.get(code=public)
    assert (private.consent_publish, public.consent_publish) == (False, True)

    client.force_login(approver)
    # Published from its own page: refused, saying why.
    response = admin_save(
        client, change_url(private), {"answer": ANSWER, "status": "published"}, expect=200
    )
    assert "Người hỏi không đồng ý đăng công khai câu hỏi này." in soup(response).text
    private.refresh_from_db()
    assert (private.status, private.answer) == ("new", "")
    admin_save(client, change_url(private), {"answer": ANSWER, "status": "answered"})
    admin_save(client, change_url(public), {"answer": ANSWER, "status": "answered"})

    # With the action, beside one that may be: that one is published, this one skipped.
    response = run_action(client, "publish", private, public)
    assert messages_of(response) == [
        "Đã đăng 1 câu hỏi.",
        f"Không đăng (người hỏi không đồng ý đăng công khai): {private.code}.",
    ]
    private.refresh_from_db()
    public.refresh_from_db()
    assert (private.status, private.slug, public.status) == ("answered", None, "published")
    client.logout()
    archive = client.get(ARCHIVE).content.decode()
    assert "Giờ làm việc của Bộ phận một cửa" in archive and TITLE not in archive
    assert client.get("/tim-kiem/", {"q": "cap doi so do"}).content.decode().count(TITLE) == 0


# 2. Bad input: 400, a Vietnamese message by the field, what was typed kept, nothing stored


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


BAD_INPUT = {
    "no name": ({"name": ""}, "name", "Hãy nhập họ và tên."),
    "no address": ({"address": ""}, "address", "Hãy nhập địa chỉ hoặc phường, xã."),
    "no title": ({"title": "  "}, "title", "Hãy nhập tiêu đề."),
    "no body": ({"body": ""}, "body", "Hãy nhập nội dung."),
    "no topic": ({"topic": ""}, "topic", "Hãy chọn chủ đề."),
    "unknown topic": ({"topic": "999999"}, "topic", "Chủ đề không hợp lệ: hãy chọn lại."),
    "bad email": ({"email": "riengtu@"}, "email", "Email không hợp lệ (ví dụ: ten@gmail.com)."),
    "bad phone": (
        {"phone": "0913-abc"},
        "phone",
        "Số điện thoại không hợp lệ (ví dụ: 0913 456 789).",
    ),
    "long body": (
        {"body": "Nội dung dài. " * 357 + "x" * 3},
        "body",
        "Nội dung dài quá 5.000 ký tự: hãy rút gọn hoặc gửi kèm tệp PDF.",
    ),
    "no consent": (
        {"consent_data": None},
        "consent_data",
        "Cần sự đồng ý xử lý thông tin cá nhân thì mới tiếp nhận được câu hỏi.",
    ),
    "exe": (
        {"attachment": lambda: upload("ho-so.exe", b"MZ\x90\x00" + b"\0" * 2000)},
        "attachment",
        "Tệp này không phải PDF hay ảnh thật (JPEG, PNG, WebP). Hãy chọn lại tệp khác; chỉ nhận "
        "PDF hoặc ảnh, tối đa 10 MB.",
    ),
    "text named .pdf": (
        {
            "attachment": lambda: upload(
                "don.pdf", b"Day la van ban thuong\n" * 50, "application/pdf"
            )
        },
        "attachment",
        "Tệp này không phải PDF hay ảnh thật (JPEG, PNG, WebP). Hãy chọn lại tệp khác; chỉ nhận "
        "PDF hoặc ảnh, tối đa 10 MB.",
    ),
    "attachment over 10 MB": (
        {"attachment": lambda: upload("lon.pdf", b"%PDF-" + b"0" * (10 * MB + 1 - 5))},
        "attachment",
        "Tệp đính kèm quá lớn (10,0 MB). Tối đa 10 MB.",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_by_the_field_and_what_was_typed_is_kept(
    client, quick, topic, media_root, case
):
    changes, field, message = case
    changes = {k: v() if callable(v) else v for k, v in changes.items()}
    data = filled(client, with_topic=topic, **changes)
    response = send(client, data)
    assert response.status_code == 400, refusal_of(response)
    page = soup(response)
    assert field_errors(page) == {field: message}
    # By the field: in the same paragraph as its box, which says it is invalid and why.
    error = page.select_one(f"#{field}-error")
    box = error.find_parent("p").select_one(f"[name={field}]")
    assert box["aria-invalid"] == "true" and f"{field}-error" in box["aria-describedby"]
    assert "Chưa gửi được" in page.select_one(".form-error--summary[role=alert]").get_text()
    shown = typed(page)
    for name in ["name", "address", "phone", "email", "title", "body", "topic"]:
        if name != field:
            assert shown[name] == str(data.get(name, "")).strip(), name
    assert shown["consent_publish"] is True
    nothing_stored(media_root)


def test_a_question_needs_a_phone_or_an_email_but_either_is_enough(
    client, quick, topic, media_root
):
    response = send(client, filled(client, with_topic=topic, phone="", email=""))
    assert response.status_code == 400
    page = soup(response)
    assert field_errors(page) == {}
    summary = page.select_one(".form-error--summary").get_text(" ", strip=True)
    assert "Hãy để lại số điện thoại hoặc email (ít nhất một) để nhận trả lời." in summary
    assert typed(page)["name"] == RESIDENT["name"] and typed(page)["title"] == TITLE
    nothing_stored(media_root)

    sent_code(send(client, filled(client, with_topic=topic, email="", title="Chỉ có điện thoại")))
    sent_code(send(client, filled(client, with_topic=topic, phone="", title="Chỉ có email")))
    assert sorted(Question.objects.values_list("title", "phone", "email")) == [
        ("Chỉ có email", "", RESIDENT["email"]),
        ("Chỉ có điện thoại", RESIDENT["phone"], ""),
    ]


def test_a_pdf_and_an_image_are_accepted_and_only_staff_get_them(
    client, quick, topic, writer, media_root
):
    files = {
        "PDF": (upload("don-de-nghi.pdf", PDF, "application/pdf"), PDF),
        "PNG": (upload("anh-sat-lo.png", image_bytes(image_format="PNG"), "image/png"), None),
        "10 MB PDF": (upload("ban-ve.pdf", b"%PDF-" + b"1" * (10 * MB - 5)), None),
    }
    for n, (label, (attachment, _)) in enumerate(files.items()):
        data = filled(
            client, with_topic=topic, title=f"Câu hỏi kèm tệp {label}", attachment=attachment
        )
        response = send(client, data, address=f"127.0.0.{20 + n}")
        assert response.status_code == 302, (label, refusal_of(response))
    pdf = Question.objects.get(title="Câu hỏi kèm tệp PDF")
    png = Question.objects.get(title="Câu hỏi kèm tệp PNG")
    big = Question.objects.get(title="Câu hỏi kèm tệp 10 MB PDF")
    assert pdf.attachment.name.startswith("questions/") and pdf.attachment.name.endswith(".pdf")
    assert png.attachment.name.endswith(".png") and png.attachment.size > 0
    assert big.attachment.size == 10 * MB
    assert (Path(media_root) / pdf.attachment.name).read_bytes() == PDF

    # Not under /media/ for the public, whatever the address; through the admin for staff.
    assert client.get(f"/media/{pdf.attachment.name}").status_code == 404
    client.force_login(writer)
    link = f"{QUESTION_ADMIN}{pdf.pk}/tep/"  # the question's page links to it
    download = client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    client.logout()
    assert client.get(link).status_code == 302  # to the login page


# 3. Spam: the honeypot, the fill time, the token, the limit per address, duplicates


def test_a_filled_honeypot_is_refused_saying_why(client, quick, topic, media_root):
    data = filled(client, with_topic=topic, website="http://quang-cao.example")
    response = send(client, data)
    assert response.status_code == 400
    page = soup(response)
    assert "ô “Không điền vào ô này” đã có nội dung" in page.select_one("[role=alert]").text
    assert typed(page)["title"] == TITLE and typed(page)["body"] == BODY
    nothing_stored(media_root)


def test_a_form_sent_back_too_fast_is_refused_then_accepted_once_old_enough(
    client, topic, media_root
):
    settings = Settings.current()
    settings.min_fill_seconds = 5
    settings.save()
    data = filled(client, with_topic=topic)  # its token made just now
    response = send(client, data)
    assert response.status_code == 400
    page = soup(response)
    alert = page.select_one("[role=alert]").get_text(" ", strip=True)
    assert "Biểu mẫu được gửi chưa đến 5 giây sau khi mở." in alert
    assert typed(page)["name"] == RESIDENT["name"] and typed(page)["body"] == BODY
    nothing_stored(media_root)

    sent_code(send(client, {**data, "opened": opened_seconds_ago(10)}))
    assert Question.objects.get().title == TITLE


def test_a_form_sent_too_fast_says_what_else_is_wrong_and_keeps_its_opening_time(
    client, topic, media_root
):
    """From a trial: a form sent without phone or email said "too fast", and again when sent
    straight back, since its refusal gave it a new opening time; only after a wait did it say
    what was missing. The refusal says both at once and keeps the form's first opening time,
    so the form sent back once that is old enough is judged on what it holds."""
    settings = Settings.current()
    settings.min_fill_seconds = 5
    settings.save()
    opened = opened_seconds_ago(3)
    data = filled(client, with_topic=topic, phone="", email="", opened=opened)
    response = send(client, data)
    assert response.status_code == 400
    page = soup(response)
    assert "Biểu mẫu được gửi chưa đến" in page.select_one("[role=alert]").get_text()
    assert "Hãy để lại số điện thoại hoặc email" in page.get_text()
    again = form_fields(response)
    assert again["opened"] == opened  # still counting from the first opening
    nothing_stored(media_root)
    # Sent back once old enough (the same token, seconds later): what is missing, not "fast".
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3):
        response = send(client, {**again, "consent_data": "on"})
    assert response.status_code == 400
    assert "chưa đến 5 giây" not in soup(response).get_text()
    assert "Hãy để lại số điện thoại hoặc email" in soup(response).get_text()
    fixed = {**form_fields(response), "consent_data": "on", "phone": RESIDENT["phone"]}
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 3):
        sent_code(send(client, fixed))
    assert Question.objects.get().phone == RESIDENT["phone"]


@pytest.mark.parametrize(
    "token",
    [None, "", "mo:1abcde:forged-signature", lambda: opened_seconds_ago(2 * 86_400)],
    ids=["missing", "empty", "forged", "two days old"],
)
def test_a_missing_forged_or_stale_token_is_refused_and_the_form_given_again(
    client, quick, topic, media_root, token
):
    data = filled(client, with_topic=topic, opened=token() if callable(token) else token)
    response = send(client, data)
    assert response.status_code == 400
    page = soup(response)
    assert "Biểu mẫu đã mở quá lâu hoặc không hợp lệ" in page.select_one("[role=alert]").text
    nothing_stored(media_root)
    # The form comes back with a new token and what was typed: sending it again passes.
    again = {**form_fields(response), "consent_data": "on"}
    assert again["title"] == TITLE and again["name"] == RESIDENT["name"]
    sent_code(send(client, again))


def test_the_limit_per_address_refuses_the_next_question_from_that_address_only(
    client, quick, topic, media_root
):
    quick.hourly_limit = 3
    quick.save()
    for n in range(3):
        sent_code(send(client, filled(client, with_topic=topic, title=f"Câu hỏi thứ {n + 1}")))
    data = filled(client, with_topic=topic, title="Câu hỏi thứ 4")
    response = send(client, data)
    assert response.status_code == 429
    page = soup(response)
    alert = page.select_one("[role=alert]").get_text(" ", strip=True)
    assert "Địa chỉ mạng của bạn đã gửi 3 câu hỏi trong một giờ qua" in alert
    assert typed(page)["title"] == "Câu hỏi thứ 4"
    assert Question.objects.count() == 3
    # Another address still gets through; this one again once the hour has passed.
    sent_code(send(client, data, address="127.0.0.6"))
    assert send(client, {**data, "title": "Câu hỏi thứ 5"}).status_code == 429
    hour_ago = timezone.now() - datetime.timedelta(minutes=61)
    Question.objects.filter(client_address="127.0.0.5").update(submitted_at=hour_ago)
    sent_code(send(client, {**data, "title": "Câu hỏi thứ 5"}))
    assert Counter(Question.objects.values_list("client_address", flat=True)) == {
        "127.0.0.5": 4,
        "127.0.0.6": 1,
    }


def test_the_same_question_twice_in_a_day_is_refused(client, quick, topic):
    sent_code(send(client, filled(client, with_topic=topic)))
    shouting = {"title": TITLE.upper(), "body": "  " + BODY.replace(" ", "   ")}
    for changes, address in [
        ({}, "127.0.0.5"),  # the same address
        (shouting, "127.0.0.5"),  # in capitals, with more spaces
        ({"phone": ""}, "127.0.0.8"),  # the same email from elsewhere
        ({"email": ""}, "127.0.0.9"),  # the same phone from elsewhere
    ]:
        response = send(client, filled(client, with_topic=topic, **changes), address=address)
        assert response.status_code == 400, (changes, address)
        alert = soup(response).select_one("[role=alert]").get_text(" ", strip=True)
        assert "Câu hỏi này đã được gửi trong 24 giờ qua" in alert
    assert Question.objects.count() == 1
    # With a file: nothing to choose again for a question that will not be taken (from the
    # tenth trial: the refusal said both "not taken again" and "choose the file again").
    with_file = filled(client, with_topic=topic, attachment=upload("don.pdf", PDF))
    alert = soup(send(client, with_file)).select_one("[role=alert]").get_text(" ", strip=True)
    assert "Câu hỏi này đã được gửi trong 24 giờ qua" in alert and "chọn lại tệp" not in alert
    assert Question.objects.count() == 1
    # Someone else asking the same from elsewhere is no duplicate; nor is a new question.
    stranger = {"phone": "0987 654 321", "email": "nguoikhac@example.vn"}
    sent_code(send(client, filled(client, with_topic=topic, **stranger), address="127.0.0.8"))
    sent_code(send(client, filled(client, with_topic=topic, title="Một câu hỏi khác")))
    # A day later the same question may be asked again.
    Question.objects.update(submitted_at=timezone.now() - datetime.timedelta(hours=25))
    sent_code(send(client, filled(client, with_topic=topic)))
    assert Question.objects.count() == 4


def test_the_administrator_sets_the_limit_in_the_admin_and_it_applies(
    client, admin_client, quick, topic
):
    listing = admin_client.get(SETTINGS_ADMIN)
    assert listing.status_code == 200
    (row,) = soup(listing).select("#result_list tbody a")
    assert row.get_text() == "Cài đặt hỏi đáp"
    assert row["href"] == f"{SETTINGS_ADMIN}{quick.pk}/change/"
    url = f"{SETTINGS_ADMIN}{quick.pk}/change/"
    page = admin_client.get(url)
    assert "số câu hỏi mỗi giờ từ một địa chỉ" in soup(page).text.lower()
    response = admin_client.post(url, {**form_fields(page), "hourly_limit": "1"})
    assert response.status_code == 302, soup(response).select(".errorlist")
    assert Settings.current().hourly_limit == 1
    sent_code(send(client, filled(client, with_topic=topic), address="127.0.0.7"))
    refused = send(client, filled(client, with_topic=topic, title="Lần hai"), address="127.0.0.7")
    assert refused.status_code == 429
    assert "đã gửi 1 câu hỏi trong một giờ qua" in soup(refused).select_one("[role=alert]").text
    # Only one settings row: none to add, none to delete.
    assert admin_client.get(f"{SETTINGS_ADMIN}add/").status_code == 403
    assert admin_client.get(f"{SETTINGS_ADMIN}{quick.pk}/delete/").status_code == 403


# 4. 500 questions from 100 addresses at once, at a real server


SETUP_SERVER = (
    "from questions.models import Settings, Topic; "
    "s = Settings.current(); s.min_fill_seconds = 0; s.save(); "
    "print(Topic.objects.create(name='Giao thông').pk)"
)
COUNT_SERVER = (
    "import json; from questions.models import Question as Q; "
    "rows = list(Q.objects.values_list('code', 'client_address', 'title')); "
    "print(json.dumps(rows))"
)
ADDRESSES = [f"127.0.0.{n}" for n in range(10, 110)]


def last_line(output):
    return output.strip().splitlines()[-1]


def test_five_hundred_questions_from_a_hundred_addresses_at_once_are_all_kept(tmp_path):
    with portal_env(tmp_path, seeded=False) as env:
        topic = last_line(manage(env, "shell", "-c", SETUP_SERVER))

        with gunicorn(env, tmp_path, workers=4) as (host, port, log):

            def resident(n):
                """The n-th question: its browser opens the form, then sends it."""
                source = ADDRESSES[n % len(ADDRESSES)]
                connection = HTTPConnection(host, port, timeout=60, source_address=(source, 0))
                try:
                    connection.request("GET", ASK, headers={"User-Agent": "Mozilla/5.0"})
                    form = connection.getresponse()
                    page = BeautifulSoup(form.read().decode(), "html.parser")
                    assert form.status == 200, form.status
                    jar = SimpleCookie()
                    for header in form.headers.get_all("Set-Cookie") or []:
                        jar.load(header)
                    fields = {
                        name: page.find("input", attrs={"name": name})["value"]
                        for name in ("csrfmiddlewaretoken", "opened")
                    }
                    body = urllib.parse.urlencode({
                        **fields,
                        "target": "",
                        "website": "",
                        "name": f"Người dân số {n}",
                        "address": "Phường Xuân Bình",
                        "phone": f"09{n:08d}",
                        "email": "",
                        "kind": "question",
                        "topic": topic,
                        "title": f"Câu hỏi số {n} về đèn tín hiệu giao thông",
                        "body": f"Nội dung câu hỏi số {n}: nút giao thông cần thêm đèn.",
                        "consent_data": "on",
                    })  # fmt: skip
                    connection.request(
                        "POST",
                        ASK,
                        body=body,
                        headers={
                            "User-Agent": "Mozilla/5.0",
                            "Content-Type": "application/x-www-form-urlencoded",
                            "Origin": f"http://{host}:{port}",
                            "Cookie": f"csrftoken={jar['csrftoken'].value}",
                        },
                    )
                    answer = connection.getresponse()
                    answer.read()
                    return source, answer.status, answer.headers.get("Location", "")
                finally:
                    connection.close()

            with ThreadPoolExecutor(max_workers=32) as pool:
                results = list(pool.map(resident, range(500)))

        statuses = Counter(status for _, status, _ in results)
        assert statuses == {302: 500}, (statuses, log.read_text()[-3000:])
        assert all(re.fullmatch(r"/hoi-dap/da-gui/HD-\w{8}/", loc) for _, _, loc in results)
        rows = json.loads(last_line(manage(env, "shell", "-c", COUNT_SERVER)))
    assert len(rows) == 500
    codes = [code for code, _, _ in rows]
    assert len(set(codes)) == 500 and all(CODE.match(code) for code in codes)
    assert sorted({code for _, _, loc in results for code in re.findall(r"HD-\w{8}", loc)}) == (
        sorted(codes)
    )
    assert Counter(address for _, address, _ in rows) == dict.fromkeys(ADDRESSES, 5)
    assert {title for _, _, title in rows} == {
        f"Câu hỏi số {n} về đèn tín hiệu giao thông" for n in range(500)
    }


# 5. Mail: kept while the mail server is down, sent later


def test_a_question_is_kept_while_the_mail_server_is_down_and_its_mail_sent_later(
    client, quick, topic, settings, mailoutbox, django_capture_on_commit_callbacks, approver
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, filled(client, with_topic=topic))
    code = sent_code(response)
    assert client.get(response["Location"]).status_code == 200
    question = Question.objects.get(code=code)
    (mail,) = Mail.objects.all()
    assert (mail.question, mail.to, mail.sent_at, mail.attempts) == (
        question,
        RESIDENT["email"],
        None,
        1,
    )
    assert mail.last_error.startswith("ConnectionRefusedError"), mail.last_error
    assert mailoutbox == []

    # Still down: the command tries again, counts the failure and keeps the mail.
    out = io.StringIO()
    call_command("send_question_mail", stdout=out)
    assert "đã gửi 0 thư, 1 thư còn lỗi" in out.getvalue()
    mail.refresh_from_db()
    assert (mail.sent_at, mail.attempts) == (None, 2)
    client.force_login(approver)  # the admin's list finds it under what is waiting

    def listed(sent):
        page = soup(client.get("/admin/questions/mail/", {"da_gui": sent}))
        return [row.get_text(" ", strip=True) for row in page.select("#result_list tbody tr")]

    filters = soup(client.get("/admin/questions/mail/")).select_one("#changelist-filter")
    assert "Theo tình trạng gửi" in filters.get_text(" ", strip=True)
    assert "Rỗng" not in filters.get_text()
    assert len(listed("chua")) == 1 and listed("roi") == []

    # The server is back: the command sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = io.StringIO()
    call_command("send_question_mail", stdout=out)
    assert "đã gửi 1 thư, 0 thư còn lỗi" in out.getvalue()
    (message,) = mailoutbox
    assert message.subject == f"Đã nhận câu hỏi {code}" and message.to == [RESIDENT["email"]]
    assert f"Mã theo dõi: {code}" in message.body
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.last_error == "" and mail.attempts == 3
    out = io.StringIO()
    call_command("send_question_mail", stdout=out)
    assert "đã gửi 0 thư, 0 thư còn lỗi" in out.getvalue()
    assert len(mailoutbox) == 1
    assert listed("chua") == [] and len(listed("roi")) == 1


# 6. No personal data on any public page


def test_the_askers_personal_data_in_the_text_is_removed_before_publishing(
    client, quick, topic, approver, django_capture_on_commit_callbacks
):
    """From a trial: a resident typed their name, house, phone and e-mail into the question
    itself, an approver published it, and residents read them on /hoi-dap/ and found them by
    searching the phone number. Publishing (from the page or the list) now refuses while the
    title, text or answer holds the asker's name, address or phone, or any e-mail or mobile
    number, naming each; once the editor has removed them it publishes; a later correction
    that puts them back is refused too, and the question stays published as it was."""
    body = (
        f"Tôi là {RESIDENT['name']}, nhà ở hẻm 38/2 đường Cây Da Xanh, điện thoại "
        f"0913.456.789, email {RESIDENT['email']}. {BODY}"
    )
    with django_capture_on_commit_callbacks(execute=True):
        code = sent_code(send(client, filled(client, with_topic=topic, body=body)))
    question = Question.objects.get(code=code)
    greeting = f"<p>Chào bà {RESIDENT['name'].upper()},</p>{ANSWER}"
    client.force_login(approver)
    response = admin_save(
        client, change_url(question), {"answer": greeting, "status": "published"}, expect=200
    )
    errors = {
        row.select_one("label").get_text(strip=True).rstrip(":"): row.select_one(
            ".errorlist"
        ).get_text(" ", strip=True)
        for row in soup(response).select(".form-row.errors")
        if row.select_one("label")
    }
    assert set(errors) == {"Nội dung", "Trả lời"}, errors
    name, address, phone, email = RESIDENT.values()
    for said in [f"họ tên người hỏi “{name}”", f"địa chỉ “{address}”",
                 f"số điện thoại “{phone}”", f"email “{email}”"]:  # fmt: skip
        assert said in errors["Nội dung"], said
    assert errors["Trả lời"].startswith("Còn thông tin cá nhân: họ tên người hỏi")
    question.refresh_from_db()
    assert question.status == "new" and question.answer == ""

    admin_save(client, change_url(question), {"answer": greeting, "status": "answered"})
    response = run_action(client, "publish", question)
    said = messages_of(response)  # no "Đã đăng 0 câu hỏi." beside it (a trial read it so)
    assert len(said) == 1 and said[0].startswith("Chưa đăng (tiêu đề, nội dung hoặc câu trả")
    assert code in said[0]
    question.refresh_from_db()
    assert question.status == "answered" and not question.is_public

    cleaned = f"Tôi ở đường Cây Da Xanh. {BODY}"  # the street alone, with no house, is no one's
    admin_save(client, change_url(question), {"body": cleaned, "answer": ANSWER})
    assert messages_of(run_action(client, "publish", question)) == ["Đã đăng 1 câu hỏi."]
    response = admin_save(
        client, change_url(question), {"answer": f"{ANSWER}<p>Liên hệ 0987 654 321.</p>"},
        expect=200,
    )  # fmt: skip
    assert "số điện thoại “0987654321”" in soup(response).select_one(".errorlist").get_text()
    question.refresh_from_db()
    assert question.is_public and question.answer == ANSWER
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Cây Da Xanh" in page
    for secret in [RESIDENT["name"], "38/2", "0913", RESIDENT["email"], "0987"]:
        assert secret not in page
    found = soup(client.get("/tim-kiem/", {"q": "0913 456 789"}))
    assert not found.select(".search-results .card")


def test_an_address_written_without_its_street_word_is_found_and_a_cleaned_title_moves_it(
    client, quick, topic, approver, django_capture_on_commit_callbacks
):
    """From a second trial: the form said "45/2 đường Nguyễn Trãi", the title "… ở 45/2
    Nguyễn Trãi": not caught, published, and the address was in the question's web address,
    which stayed when the title was cleaned after. Words an address is written with or without
    ("đường", "số") are left out on both sides; a published question's address follows its
    title, and the old one is gone."""
    address = "45/2 đường Nguyễn Trãi, phường Xuân An"
    title = "Xin phép sửa mái nhà ở 45/2 Nguyễn Trãi"
    with django_capture_on_commit_callbacks(execute=True):
        code = sent_code(
            send(client, filled(client, with_topic=topic, address=address, title=title))
        )
    question = Question.objects.get(code=code)
    client.force_login(approver)
    response = admin_save(
        client, change_url(question), {"answer": ANSWER, "status": "published"}, expect=200
    )
    error = soup(response).select_one(".errorlist").get_text(" ", strip=True)
    assert f"địa chỉ “{address}”" in error
    # Published before this check (or by a way around it): cleaning the title moves the address.
    Question.objects.filter(pk=question.pk).update(
        status="published", answer=ANSWER, published_at=timezone.now(),
        slug="xin-phep-sua-mai-nha-o-452-nguyen-trai",
    )  # fmt: skip
    old_url = "/hoi-dap/xin-phep-sua-mai-nha-o-452-nguyen-trai/"
    assert client.get(old_url).status_code == 200
    admin_save(client, change_url(question), {"title": "Thay mái tôn nhà cấp 4 có cần giấy phép?"})
    question.refresh_from_db()
    assert question.get_absolute_url() == "/hoi-dap/thay-mai-ton-nha-cap-4-co-can-giay-phep/"
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(question.get_absolute_url()).status_code == 200
    for path in ["/hoi-dap/", "/sitemap-hoi-dap.xml", "/hoi-dap/rss/"]:
        text = client.get(path).content.decode()
        assert "nguyen-trai" not in text and question.get_absolute_url() in text, path


def test_a_question_found_by_its_answer_quotes_it_on_its_search_card(client, topic):
    """From the fifth trial: "Đăng ký khai sinh…" was found by its answer, with nothing on its
    card to say why. Its card quotes the answer, the words marked; a question whose shown
    question has the words quotes nothing."""
    question = make_question(topic=topic, answer=ANSWER)
    Question.objects.filter(pk=question.pk).update(
        status="published", published_at=timezone.now(), slug="cap-doi-so-do"
    )
    Question.objects.get(pk=question.pk).save()  # indexed as published
    page = soup(client.get("/tim-kiem/", {"q": "chi nhánh văn phòng"}))
    quote = page.select_one(".search-results .card__excerpt")
    text = quote.get_text(" ", strip=True)
    assert text.startswith("Trong câu trả lời: ") and "chi nhánh văn phòng đăng ký" in text
    assert [m.get_text() for m in quote.select("mark")] == ["chi nhánh văn phòng"]
    page = soup(client.get("/tim-kiem/", {"q": "sạt lở"}))
    assert page.select_one(".search-results .card") and not page.select(".card__excerpt")


def test_no_public_page_or_feed_shows_the_askers_personal_data(
    client, quick, topic, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        code = sent_code(send(client, filled(client, with_topic=topic)))
    question = Question.objects.get(code=code)
    question.assigned_to, question.answer, question.status = UNIT, ANSWER, "answered"
    question.save()
    client.force_login(approver)
    assert messages_of(run_action(client, "publish", question)) == ["Đã đăng 1 câu hỏi."]
    question.refresh_from_db()
    assert question.is_public
    client.logout()
    url = question.get_absolute_url()

    secrets = [
        *RESIDENT.values(),
        RESIDENT["phone"].replace(" ", ""),
        RESIDENT["email"].split("@")[0],
        "Xuyến",
        "Cây Da Xanh",
    ]
    pages = {
        ARCHIVE: TITLE,
        url: TITLE,
        f"{ARCHIVE}?q=sat+lo": TITLE,
        f"{ARCHIVE}?chu-de={topic.slug}": TITLE,
        "/hoi-dap/rss/": TITLE,
        "/sitemap-hoi-dap.xml": url,
        "/sitemap.xml": "sitemap-hoi-dap.xml",
        "/tim-kiem/?q=cap+doi+so+do": url,
        "/": url,  # the sidebar's newest answers
        f"{FOLLOW}?ma={code}": TITLE,
        f"/hoi-dap/da-gui/{code}/": code,
    }
    leaks = []
    for path, expected in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        text = html.unescape(response.content.decode())
        assert expected in text, f"{path} does not show the question"
        leaks += [(path, secret) for secret in secrets if secret.lower() in text.lower()]
    (data,) = structured_data(soup(client.get(url)))
    text = json.dumps(data, ensure_ascii=False)
    leaks += [("JSON-LD", secret) for secret in secrets if secret in text]
    assert leaks == []


# 7. Comments on draft documents


def test_residents_comment_on_an_open_draft_until_its_deadline(client, quick, writer, media_root):
    draft = make_draft("15/KH-UBND", "Kế hoạch chỉnh trang đô thị năm 2026")
    other = make_draft("16/KH-UBND", "Kế hoạch phát triển cây xanh đường phố")
    key, other_key = f"van-ban:{draft.slug}", f"van-ban:{other.slug}"
    url = f"{ASK}?gop-y={key}"

    form = client.get(url)
    assert form.status_code == 200
    page = soup(form)
    assert page.h1.get_text() == "Góp ý dự thảo"
    lead = page.select_one("main .lead")
    assert "Kế hoạch 15/KH-UBND chỉnh trang đô thị năm 2026" in lead.get_text()
    assert lead.a["href"] == draft.get_absolute_url()
    assert page.select_one("input[name=target]")["value"] == key
    assert page.select("[name=kind], [name=topic]") == []  # the draft is the topic

    data = filled(client, url, title="Góp ý về vỉa hè", body="Nên lát lại vỉa hè đường Hùng Vương.")
    sent = client.post(ASK, data, REMOTE_ADDR="127.0.0.5")  # the form posts to its plain address
    code = sent_code(sent)
    assert soup(client.get(sent["Location"])).h1.get_text() == "Đã gửi góp ý"
    comment = Question.objects.get(code=code)
    assert (comment.kind, comment.target_key, comment.topic, comment.due_on) == (
        "draft",
        key,
        None,
        None,
    )
    assert comment.target_title == "Kế hoạch 15/KH-UBND chỉnh trang đô thị năm 2026"
    other_data = filled(client, f"{ASK}?gop-y={other_key}", title="Trồng thêm cây bóng mát")
    other_code = sent_code(client.post(ASK, other_data, REMOTE_ADDR="127.0.0.6"))
    sent_code(send(client, filled(client, with_topic=Topic.objects.create(name="Khác"))))

    # The admin groups them by draft.
    client.force_login(writer)
    listing = client.get(QUESTION_ADMIN)
    draft_filter = soup(listing).find(
        lambda tag: tag.name in ("details", "h3") and "góp ý cho dự thảo" in tag.get_text()
    )
    assert draft_filter is not None, "no filter for the drafts"
    filter_text = draft_filter.get_text()
    assert "Kế hoạch 15/KH-UBND" in filter_text and "Kế hoạch 16/KH-UBND" in filter_text
    assert listed_codes(client.get(QUESTION_ADMIN, {"du_thao": key})) == [code]
    assert listed_codes(client.get(QUESTION_ADMIN, {"du_thao": other_key})) == [other_code]
    assert len(listed_codes(listing)) == 3
    client.logout()

    # The deadline passes: the form is gone (410) and a comment sent anyway is not taken.
    Document.objects.filter(pk=draft.pk).update(
        comment_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    closed = client.get(url)
    assert closed.status_code == 410
    assert soup(closed).h1.get_text() == "Đã hết hạn góp ý"
    assert draft.get_absolute_url() in [a["href"] for a in soup(closed).select("main a")]
    late = {**data, "title": "Góp ý gửi muộn", "body": "Gửi sau hạn góp ý."}
    assert client.post(ASK, late, REMOTE_ADDR="127.0.0.7").status_code == 410
    assert client.post(url, late, REMOTE_ADDR="127.0.0.7").status_code == 410
    assert not Question.objects.filter(title="Góp ý gửi muộn").exists()
    assert Question.objects.count() == 3


def test_comments_for_an_unknown_or_a_non_draft_document_are_not_found(client, quick):
    published = make_draft("20/QĐ-UBND", "Quyết định đã ban hành", is_draft=False)
    hidden = make_draft("21/KH-UBND", "Dự thảo chưa đăng", status=Document.Status.DRAFT)
    keys = [
        "van-ban:khong-co-du-thao-nay",
        f"van-ban:{published.slug}",
        f"van-ban:{hidden.slug}",
        "khong-ro:abc",
        "van-ban:",
    ]
    for key in keys:
        assert client.get(ASK, {"gop-y": key}).status_code == 404, key
        data = {**RESIDENT, "title": "Góp ý", "body": "Nội dung", "consent_data": "on"}
        response = client.post(ASK, {**data, "target": key, "opened": opened_token()})
        assert response.status_code == 404, key
    assert Question.objects.count() == 0


# 8. Personal data: purged after the retention period, exported on request


def test_personal_data_is_purged_after_the_retention_period_and_only_then(
    quick, media_root, django_capture_on_commit_callbacks
):
    quick.retention_days = 30
    quick.save()
    now = timezone.now()
    old = make_question(
        submitted_at=now - datetime.timedelta(days=31),
        answer=ANSWER,
        status="answered",
        attachment=SimpleUploadedFile("don.pdf", PDF),
    )
    Mail.objects.create(question=old, to=old.email, subject="Đã nhận câu hỏi", body=old.name)
    recent = make_question(
        submitted_at=now - datetime.timedelta(days=29),
        title="Câu hỏi gần đây",
        attachment=SimpleUploadedFile("anh.pdf", PDF),
    )
    old_file = Path(media_root) / old.attachment.name
    assert old_file.exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_question_personal_data", stdout=out)
    assert "đã xóa thông tin cá nhân của 1 câu hỏi gửi trước 30 ngày" in out.getvalue()
    old.refresh_from_db()
    personal = ("name", "address", "phone", "email", "client_address")
    assert [getattr(old, field) for field in personal] == ["", "", "", "", None]
    assert not old.attachment and not old_file.exists()
    assert old.personal_data_removed_at is not None
    assert (old.title, old.body, old.status) == (TITLE, BODY, "answered")
    assert "văn phòng đăng ký đất đai" in old.answer
    assert list(old.mails.values_list("to", "body")) == [("", "")]
    recent.refresh_from_db()
    assert [getattr(recent, field) for field in personal] == [*RESIDENT.values(), "127.0.0.5"]
    assert recent.attachment and (Path(media_root) / recent.attachment.name).exists()
    assert recent.personal_data_removed_at is None

    before = list(Question.objects.order_by("pk").values())
    out = io.StringIO()
    call_command("purge_question_personal_data", stdout=out)
    assert "đã xóa thông tin cá nhân của 0 câu hỏi" in out.getvalue()
    assert list(Question.objects.order_by("pk").values()) == before


def test_the_administrator_exports_an_askers_data_and_no_one_else_can(
    client, admin_client, quick, approver, writer
):
    first = make_question(title="Câu hỏi thứ nhất")
    second = make_question(title="Câu hỏi thứ hai", phone="")  # the same email
    make_question(title="Câu hỏi của người khác", phone="0987 000 111", email="khac@example.vn")
    Mail.objects.create(question=first, to=first.email, subject="Đã nhận câu hỏi", body="…")

    page = admin_client.get(EXPORT, {"ma": first.code.lower()})
    assert page.status_code == 200
    assert soup(page).find("a", string="Tải dữ liệu (JSON)") is not None
    listing = admin_client.get(QUESTION_ADMIN)
    assert soup(listing).find("a", string="Xuất dữ liệu cá nhân theo mã")["href"] == EXPORT

    response = admin_client.get(EXPORT, {"ma": first.code.lower(), "tai": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="du-lieu-{first.code}.json"'
    rows = json.loads(response.content.decode())
    assert [row["ma_theo_doi"] for row in rows] == [first.code, second.code]
    row = rows[0]
    assert (row["ho_ten"], row["dia_chi"], row["dien_thoai"], row["email"]) == tuple(
        RESIDENT.values()
    )
    assert row["dia_chi_mang"] == "127.0.0.5" and row["tieu_de"] == "Câu hỏi thứ nhất"
    assert row["thu_da_gui"] == ["Đã nhận câu hỏi"]
    unknown = admin_client.get(EXPORT, {"ma": "HD-ZZZZZZZZ"})
    assert "Không có câu hỏi mã “HD-ZZZZZZZZ”" in soup(unknown).text

    for user in (approver, writer):
        client.force_login(user)
        assert client.get(EXPORT, {"ma": first.code, "tai": "1"}).status_code == 403
        assert client.get(EXPORT, {"ma": first.code}).status_code == 403
        assert "Xuất dữ liệu cá nhân" not in client.get(QUESTION_ADMIN).content.decode()
    client.logout()
    response = client.get(EXPORT, {"ma": first.code, "tai": "1"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# 9. The admin's queue


def test_a_writer_opens_a_question_in_the_admin_with_the_units_offered(client, writer, topic):
    from organisation.models import Unit

    Unit.objects.create(name=UNIT)
    draft = make_draft("15/KH-UBND", "Kế hoạch chỉnh trang đô thị năm 2026")
    question = make_question(
        topic=topic,
        kind="draft",
        target_key=f"van-ban:{draft.slug}",
        target_title="Kế hoạch 15/KH-UBND: Kế hoạch chỉnh trang đô thị năm 2026",
        attachment=SimpleUploadedFile("don.pdf", PDF),
    )
    client.force_login(writer)
    response = client.get(change_url(question))
    assert response.status_code == 200
    page = soup(response)
    box = page.select_one("input[name=assigned_to]")
    units = page.select_one(f"datalist#{box['list']}")
    assert UNIT in [option["value"] for option in units.select("option")]
    assert page.select_one(".field-target_shown .readonly").get_text() == question.target_title
    link = page.find("a", string="Tải tệp đính kèm")["href"]
    assert link == f"{QUESTION_ADMIN}{question.pk}/tep/"
    assert RESIDENT["phone"] in [i.get("value") for i in page.select("input[name=phone]")]


def test_the_queue_lists_the_newest_first_and_the_overdue_filter_finds_late_ones(
    client, writer, topic
):
    today, now = timezone.localdate(), timezone.now()
    late = make_question(
        title="Quá hạn", topic=topic, submitted_at=now - datetime.timedelta(days=30)
    )
    assert late.due_on < today
    answered_late = make_question(
        title="Trả lời rồi",
        submitted_at=now - datetime.timedelta(days=40),
        due_on=today - datetime.timedelta(days=5),
        status="answered",
        answer=ANSWER,
    )
    soon = make_question(title="Sắp đến hạn", due_on=today + datetime.timedelta(days=2))
    newest = make_question(title="Mới nhất", topic=topic)

    client.force_login(writer)
    queue = client.get(QUESTION_ADMIN)
    assert queue.status_code == 200
    assert listed_codes(queue) == [newest.code, soon.code, late.code, answered_late.code]
    assert listed_codes(client.get(QUESTION_ADMIN, {"qua_han": "co"})) == [late.code]
    assert listed_codes(client.get(QUESTION_ADMIN, {"qua_han": "sap"})) == [soon.code]
    assert listed_codes(client.get(QUESTION_ADMIN, {"status__exact": "new"})) == [
        newest.code,
        soon.code,
        late.code,
    ]
    rows = {row.th.get_text(strip=True): row for row in soup(queue).select("#result_list tbody tr")}
    assert rows[late.code].select_one(".field-overdue").get_text(strip=True) == "Quá hạn"
    assert "Quá hạn" not in rows[newest.code].select_one(".field-overdue").get_text()

    index = soup(client.get("/admin/"))
    notices = {
        a.get_text(): a["href"]
        for a in index.select(".dashboard-notices a")
        if "câu hỏi" in a.get_text()
    }
    assert notices == {
        "3 câu hỏi mới chờ phân công": f"{QUESTION_ADMIN}?status__exact=new",
        "1 câu hỏi quá hạn trả lời": f"{QUESTION_ADMIN}?qua_han=co",
    }


def test_a_rejection_needs_a_reason_which_the_asker_then_reads(client, approver, topic):
    question = make_question(topic=topic)
    client.force_login(approver)
    response = admin_save(
        client, change_url(question), {"status": "rejected", "reject_reason": ""}, expect=200
    )
    assert (
        "Hãy ghi lý do từ chối (người hỏi sẽ thấy)."
        in soup(response).select_one(".field-reject_reason").get_text()
    )
    question.refresh_from_db()
    assert question.status == "new"
    reason = "Nội dung không thuộc thẩm quyền của thành phố; đề nghị liên hệ Sở Tài nguyên."
    admin_save(client, change_url(question), {"status": "rejected", "reject_reason": reason})
    client.logout()
    status, page = status_of(client, question.code)
    assert status == "Không tiếp nhận"
    assert f"Lý do: {reason}" in page.select_one("main section").get_text(" ", strip=True)
    assert "Hạn trả lời" not in page.select_one("table").get_text()


def test_only_an_approver_rejects_a_question(client, writer, approver, topic):
    """questions/roles.py: writers read the queue, assign and answer; approvers "also publish the
    answers, reject, and keep the topics"."""
    question = make_question(topic=topic)
    client.force_login(writer)
    form = client.get(change_url(question))
    assert "rejected" not in [o["value"] for o in soup(form).select("select[name=status] option")]
    client.post(
        change_url(question),
        {**form_fields(form, "question_form"), "status": "rejected", "reject_reason": "Không rõ."},
    )
    question.refresh_from_db()
    assert question.status != "rejected"
    client.force_login(approver)
    admin_save(client, change_url(question), {"status": "rejected", "reject_reason": "Không rõ."})
    question.refresh_from_db()
    assert question.status == "rejected"


def test_the_question_admin_pages_are_in_vietnamese(client, admin_client, writer, topic):
    question = make_question(topic=topic, attachment=SimpleUploadedFile("don.pdf", PDF))
    Mail.objects.create(question=question, to=question.email, subject="Đã nhận", body="…")
    Settings.current()
    pages = {
        writer: [QUESTION_ADMIN, change_url(question), f"{QUESTION_ADMIN}?qua_han=co",
                 "/admin/questions/topic/", "/admin/questions/mail/", "/admin/"],
        None: [f"{SETTINGS_ADMIN}1/change/", f"{EXPORT}?ma={question.code}",
               f"/admin/questions/topic/{topic.pk}/change/", "/admin/questions/"],
    }  # fmt: skip
    found = []
    for user, urls in pages.items():
        browser = admin_client
        if user is not None:
            client.force_login(user)
            browser = client
        for url in urls:
            response = browser.get(url)
            assert response.status_code == 200, url
            texts = visible_texts(response.content)
            found += [(url, text, bad) for text, bad in offences(texts)]
    assert found == []


# 10. The demo content


def test_the_demo_content_is_loaded_once(client, db):
    load_demo()  # what seed_demo made (tests/helpers.py), then the command again
    counts = (Topic.objects.count(), Question.objects.count(), Settings.objects.count())
    assert counts == (7, 3, 1)
    assert Question.objects.published().count() == 3
    assert all(not (q.name or q.email or q.phone) for q in Question.objects.all())
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "seed_demo: đã có đủ." in out.getvalue()
    assert (Topic.objects.count(), Question.objects.count(), Settings.objects.count()) == counts
    archive = soup(client.get(ARCHIVE))
    assert len(archive.select("main .card__title a")) == 3
    for link in archive.select("main .card__title a"):
        assert client.get(link["href"]).status_code == 200


def test_the_archive_says_how_many_it_found_and_has_no_page_past_its_end(client, db):
    """From the seventh trial: /hoi-dap/?page=5 showed the first page as if it were the fifth,
    a search said nothing of how many it found, and "nothing found" forgot the topic."""
    load_demo()
    topic = Topic.objects.filter(questions__status="published").first()
    assert client.get(ARCHIVE).status_code == 200
    for page in ["2", "5", "0", "abc", "-1"]:
        response = client.get(ARCHIVE, {"page": page})
        assert response.status_code == 404, page
        assert soup(response).select_one("h1").get_text() == "Không tìm thấy trang", page
    word = Question.objects.published().first().title.split()[0]
    found = soup(client.get(ARCHIVE, {"q": word}))
    titles = found.select("main .card__title a")
    assert titles
    assert found.select_one(".result-count").get_text() == (
        f"Có {len(titles)} câu hỏi khớp với “{word}”."
    )
    within = soup(client.get(ARCHIVE, {"q": "xyzzy", "chu-de": topic.slug}))
    assert within.select_one("main [role=status]").get_text() == (
        f"Không có câu hỏi đã trả lời nào khớp với “xyzzy” trong chủ đề {topic.name}."
    )


def test_the_form_says_what_is_required_and_its_refusal_is_named_in_the_title(client, topic):
    """From the eighth trial: the consent box's only mark of being required was an aria-hidden
    "*", which no one was told the meaning of; after a refusal the page's title was the same."""
    page = soup(client.get(ASK))
    assert page.select_one("#id_consent_data").has_attr("required")
    assert not page.select_one("#id_consent_publish").has_attr("required")
    assert "Các ô có dấu * là bắt buộc." in page.select_one(".question-form").get_text()
    assert not page.select_one("title").get_text().startswith("Lỗi")
    refused = soup(send(client, {**filled(client, with_topic=topic), "consent_data": ""}))
    assert refused.select_one("title").get_text().startswith("Lỗi: Gửi câu hỏi, góp ý")


def test_the_archive_refuses_a_keyword_it_cannot_search_as_typed(client, db):
    """From the eighth trial: a keyword over 200 characters was cut quietly (200, the box still
    holding the whole) and "!!!" or "-nha" said only that nothing matched. Both are errors of
    the keyword's field, as on Văn bản: 400, the field marked, the page's title says so."""
    load_demo()
    for keyword, said in [
        ("a" * 300, "Từ khóa dài quá: tối đa 200 ký tự (đã gõ 300)."),
        ("!!!", "không có từ hay số nào cần tìm"),
        ("-nha", "không có từ hay số nào cần tìm"),
    ]:
        response = client.get(ARCHIVE, {"q": keyword})
        assert response.status_code == 400, keyword
        page = soup(response)
        assert page.select_one("#questions-q")["aria-invalid"] == "true"
        assert said in page.select_one("#questions-q-error").get_text()
        assert response.text.count(said) == 1
        assert page.select_one("title").get_text().startswith("Lỗi: Hỏi đáp")
        assert not page.select("main .card__title")
    assert client.get(ARCHIVE, {"q": "a" * 200}).status_code == 200


def test_the_archive_marks_the_words_found_and_keeps_the_search_across_topics(client, db):
    """From the eighth trial: the results marked nothing, the title did not name the search,
    and choosing a topic dropped the keyword while "Tất cả" still said it was the page."""
    load_demo()
    question = Question.objects.published().select_related("topic").first()
    word = question.title.split()[0]
    page = soup(client.get(ARCHIVE, {"q": word}))
    assert page.select_one("title").get_text().startswith(f"Hỏi đáp: tìm “{word}”")
    marks = [mark.get_text() for mark in page.select("main .card__title mark")]
    assert word in marks
    topics = {a.get_text(): a for a in page.select(".topic-list a")}
    assert topics["Tất cả"]["aria-current"] == "true"
    query = parse_qs(urlsplit(topics[question.topic.name]["href"]).query)
    assert query == {"q": [word], "chu-de": [question.topic.slug]}
    within = soup(client.get(ARCHIVE, {"q": word, "chu-de": question.topic.slug}))
    assert within.select_one(".topic-list [aria-current]").get_text() == question.topic.name
    # (the ninth trial: "Hỏi đáp: tìm “…”: Đất đai", and the site's own search box filled in)
    title = f"Hỏi đáp: tìm “{word}” trong chủ đề {question.topic.name} – "
    assert within.select_one("title").get_text().startswith(title)
    assert page.select_one("#header-search")["value"] == ""
    plain = soup(client.get(ARCHIVE))
    assert plain.select_one(".topic-list [aria-current]")["aria-current"] == "page"
    assert not plain.select("main mark")


# Found while writing these tests


def test_the_due_date_counts_from_the_local_day_the_question_came(topic):
    """A question sent at 06:00 in Long Khánh (23:00 UTC the day before) is due 20 days after
    that local day, as the admin counts it when a question is assigned."""
    local_morning = timezone.make_aware(datetime.datetime(2026, 3, 10, 6, 0))
    # The same moment as timezone.now() gives it (in UTC), which the form's questions get.
    question = make_question(topic=topic, submitted_at=local_morning.astimezone(datetime.UTC))
    assert question.due_on == datetime.date(2026, 3, 30)


def test_an_approver_publishes_from_the_question_page_without_typing_a_time(
    client, approver, topic
):
    """An empty publication time means now (as for articles and documents): publishing from the
    question's own page must not need one, nor answer in English."""
    question = make_question(topic=topic)
    client.force_login(approver)
    form = client.get(change_url(question))
    data = {**form_fields(form, "question_form"), "answer": ANSWER, "status": "published"}
    assert (data["published_at_0"], data["published_at_1"]) == ("", "")
    response = client.post(change_url(question), data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    question.refresh_from_db()
    assert question.is_public


def test_a_published_answer_is_the_approvers_to_correct_and_stays_published(
    client, writer, approver, topic
):
    """A writer reads a published question but cannot change it (nor take it off the site by
    saving with a status list that has no "published"); an approver's correction keeps it
    published."""
    question = make_question(topic=topic, answer=ANSWER, status="published", assigned_to=UNIT)
    url = question.get_absolute_url()
    assert client.get(url).status_code == 200
    corrected = ANSWER.replace("Bộ phận một cửa", "Bộ phận tiếp nhận và trả kết quả")
    client.force_login(writer)
    page = client.get(change_url(question))
    assert page.status_code == 200 and not soup(page).select_one("textarea[name=answer]")
    refused = client.post(change_url(question), {"answer": corrected, "status": "new"})
    assert refused.status_code == 403
    question.refresh_from_db()
    assert question.status == "published" and "Bộ phận một cửa" in question.answer
    client.force_login(approver)
    admin_save(client, change_url(question), {"answer": corrected})
    question.refresh_from_db()
    assert "Bộ phận tiếp nhận và trả kết quả" in question.answer
    assert question.status == "published"
    client.logout()
    assert "Bộ phận tiếp nhận và trả kết quả" in client.get(url).content.decode()


def test_a_deleted_question_leaves_no_attachment_behind(
    client, approver, topic, media_root, django_capture_on_commit_callbacks
):
    """An attachment is personal data (an identity card, a photo of a house): deleting the
    question (approvers may, e.g. spam) must delete the file, which no purge would find later."""
    question = make_question(topic=topic, attachment=SimpleUploadedFile("cccd.pdf", PDF))
    stored = Path(media_root) / question.attachment.name
    assert stored.exists()
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUESTION_ADMIN}{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Question.objects.exists()
    assert not stored.exists(), f"{stored.relative_to(media_root)} is still there"


@pytest.mark.parametrize("title", ["Theo dõi", "Gửi câu hỏi", "RSS"])
def test_a_published_question_is_found_at_its_address_whatever_its_title(client, db, title):
    question = make_question(title=title, answer=ANSWER, status="published")
    url = question.get_absolute_url()
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200 and "văn phòng đăng ký đất đai" in content, (
        f"{url} is not the question's page"
    )


# From the new-user trial


def test_an_empty_answer_from_the_editor_is_not_an_answer(client, writer, topic):
    """CKEditor's empty answer is "<p>&nbsp;</p>": marking it "Đã trả lời" must be refused, not
    mailed to the asker as an answer."""
    question = make_question(topic=topic)
    client.force_login(writer)
    response = admin_save(
        client, change_url(question), {"answer": "<p>&nbsp;</p>", "status": "answered"}, expect=200
    )
    assert "Hãy viết câu trả lời trước." in soup(response).get_text()
    question.refresh_from_db()
    assert question.status == "new" and not Mail.objects.filter(subject__contains="Đã có trả lời")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hourly_limit", "0", "Ít nhất 1"),
        ("min_fill_seconds", "3600", "Tối đa 60 giây"),
        ("retention_days", "0", "Ít nhất 90 ngày"),
    ],
)
def test_settings_that_would_refuse_everyone_or_lose_data_are_refused(
    admin_client, db, field, value, message
):
    Settings.current()
    url = "/admin/questions/settings/1/change/"
    response = admin_save(admin_client, url, {field: value}, expect=200)
    assert message in soup(response).get_text()
    assert getattr(Settings.current(), field) == Settings._meta.get_field(field).default


def test_a_code_is_found_however_it_is_typed(client, topic):
    question = make_question(topic=topic)
    bare = question.code.replace("-", "")
    for typed in [question.code, question.code.lower(), bare.lower(), f" {bare[:2]} {bare[2:]} "]:
        response = client.get("/hoi-dap/theo-doi/", {"ma": typed})
        assert response.status_code == 200, typed
        assert question.title in response.content.decode()
    empty = client.get("/hoi-dap/theo-doi/", {"ma": ""})
    assert empty.status_code == 400  # as every other box asked for nothing (the tenth trial)
    assert "Hãy nhập mã theo dõi" in soup(empty).get_text()
    for wrong in [empty, client.get("/hoi-dap/theo-doi/", {"ma": "HD-XXXX"})]:
        assert soup(wrong).select_one("title").get_text().startswith("Lỗi: Theo dõi câu hỏi")
    assert not soup(response).select_one("title").get_text().startswith("Lỗi")


def test_a_draft_for_comment_needs_its_deadline(admin_client, db):
    """From the new-user trial: a draft ticked without a deadline took comments forever."""
    document = make_draft("12/DT-UBND", "Dự thảo quy chế", comment_deadline=None, is_draft=False)
    url = f"/admin/documents/document/{document.pk}/change/"
    form = admin_client.get(url)
    data = {**form_fields(form, "document_form"), "is_draft": "on"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Hãy đặt hạn góp ý cho dự thảo" in soup(response).get_text()
    document.refresh_from_db()
    assert not document.is_draft


def test_a_refused_form_asks_for_its_file_again(client, topic, media_root):
    """From the eighth trial: a PDF sent with a form refused as too fast was lost, and the page
    said that everything typed was kept. A browser never fills a file input again: the page
    names the file to choose again, whatever refused the form, unless the file was the fault."""
    settings = Settings.current()
    settings.min_fill_seconds = 5
    settings.save()
    said = "Tệp đính kèm “ho-so.pdf” chưa được gửi"
    with_file = filled(client, with_topic=topic, attachment=upload("ho-so.pdf", PDF))
    for data in [
        with_file,  # too fast
        {**with_file, "opened": opened_seconds_ago(10), "phone": "", "email": ""},  # invalid
    ]:
        data["attachment"] = upload("ho-so.pdf", PDF)
        response = send(client, data)
        assert response.status_code == 400
        page = soup(response)
        assert said in page.select_one("[role=alert]").get_text()
        field = page.select_one("#id_attachment")
        assert "attachment-again" in field["aria-describedby"]
        assert said in page.select_one("#attachment-again").get_text()
    nothing_stored(media_root)
    bad = {**with_file, "opened": opened_seconds_ago(10), "attachment": upload("x.pdf", b"MZ")}
    response = send(client, bad)
    assert response.status_code == 400
    assert "chưa được gửi" not in response.text  # its own error says to choose another
    data = {**with_file, "opened": opened_seconds_ago(10), "attachment": upload("ho-so.pdf", PDF)}
    code = sent_code(send(client, data))
    assert Question.objects.get(code=code).attachment.name.endswith(".pdf")


def test_a_too_fast_refusal_says_what_was_kept_and_what_to_fix(client, topic):
    """From the ninth trial: an empty form sent at once was told that what it typed was kept,
    and a summary asking to fix "what is said below" named only the phone-or-email rule while
    six boxes were marked."""
    settings = Settings.current()
    settings.min_fill_seconds = 5
    settings.save()
    empty = {**form_fields(client.get(ASK))}
    alert = soup(send(client, empty)).select_one("[role=alert]").get_text(" ", strip=True)
    assert "chưa đến 5 giây" in alert and "giữ nguyên" not in alert
    assert "hãy sửa các ô được đánh dấu và chỗ được nêu dưới đây" in alert
    typed = filled(client, with_topic=topic, phone="", email="")
    alert = soup(send(client, typed)).select_one("[role=alert]").get_text(" ", strip=True)
    assert "Nội dung bạn đã nhập vẫn được giữ nguyên." in alert
    assert "hãy sửa chỗ được nêu dưới đây" in alert  # only the phone-or-email rule is wrong


def test_both_contact_boxes_say_one_of_them_is_needed(client, topic, quick):
    """From the tenth trial: with neither a phone nor an email, the rule was said in the summary
    only, and a screen reader going through the boxes heard nothing there."""
    response = send(client, filled(client, with_topic=topic, phone="", email=""))
    assert response.status_code == 400
    page = soup(response)
    for box in ("#id_phone", "#id_email"):
        assert page.select_one(box)["aria-invalid"] == "true"
        assert page.select_one(box)["aria-describedby"] == "contact-note"
    note = page.select_one("#contact-note")
    assert "form-error" in note["class"] and "điện thoại hoặc email" in note.get_text()
    fine = soup(client.get(ASK))
    assert not fine.select_one("#id_phone").has_attr("aria-invalid")
    invalid_email = soup(send(client, filled(client, with_topic=topic, email="x@", phone="")))
    assert invalid_email.select_one("#id_email")["aria-describedby"] == "email-error"
