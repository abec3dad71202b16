"""Production hardening: headers, methods, hostile input on every URL, health check, request ids."""

import base64
import hashlib
import itertools
import json
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.db.utils import OperationalError
from django.http import HttpResponse

from longkhanh.security import REQUEST_ID, CSPMiddleware, RequestIdFilter
from tests.helpers import SEED_URL, load_demo

ROOT = Path(__file__).resolve().parent.parent
SEED = SEED_URL


@pytest.fixture
def demo(db):
    load_demo()


def test_check_deploy_is_clean_in_production_mode():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY="Vb3k-" + "x7Qp2Lm9Zr4Tn8Wd1Ys6Hc0Jf5Ga3Ke2Ub7Io9Pl4Mn" * 2,
        DJANGO_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="longkhanh.dongnai.gov.vn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("site_url", "warning"),
    [
        ("http://longkhanh.dongnai.gov.vn", "longkhanh.W001"),
        ("https://longkhanh.vn", "longkhanh.W002"),
    ],
)
def test_check_deploy_warns_about_a_site_address_that_does_not_fit(site_url, warning):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY="Vb3k-" + "x7Qp2Lm9Zr4Tn8Wd1Ys6Hc0Jf5Ga3Ke2Ub7Io9Pl4Mn" * 2,
        DJANGO_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="longkhanh.dongnai.gov.vn",
        DJANGO_SITE_URL=site_url,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert warning in result.stderr


PAGES = ["/", "/chuyen-muc/cai-cach-hanh-chinh/", SEED, "/tim-kiem/?q=hoi+nghi", "/khong-co/",
         "/admin/login/", "/rss/", "/robots.txt"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_page_in_production_mode(client, demo, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True

    plain = client.get(path)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    response = client.get(path, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code in {200, 404}
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]
    csp = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"


def directives(policy):
    """{directive: its sources} of a Content-Security-Policy header (in any order)."""
    return dict((d.split(" ", 1) + [""])[:2] for d in policy.split("; "))


def test_the_inline_script_is_allowed_by_its_hash(client, demo):
    response = client.get("/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    inline = [s.string for s in page.find_all("script") if not s.get("src") and not s.get("type")]
    assert len(inline) == 1
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]


def test_the_policy_built_once_is_django_csps_own_and_follows_the_settings(client, demo, settings):
    first, kept = client.get("/"), client.get("/")  # made, then from the page cache
    assert first["Content-Security-Policy"] == kept["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in first
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    response = client.get("/")
    assert response["Content-Security-Policy"] == "default-src 'self'"
    assert directives(response["Content-Security-Policy-Report-Only"]) == {
        "default-src": "'self'",
        "img-src": "'self'",
    }


def test_a_response_with_a_policy_of_its_own_or_a_nonce_gets_django_csps_way(rf, settings):
    def page(request):
        return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")

    def ask(view):
        request = rf.get("/")
        return CSPMiddleware(view)(request)

    updated = ask(csp_update({"img-src": ["https://anh.example"]})(lambda r: HttpResponse()))
    assert (
        "img-src 'self' data: blob: https: https://anh.example"
        in updated["Content-Security-Policy"]
    )
    assert "Content-Security-Policy" not in ask(csp_exempt()(lambda r: HttpResponse()))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}
    with_nonce = ask(page)
    nonce = with_nonce.content.decode().split("'")[1]
    assert directives(with_nonce["Content-Security-Policy"]) == {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
    }


def test_secure_cookies_in_production_mode(client, demo, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(SEED, HTTP_USER_AGENT="Mozilla/5.0 Chrome/120")
    for name in ["lk_visit", "lk_read"]:
        cookie = response.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


# Hostile input, generated: every public URL pattern × malformed parts and query strings.

PATTERNS = [
    "/chuyen-muc/{slug}/",
    "/tin-tuc/{slug}/",
    "/rss/{slug}/",
    "/tham-do/{id}/",
    "/tham-do/{id}/ket-qua/",
    "/sitemap-{slug}.xml",
]
SLUGS = ["khong-co", "a" * 300, "%00", "%E2%80%AE", "..", "%2e%2e%2f", "ABC", "-", "%ff"]
IDS = ["0", "-1", "abc", "99999999999999999999999", "1.5", "%00", "1e9"]
PLAIN = ["/", "/tim-kiem/", "/chuyen-muc/cai-cach-hanh-chinh/", SEED, "/rss/", "/sitemap.xml",
         "/lien-ket/di/", "/robots.txt", "/healthz"]  # fmt: skip
QUERIES = [
    "page=-1", "page=abc", "page=0", "page=99999999999999999999", "page=1e3", "page=%00",
    "q=%00", "q=%ff%fe", "q=" + "x" * 5000, "q=a&q=b&q=c", "page=1&page=2", "id=%00",
    "id=javascript:alert(1)", "%ff=%ff", "q=%E2%80%AE%F0%9F%98%80", "=&&=", "q=%25%5F",
]  # fmt: skip


def hostile_urls():
    for pattern in PATTERNS:
        values = SLUGS if "{slug}" in pattern else IDS
        for value in values:
            yield pattern.format(slug=value, id=value)
    for path, query in itertools.product(PLAIN + ["/tham-do/1/ket-qua/"], QUERIES):
        yield f"{path}?{query}"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"])
@pytest.mark.parametrize("path", PLAIN + ["/tham-do/1/binh-chon/", "/admin/", "/quan-tri/tai-anh/"])
def test_other_methods_get_405(client, db, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert response.content.decode() == "Phương thức này không được hỗ trợ."


def test_hostile_urls_and_queries_never_give_5xx(client, demo):
    urls = list(hostile_urls())
    assert len(urls) > 200
    failures = []
    for url in urls:
        status = client.get(url).status_code
        if status >= 500 or status < 200:
            failures.append((url[:80], status))
    assert failures == []


@pytest.mark.parametrize(
    "url",
    ["/chuyen-muc/cai-cach-hanh-chinh/?page=-1", "/chuyen-muc/cai-cach-hanh-chinh/?page=abc",
     "/tin-tuc/%00/", "/tham-do/abc/ket-qua/", "/lien-ket/di/?id=%00"],
)  # fmt: skip
def test_malformed_parts_get_a_4xx(client, demo, url):
    assert 400 <= client.get(url).status_code < 500


def test_hostile_posts_to_the_vote_never_give_5xx(client, demo):
    from polls.models import Poll

    poll = Poll.objects.get()
    for body in [b"\xff\xfe", b"choice=%00", b"choice=" + b"9" * 5000, b"a=b&" * 1000]:
        response = client.post(
            f"/tham-do/{poll.pk}/binh-chon/",
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_ORIGIN="http://testserver",
        )
        assert 400 <= response.status_code < 500, body[:20]


# Health and logs


def test_healthz_says_the_database_and_cache_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_is_down(client, db):
    with mock.patch("longkhanh.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("lỗi")


def test_request_ids_are_given_kept_and_logged(client, db):
    first = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    given = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21e0")
    assert given["X-Request-ID"] == "lb-7f3a9c21e0"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>\n")
    assert forged["X-Request-ID"] != "<script>\n"

    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "lỗi", None, None)
    token = REQUEST_ID.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    assert record.request_id == "abc123def456"
    assert json.dumps({"id": record.request_id})


def test_absurd_requests_get_a_4xx_from_the_server(tmp_path):
    from tests.servers import gunicorn, portal_env, request

    with portal_env(tmp_path, seeded=False) as env:
        with gunicorn(env, tmp_path, workers=1) as (host, port, _):
            assert 400 <= request(host, port, "/" + "a" * 10_000)[0] < 500
            assert 400 <= request(host, port, "/tim-kiem/?q=" + "x" * 20_000)[0] < 500
            headers = {f"X-Rac-{n}": "1" for n in range(150)}
            assert 400 <= request(host, port, "/", headers=headers)[0] < 500
            assert 400 <= request(host, port, "/", headers={"X-Big": "x" * 20_000})[0] < 500
            # A body announced at 13 MB is refused from its Content-Length, before it is read.
            with socket.create_connection((host, port), timeout=10) as sock:
                sock.sendall(
                    b"POST /tham-do/1/binh-chon/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Origin: http://127.0.0.1\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                    + f"Content-Length: {13 * 1024 * 1024}\r\n\r\n".encode()
                    + b"choice=1&"
                    + b"x" * 1024
                )
                status_line = sock.recv(64).split(b"\r\n")[0]
            assert status_line.split()[1].startswith(b"4"), status_line
            assert request(host, port, "/healthz")[0] == 200


def test_405s_and_static_files_carry_the_security_headers(client, db):
    for response in [client.put("/"), client.get("/static/css/site.css")]:
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["Permissions-Policy"]
