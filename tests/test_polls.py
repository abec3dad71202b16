import csv
import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from polls import demo as polls_demo
from polls.models import Poll, Vote
from polls.views import VOTER_COOKIE
from tests.helpers import load_demo, soup

SITE = "http://testserver"


@pytest.fixture
def make_poll(db):
    def make(question="Bạn thấy trang mới thế nào?", choices=("Tốt", "Chưa tốt"), **fields):
        poll = Poll.objects.create(question=question, **fields)
        for position, text in enumerate(choices):
            poll.choices.create(text=text, position=position)
        return poll

    return make


@pytest.fixture
def poll(make_poll):
    return make_poll(polls_demo.QUESTION, polls_demo.CHOICES)


def vote(client, poll, choice, **headers):
    headers = headers or {"HTTP_ORIGIN": SITE}
    data = {} if choice is None else {"choice": choice}
    return client.post(f"/tham-do/{poll.pk}/binh-chon/", data, **headers)


def tallies(poll):
    choices, _ = poll.results()
    return {choice.text: choice.votes for choice in choices}


# The sidebar block


def test_the_poll_is_in_every_pages_sidebar(client, poll, make_article):
    article = make_article("Bài")
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/x/"]:
        block = soup(client.get(url)).select_one("aside section.poll")
        assert block.h2.get_text() == "Thăm dò ý kiến"
        assert block.legend.get_text() == polls_demo.QUESTION
        form = block.form
        assert form["method"] == "post" and form["action"] == f"/tham-do/{poll.pk}/binh-chon/"
        radios = form.select('input[type="radio"][name="choice"]')
        assert [r["value"] for r in radios] == [str(c.pk) for c in poll.choices.all()]
        labels = [form.find("label", attrs={"for": r["id"]}).get_text() for r in radios]
        assert labels == polls_demo.CHOICES
        assert form.find("button", type="submit").get_text() == "Bình chọn"
        results = form.find("a", string="Xem kết quả")
        assert results["href"].endswith("/ket-qua/")
        assert not form.find("input", attrs={"name": "csrfmiddlewaretoken"})  # cacheable


def test_no_open_poll_no_block(client, make_poll):
    make_poll(active=False)
    make_poll(closes_at=timezone.now() - datetime.timedelta(days=1),
              opens_at=timezone.now() - datetime.timedelta(days=9))  # fmt: skip
    make_poll(opens_at=timezone.now() + datetime.timedelta(days=1))
    assert soup(client.get("/")).select_one("section.poll") is None


@pytest.mark.parametrize("choices", [2, 12])
def test_an_open_poll_adds_one_query_whatever_the_number_of_choices(
    client, make_poll, django_assert_num_queries, choices
):
    from tests.helpers import CHROME_QUERIES

    make_poll(choices=[f"Phương án {n}" for n in range(choices)])
    empty_home = 1  # featured articles (the sections are the menu's)
    with django_assert_num_queries(empty_home + CHROME_QUERIES + 1):
        client.get("/")


# Voting


def test_a_vote_counts_once_and_shows_the_results(client, poll):
    good = poll.choices.get(text="Tốt")
    response = vote(client, poll, good.pk)
    assert response.status_code == 302
    assert response.url == f"/tham-do/{poll.pk}/ket-qua/"
    cookie = response.cookies[VOTER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert tallies(poll) == {"Rất tốt": 0, "Tốt": 1, "Bình thường": 0, "Chưa tốt": 0}

    page = soup(client.get(response.url))
    assert page.select_one(".message").get_text() == "Cảm ơn bạn đã bình chọn!"


def test_a_second_vote_from_the_same_browser_changes_nothing(client, poll):
    first, second = poll.choices.all()[:2]
    vote(client, poll, first.pk)
    response = vote(client, poll, second.pk)
    assert response.status_code == 302
    assert Vote.objects.count() == 1
    assert tallies(poll)["Rất tốt"] == 1 and tallies(poll)["Tốt"] == 0
    shown = [m.get_text() for m in soup(client.get(response.url)).select(".message")]
    assert shown[0] == "Cảm ơn bạn đã bình chọn!"
    assert "Bạn đã bình chọn trong cuộc thăm dò này rồi" in shown[1]


def test_sec_fetch_site_alone_is_enough(client, poll):
    response = vote(client, poll, poll.choices.first().pk, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 302
    assert Vote.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site", "HTTP_ORIGIN": "http://sub.testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_USER_AGENT": "no origin, no fetch metadata"},
    ],
)
def test_a_cross_site_vote_is_refused(client, poll, headers):
    response = vote(client, poll, poll.choices.first().pk, **headers)
    assert response.status_code == 403
    assert "Phiếu bình chọn phải được gửi từ chính trang" in response.content.decode()
    assert Vote.objects.count() == 0
    assert VOTER_COOKIE not in response.cookies


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        (None, "Vui lòng chọn một phương án."),
        ("", "Vui lòng chọn một phương án."),
        ("abc", "Phương án đã chọn không hợp lệ."),
        ("-1", "Phương án đã chọn không hợp lệ."),
        ("1e3", "Phương án đã chọn không hợp lệ."),
        ("٣", "Phương án đã chọn không hợp lệ."),  # a digit, but not an ASCII one
        ("99999999", "Phương án đã chọn không hợp lệ."),
        ("9" * 400, "Phương án đã chọn không hợp lệ."),
        ("1\x00", "Phương án đã chọn không hợp lệ."),
    ],
)
def test_bogus_choices_get_the_form_again_with_a_message(client, poll, choice, message):
    response = vote(client, poll, choice)
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("main .form-error").get_text() == message
    assert page.select_one("main form.poll-form")
    assert Vote.objects.count() == 0


def test_a_choice_of_another_poll_is_refused(client, poll, make_poll):
    other = make_poll("Câu hỏi khác", active=False)
    response = vote(client, poll, other.choices.first().pk)
    assert response.status_code == 400
    assert Vote.objects.count() == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"active": False},
        {
            "opens_at": timezone.now() - datetime.timedelta(days=9),
            "closes_at": timezone.now() - datetime.timedelta(days=1),
        },  # fmt: skip
    ],
    ids=["switched-off", "closed"],
)
def test_a_closed_poll_takes_no_vote(client, make_poll, fields):
    poll = make_poll(**fields)
    response = vote(client, poll, poll.choices.first().pk)
    assert response.status_code == 403
    assert "hiện không nhận bình chọn" in response.content.decode()
    assert Vote.objects.count() == 0
    assert client.get(f"/tham-do/{poll.pk}/ket-qua/").status_code == 200


def test_a_poll_not_yet_open_is_not_found(client, make_poll):
    poll = make_poll(opens_at=timezone.now() + datetime.timedelta(days=1))
    assert vote(client, poll, poll.choices.first().pk).status_code == 404
    assert client.get(f"/tham-do/{poll.pk}/ket-qua/").status_code == 404
    assert Vote.objects.count() == 0


def test_unknown_polls_and_other_methods(client, poll):
    assert (
        client.post("/tham-do/999999/binh-chon/", {"choice": 1}, HTTP_ORIGIN=SITE).status_code
        == 404
    )
    assert client.get("/tham-do/999999/ket-qua/").status_code == 404
    assert client.get(f"/tham-do/{poll.pk}/binh-chon/").status_code == 405
    assert client.put(f"/tham-do/{poll.pk}/binh-chon/", HTTP_ORIGIN=SITE).status_code == 405


def test_many_residents_behind_one_address_all_count(poll):
    """Carrier NAT: 150 browsers from one IP within a minute are 150 votes (no per-IP cap)."""
    choices = list(poll.choices.all())
    for n in range(150):
        response = vote(Client(REMOTE_ADDR="203.0.113.7"), poll, choices[n % 4].pk)
        assert response.status_code == 302
    assert sum(tallies(poll).values()) == 150


# Staff-only polls


def test_a_staff_only_poll_asks_visitors_to_sign_in_and_counts_each_account_once(make_poll):
    poll = make_poll("Khảo sát nội bộ", audience=Poll.Audience.STAFF)
    visitor = Client()
    response = vote(visitor, poll, poll.choices.first().pk)
    assert response.status_code == 403
    page = soup(response)
    assert page.h1.get_text() == "Cần đăng nhập để bình chọn"
    assert page.find("a", string="Đăng nhập")["href"].startswith("/admin/login/?next=")
    assert Vote.objects.count() == 0

    staff = User.objects.create_user("canbo", password="x", is_staff=True)
    for _ in range(2):  # two browsers, one account
        browser = Client()
        browser.force_login(staff)
        assert vote(browser, poll, poll.choices.first().pk).status_code == 302
    assert Vote.objects.filter(user=staff).count() == 1


# Results


def test_results_show_counts_percentages_and_total(client, poll):
    choices = list(poll.choices.all())
    for n, choice in enumerate([0, 0, 0, 1, 2]):
        Vote.objects.create(poll=poll, choice=choices[choice], voter_key=f"k{n}")
    page = soup(client.get(f"/tham-do/{poll.pk}/ket-qua/"))
    rows = page.select("[data-choice]")
    assert [(r["data-choice"], r["data-votes"]) for r in rows] == [
        (str(choices[0].pk), "3"),
        (str(choices[1].pk), "1"),
        (str(choices[2].pk), "1"),
        (str(choices[3].pk), "0"),
    ]
    assert rows[0].select_one(".poll-results__numbers").get_text() == "3 phiếu (60,0%)"
    assert rows[0].progress["value"] == "60.0"
    assert rows[3].select_one(".poll-results__numbers").get_text() == "0 phiếu (0,0%)"
    assert page.select_one(".poll-results__total").get_text() == "Tổng số: 5 phiếu bình chọn."


# Admin


def test_admin_shows_results_and_exports_csv(admin_client, poll):
    choices = list(poll.choices.all())
    Vote.objects.create(poll=poll, choice=choices[1], voter_key="a")
    Vote.objects.create(poll=poll, choice=choices[1], voter_key="b")
    Vote.objects.create(poll=poll, choice=choices[3], voter_key="c")

    change = soup(admin_client.get(f"/admin/polls/poll/{poll.pk}/change/"))
    row = change.select_one(f'.field-results_table tr[data-choice="{choices[1].pk}"]')
    assert [td.get_text() for td in row.find_all("td")] == ["Tốt", "2", "66,7%"]
    assert change.select_one('input[name="choices-0-text"]')["value"] == "Rất tốt"

    listing = admin_client.get("/admin/polls/poll/")
    assert soup(listing).select_one("td.field-vote_count").get_text() == "3"

    response = admin_client.post(
        "/admin/polls/poll/",
        {"action": "export_results_csv", "_selected_action": [poll.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Cuộc thăm dò", "Phương án", "Số phiếu", "Tỷ lệ (%)"]
    assert rows[2] == [polls_demo.QUESTION, "Tốt", "2", "66.7"]
    assert rows[-1] == [polls_demo.QUESTION, "Tổng số", "3", "100"]


def test_votes_are_read_only_in_the_admin(admin_client, poll):
    vote_row = Vote.objects.create(poll=poll, choice=poll.choices.first(), voter_key="a")
    assert admin_client.get("/admin/polls/vote/").status_code == 200
    assert admin_client.get("/admin/polls/vote/add/").status_code == 403
    change = admin_client.get(f"/admin/polls/vote/{vote_row.pk}/change/")
    assert change.status_code == 200 and not soup(change).find("input", attrs={"name": "_save"})
    response = admin_client.post(
        f"/admin/polls/vote/{vote_row.pk}/change/", {"choice": poll.choices.last().pk}
    )
    assert response.status_code == 403
    assert admin_client.post(f"/admin/polls/vote/{vote_row.pk}/delete/").status_code == 403
    vote_row.refresh_from_db()
    assert vote_row.choice == poll.choices.first()


def test_seed_demo_creates_the_open_poll(client, db):
    load_demo()  # what seed_demo made (tests/helpers.py), then the command again
    poll = Poll.objects.get(question=polls_demo.QUESTION)
    assert poll.is_open and not poll.staff_only
    assert [c.text for c in poll.choices.all()] == ["Rất tốt", "Tốt", "Bình thường", "Chưa tốt"]
    call_command("seed_demo", stdout=io.StringIO())
    assert Poll.objects.count() == 1
