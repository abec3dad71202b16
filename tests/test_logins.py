"""Login protection: a flood of wrong passwords from one place locks that place out, never the
editor working from another, and costs little CPU; the administrator sees and lifts locks."""

import time

import pytest
from axes.models import AccessAttempt
from django.conf import global_settings
from django.contrib.auth import hashers
from django.contrib.auth.models import User

from longkhanh.logins import client_address
from tests.helpers import soup

ATTACKER = "203.0.113.9"
OFFICE = "198.51.100.7"
PASSWORD = "mat-khau-dung-2026"


def login(client, username, password, address, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("bientap", "b@example.com", PASSWORD)


@pytest.fixture
def count_hashes(monkeypatch):
    """How many times the password hasher runs (each run is the expensive part of a login)."""
    hasher = type(hashers.get_hasher())
    calls = []
    encode = hasher.encode

    def counting(self, *args, **kwargs):
        calls.append(1)
        return encode(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting)
    return calls


def test_a_flood_from_one_address_never_locks_the_editor_out_from_another(client, editor):
    for _ in range(200):
        assert not logged_in(login(client, "bientap", "sai-mat-khau", ATTACKER))
    assert login(client, "bientap", PASSWORD, ATTACKER).status_code == 429  # that place: locked
    client.cookies.clear()

    assert logged_in(login(client, "bientap", PASSWORD, OFFICE))  # at once, from the office


def test_behind_nginx_the_address_is_the_client_s_not_the_proxy_s(client, editor):
    # nginx connects from 127.0.0.1 and appends the client's address to X-Forwarded-For; what
    # the client put in front of it is forged and ignored.
    for _ in range(20):
        login(client, "bientap", "sai", "127.0.0.1", HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    client.cookies.clear()
    assert logged_in(login(client, "bientap", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR=OFFICE))
    # From anywhere else the header is not believed: it cannot be used to hop addresses.
    client.logout()
    for n in range(6):
        login(client, "bientap", "sai", ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert login(client, "bientap", PASSWORD, ATTACKER).status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "client"),
    [
        ("203.0.113.9", "", ["127.0.0.1"], "203.0.113.9"),
        ("203.0.113.9", "10.0.0.1", ["127.0.0.1"], "203.0.113.9"),  # not from a proxy
        ("127.0.0.1", "", ["127.0.0.1"], "127.0.0.1"),
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", ["127.0.0.1"], "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, 10.0.0.2", ["127.0.0.1", "10.0.0.2"], "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, nonsense", ["127.0.0.1"], "127.0.0.1"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.9", ["*"], "203.0.113.9"),
        ("::1", "2001:db8::7", ["127.0.0.1", "::1"], "2001:db8::7"),
        ("", "203.0.113.9", ["127.0.0.1"], None),
    ],
)
def test_the_client_address(rf, settings, remote, forwarded, proxies, client):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_the_lockout_page_is_the_portal_s_and_counts_right(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "bientap", "sai", ATTACKER).status_code == 200
    page = login(client, "bientap", "sai", ATTACKER)  # the 5th wrong password locks
    assert page.status_code == 429
    text = " ".join(soup(page).get_text().split())
    assert "Quản trị Trang thông tin điện tử Thành phố Long Khánh" in text
    assert "Django" not in text
    assert "nhập sai mật khẩu 5 lần" in text and "quá 5 lần" not in text
    assert "30 phút" in text and "từ địa chỉ này" in text


def test_many_names_from_one_address_are_throttled_before_any_hashing(
    client, editor, settings, count_hashes
):
    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    assert limit >= 20  # generous: an office or a carrier's NAT shares one address
    for n in range(200):
        login(client, f"doan-ten-{n}", "sai", ATTACKER)
    assert len(count_hashes) <= limit  # each later attempt is refused before the hasher runs
    refused = login(client, "bientap", PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert "địa chỉ" in soup(refused).get_text()
    client.cookies.clear()
    assert logged_in(login(client, "bientap", PASSWORD, OFFICE))


def test_the_cpu_time_of_a_flood_with_the_production_hasher(client, db, settings, capsys):
    """The production hasher (PBKDF2, as settings leave Django's default), not the tests' MD5."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    User.objects.create_superuser("bientap", "b@example.com", PASSWORD)
    start = time.process_time()
    hashers.check_password("sai", User.objects.get().password)
    one_hash = time.process_time() - start

    start = time.process_time()
    for _ in range(200):
        login(client, "bientap", "sai-mat-khau", ATTACKER)
    flood = time.process_time() - start

    start = time.process_time()
    for n in range(200):
        login(client, f"doan-ten-{n}", "sai", "203.0.113.10")
    names = time.process_time() - start

    limit = settings.LOGIN_FAILURES_PER_ADDRESS
    with capsys.disabled():
        print(
            f"\nOne PBKDF2 check: {one_hash:.3f} s CPU. 200 wrong logins for one editor from one "
            f"address: {flood:.2f} s CPU. 200 wrong logins over 200 names from one address: "
            f"{names:.2f} s CPU (at most {limit} hashed)."
        )
    assert flood < 5 * one_hash + 0.05 * 200  # 5 hashed, the rest refused before hashing
    assert names < limit * one_hash + 0.05 * 200
    client.cookies.clear()
    assert logged_in(login(client, "bientap", PASSWORD, OFFICE))


def test_the_administrator_sees_and_lifts_locks_in_vietnamese(client, editor):
    for _ in range(6):
        login(client, "bientap", "sai", ATTACKER)
    assert login(client, "bientap", PASSWORD, ATTACKER).status_code == 429

    admin = User.objects.create_superuser("quantri", "q@example.com", "mat-khau-quan-tri-2026")
    client.force_login(admin)
    page = soup(client.get("/admin/axes/accessattempt/"))
    row = " ".join(page.select_one("#result_list tbody tr").get_text(" ").split())
    assert "bientap" in row and ATTACKER in row and "Đang khóa" in row
    headers = [th.get_text(strip=True) for th in page.select("#result_list thead th")]
    assert "Thời điểm đăng nhập" in headers  # a column starts with a capital
    assert "Theo thời điểm đăng nhập" in page.select_one("#changelist-filter").get_text()
    actions = {o["value"]: o.get_text() for o in page.select('select[name="action"] option')}
    assert actions["unlock"] == "Mở khóa (xóa các lần đăng nhập sai đã chọn)"

    attempt = AccessAttempt.objects.get()
    response = client.post(
        "/admin/axes/accessattempt/", {"action": "unlock", "_selected_action": [attempt.pk]}
    )
    assert response.status_code == 302
    assert "Đã mở khóa 1 mục" in soup(client.get("/admin/axes/accessattempt/")).get_text()
    assert not AccessAttempt.objects.exists()
    client.logout()
    assert logged_in(login(client, "bientap", PASSWORD, ATTACKER))
