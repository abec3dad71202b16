import http.server
import io
import socket
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from links import checker
from links import demo as links_demo
from links.models import Link, LinkGroup
from tests.helpers import load_demo, soup

UNITS = [
    "Phường Xuân An", "Phường Xuân Bình", "Phường Xuân Hòa", "Phường Xuân Trung",
    "Phường Xuân Thanh", "Phường Phú Bình", "Phường Xuân Lập", "Phường Xuân Tân",
    "Phường Bảo Vinh", "Phường Suối Tre", "Phường Bàu Sen", "Xã Bảo Quang", "Xã Bàu Trâm",
    "Xã Bình Lộc", "Xã Hàng Gòn",
]  # fmt: skip
HOSTS = [
    "xuanan", "xuanbinh", "xuanhoa", "xuantrung", "xuanthanh", "phubinh", "xuanlap", "xuantan",
    "baovinh", "suoitre", "bausen", "baoquang", "bautram", "binhloc", "hanggon",
]  # fmt: skip


@pytest.fixture
def demo_links(db):
    """The demo's related sites, and a picker group as a site that keeps the wards' websites
    as links would have (the demo's wards are the organisation's units now)."""
    links_demo.load()
    wards = LinkGroup.objects.create(
        name="Website Xã - Phường", display=LinkGroup.Display.SELECT, position=1
    )
    for n, (name, host) in enumerate(zip(UNITS, HOSTS, strict=True)):
        Link.objects.create(
            group=wards, name=name, url=f"https://{host}.longkhanh.dongnai.gov.vn/", position=n
        )
    return LinkGroup.objects.get(name="Liên kết website"), wards


def test_both_blocks_are_on_every_page_with_all_fifteen_units(client, demo_links, make_article):
    article = make_article("Bài")
    for url in ["/", article.get_absolute_url(), article.category.get_absolute_url(), "/x/"]:
        page = soup(client.get(url))
        blocks = {b.h2.get_text(): b for b in page.select("aside section.links")}
        assert list(blocks) == ["Liên kết website", "Website Xã - Phường"]

        related = blocks["Liên kết website"].select("a")
        assert "Cổng thông tin điện tử tỉnh Đồng Nai" in related[0].get_text()
        for link in related:
            assert link["href"].startswith("https://")
            assert link["target"] == "_blank"
            assert link["rel"] == ["noopener", "noreferrer"]
            assert link.select_one(".visually-hidden").get_text() == " (mở trong thẻ mới)"

        picker = blocks["Website Xã - Phường"].form
        assert picker["method"] == "get" and picker["action"] == "/lien-ket/di/"
        select = picker.find("select", attrs={"name": "id"})
        assert picker.find("label", attrs={"for": select["id"]})
        assert [o.get_text() for o in select.find_all("option")] == UNITS
        assert picker.find("button", type="submit").get_text() == "Đi"


def test_the_picker_redirects_to_the_chosen_unit_without_javascript(client, demo_links):
    _, wards = demo_links
    bao_vinh = wards.links.get(name="Phường Bảo Vinh")
    response = client.get("/lien-ket/di/", {"id": bao_vinh.pk})
    assert response.status_code == 302
    assert response["Location"] == "https://baovinh.longkhanh.dongnai.gov.vn/"


@pytest.mark.parametrize(
    "value",
    [
        "https://evil.example/",
        "//evil.example",
        "javascript:alert(1)",
        "/\\evil.example",
        "",
        "-1",
        "1 OR 1=1",
        "٣",
        "9" * 40,
    ],
)
def test_anything_but_a_stored_link_id_is_refused(client, demo_links, value):
    response = client.get("/lien-ket/di/", {"id": value})
    assert response.status_code == 400
    assert "Location" not in response
    assert soup(response).h1.get_text() == "Liên kết không hợp lệ"


def test_unknown_or_inactive_links_are_not_found(client, demo_links):
    _, wards = demo_links
    link = wards.links.first()
    link.active = False
    link.save()
    assert client.get("/lien-ket/di/", {"id": link.pk}).status_code == 404
    assert client.get("/lien-ket/di/", {"id": 999999}).status_code == 404
    assert client.get("/lien-ket/di/").status_code == 400
    assert client.post("/lien-ket/di/", {"id": link.pk}).status_code == 405
    assert link.name not in client.get("/").content.decode()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com/", "data:text/html,x", "//x.vn", "x"]
)
def test_only_http_and_https_addresses_can_be_stored(demo_links, url):
    related, _ = demo_links
    with pytest.raises(ValidationError):
        Link(group=related, name="Xấu", url=url).full_clean()


@pytest.mark.parametrize("groups", [1, 6])
def test_link_blocks_cost_two_queries_whatever_their_size(
    client, db, django_assert_num_queries, groups
):
    from tests.helpers import CHROME_QUERIES

    for g in range(groups):
        group = LinkGroup.objects.create(name=f"Nhóm {g}")
        for n in range(10):
            Link.objects.create(group=group, name=f"Trang {n}", url=f"https://{g}-{n}.vn/")
    with django_assert_num_queries(1 + CHROME_QUERIES + 1):  # empty home; + the links
        client.get("/")


# check_links


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/khong-nhan-head":
            self.send_response(405)
        elif self.path == "/mat":
            self.send_response(404)
        elif self.path == "/chuyen":
            self.send_response(301)
            self.send_header("Location", "/song")
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path != "/mat" else 404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_check_links_names_the_dead_link_and_not_the_live_ones(db, local_server):
    group = LinkGroup.objects.create(name="Thử")
    live = Link.objects.create(group=group, name="Sống", url=f"{local_server}/song")
    head_refused = Link.objects.create(
        group=group, name="Không nhận HEAD", url=f"{local_server}/khong-nhan-head"
    )
    redirected = Link.objects.create(group=group, name="Chuyển", url=f"{local_server}/chuyen")
    dead = Link.objects.create(group=group, name="Chết", url=f"{local_server}/mat")
    inactive = Link.objects.create(group=group, name="Tắt", url=f"{local_server}/mat", active=False)

    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("check_links", "--timeout", "5", stdout=out)
    assert error.value.returncode == 1
    printed = out.getvalue()
    assert f"HỎNG {dead.url} — HTTP 404" in printed
    assert "Đã kiểm tra 4 liên kết: 1 hỏng." in printed
    for link in [live, head_refused, redirected]:
        assert link.url not in printed
        link.refresh_from_db()
        assert link.check_ok is True and link.check_result == "HTTP 200" and link.checked_at
    dead.refresh_from_db()
    assert (dead.check_ok, dead.check_result) == (False, "HTTP 404")
    inactive.refresh_from_db()
    assert inactive.checked_at is None


def test_check_links_exits_zero_when_all_links_live(db, local_server):
    group = LinkGroup.objects.create(name="Thử")
    Link.objects.create(group=group, name="Sống", url=f"{local_server}/song")
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert "1 liên kết: 0 hỏng." in out.getvalue()


def test_a_refused_connection_is_broken(db):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once closed
    result = checker.check_url(f"http://127.0.0.1:{port}/", timeout=2)
    assert not result.ok and result.detail.startswith("lỗi kết nối")


def test_check_links_finishes_in_bounded_time_when_names_do_not_resolve(db, monkeypatch):
    """A resolver that never answers (a machine cut off from DNS) must not hang the command."""
    real_getaddrinfo = socket.getaddrinfo

    def hanging_getaddrinfo(host, *args, **kwargs):
        if host.endswith(".invalid"):
            time.sleep(30)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging_getaddrinfo)
    group = LinkGroup.objects.create(name="Thử")
    for n in range(20):
        Link.objects.create(group=group, name=f"Không có {n}", url=f"http://x{n}.invalid/")

    out = io.StringIO()
    started = time.monotonic()
    with pytest.raises(CommandError):
        call_command("check_links", "--timeout", "1", "--concurrency", "8", stdout=out)
    elapsed = time.monotonic() - started
    assert elapsed < 1 * 3 + 2 + 1  # timeout × ⌈20 / 8⌉ + 2 s, and a second of slack
    assert out.getvalue().count("quá thời gian chờ (1 giây)") == 20
    assert Link.objects.filter(check_ok=False).count() == 20


def test_check_links_refuses_a_timeout_over_ten_seconds(db):
    with pytest.raises(CommandError, match="không quá 10 giây"):
        call_command("check_links", "--timeout", "30")


# Admin


def test_admin_lists_links_with_their_last_check_and_filters_broken_ones(client, demo_links):
    client.force_login(User.objects.create_superuser("admin", "a@example.com", "x"))
    related, _ = demo_links
    broken = related.links.first()
    Link.objects.filter(pk=broken.pk).update(check_ok=False, check_result="HTTP 404")
    page = soup(client.get("/admin/links/link/", {"tinh_trang": "hong"}))
    rows = page.select("#result_list tbody tr")
    assert len(rows) == 1 and broken.name in rows[0].get_text()
    assert page.select_one('input[name="form-0-active"]')  # the active switch, in the list
    change = soup(client.get(f"/admin/links/linkgroup/{related.pk}/change/"))
    assert change.select_one('input[name="links-0-url"]')["value"] == broken.url


def test_seed_demo_adds_the_links_once(db):
    load_demo()  # what seed_demo made (tests/helpers.py), then the command again
    call_command("seed_demo", stdout=io.StringIO())
    assert list(LinkGroup.objects.values_list("name", flat=True)) == ["Liên kết website"]
    # The wards and communes are the organisation's units, and its picker shows them.
    from organisation.models import Unit

    wards = Unit.objects.filter(kind=Unit.Kind.WARD).order_by("position")
    assert [unit.name for unit in wards] == UNITS
