"""docs/deploy/nginx.conf, run: Debian's nginx with the file as it is (ports, certificate and
paths swapped for a test's), in front of a real gunicorn. Compression of what search engines and
feed readers fetch, the rate limits, the body limits, all answered in Vietnamese."""

import gzip
import http.client
import shutil
import socket
import ssl
import subprocess
import time

import pytest

from tests.conftest import skip_or_fail
from tests.servers import ROOT, free_port, gunicorn, portal_env

CONF = ROOT / "docs" / "deploy" / "nginx.conf"
HOST = "longkhanh.dongnai.gov.vn"
MB = 1024 * 1024


def test_the_config_compresses_limits_and_agrees_with_django(settings):
    """What the file must keep saying, checked without nginx too."""
    conf = CONF.read_text()
    types = conf.split("gzip_types", 1)[1].split(";", 1)[0].split()
    for kind in ["text/css", "application/javascript", "application/json", "application/xml",
                 "application/rss+xml", "text/plain"]:  # fmt: skip
        assert kind in types
    for zone, where in [("longkhanh_login", "location = /admin/login/"),
                        ("longkhanh_search", "location = /tim-kiem/"),
                        ("longkhanh_sitemaps", "location ~ ^/sitemap")]:  # fmt: skip
        assert f"zone={zone}:" in conf
        assert f"limit_req zone={zone} burst=" in conf.split(where, 1)[1].split("}", 1)[0]
    assert "client_max_body_size 1m;" in conf and settings.REQUEST_MAX_BYTES >= MB
    assert "client_max_body_size 25m;" in conf and settings.EDITOR_REQUEST_MAX_BYTES >= 25 * MB


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    if not shutil.which("nginx"):
        skip_or_fail("nginx is not installed (apt-get install nginx): the nginx tests skipped")
    if not shutil.which("openssl"):
        skip_or_fail("openssl is not installed: the nginx tests skipped")
    tmp = tmp_path_factory.mktemp("nginx")
    with portal_env(
        tmp, DJANGO_ALLOWED_HOSTS=f"127.0.0.1,{HOST}", DJANGO_SITE_URL=f"https://{HOST}"
    ) as env:
        with gunicorn(env, tmp, workers=2) as (_, upstream, _):
            http_port, https_port = free_port(), free_port()
            yield start_nginx(tmp, upstream, http_port, https_port)


def start_nginx(tmp, upstream, http_port, https_port):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(tmp / "privkey.pem"), "-out", str(tmp / "fullchain.pem"),
         "-subj", f"/CN={HOST}"],
        check=True, capture_output=True,
    )  # fmt: skip
    site = CONF.read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};"),
        ("    listen 80;\n", f"    listen 127.0.0.1:{http_port};\n"),
        ("    listen [::]:80;\n", ""),
        ("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{https_port} ssl http2;\n"),
        ("    listen [::]:443 ssl http2;\n", ""),
        (f"/etc/letsencrypt/live/{HOST}/", f"{tmp}/"),
        ("/srv/longkhanh/staticfiles/", f"{ROOT}/staticfiles/"),
        ("/srv/longkhanh-media/", f"{tmp}/media/"),
    ]:
        assert old in site, f"docs/deploy/nginx.conf no longer has {old!r}: update this test"
        site = site.replace(old, new)
    (tmp / "site.conf").write_text(site)
    for name in ["body", "proxy", "fastcgi", "uwsgi", "scgi"]:
        (tmp / name).mkdir()
    # Debian's nginx.conf, reduced to what a test needs: the site file inside `http { }`.
    temp_paths = "".join(
        f"    {name}_temp_path {tmp}/{name};\n" for name in ["proxy", "fastcgi", "uwsgi", "scgi"]
    )
    (tmp / "nginx.conf").write_text(
        f"user root;\nworker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log;\nevents {{}}\nhttp {{\n"
        "    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log off;\n{temp_paths}    client_body_temp_path {tmp}/body;\n"
        f"    include {tmp}/site.conf;\n}}\n"
    )
    command = ["nginx", "-c", str(tmp / "nginx.conf"), "-p", f"{tmp}/"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            assert time.monotonic() < deadline and process.poll() is None, "nginx did not start"
            time.sleep(0.1)
    return _Nginx(process, https_port, checked.stderr)


class _Nginx:
    def __init__(self, process, port, test_output):
        self.process, self.port, self.test_output = process, port, test_output
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE
        self.connection = None

    def request(self, path, method="GET", body=None, headers=None):
        """One request on a kept-alive HTTPS connection (a new one if nginx closed it)."""
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPSConnection(
                    "127.0.0.1", self.port, context=self.context, timeout=30
                )
            try:
                self.connection.request(
                    method, path, body=body, headers={"Host": HOST, **(headers or {})}
                )
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response, data
        raise AssertionError("unreachable")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def front(nginx):
    yield nginx
    nginx.stop()


def test_nginx_accepts_the_config(front):
    assert "test is successful" in front.test_output


@pytest.mark.parametrize(
    ("path", "kind", "start"),
    [
        ("/", "text/html", b"<!doctype html>"),
        ("/rss/", "application/rss+xml", b"<?xml"),
        ("/sitemap.xml", "application/xml", b"<?xml"),
        ("/sitemap-bai-viet.xml", "application/xml", b"<?xml"),
        ("/robots.txt", "text/plain", b"User-agent"),
        ("/healthz", "application/json", b"{"),
        ("/static/css/site.css", "text/css", b""),
    ],
)
def test_what_crawlers_and_readers_fetch_is_compressed(front, path, kind, start):
    response, data = front.request(path, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Type").startswith(kind)
    assert response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert gzip.decompress(data).lstrip().startswith(start)


def refusals(front, count, path, **kwargs):
    return [front.request(path, **kwargs) for _ in range(count)]


def test_logins_searches_and_sitemaps_are_rate_limited_generously(front):
    login = {"username": "quantri", "password": "sai"}
    body = "&".join(f"{k}={v}" for k, v in login.items())
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [r.status for r, _ in refusals(front, 45, "/admin/login/", method="POST",
                                              body=body, headers=form)]  # fmt: skip
    assert 429 not in answers[:25]  # a whole office may log in at once
    assert answers.count(429) >= 10
    response, data = front.request("/admin/login/", method="POST", body=body, headers=form)
    assert response.status == 429 and response.getheader("Retry-After") == "60"
    assert "Quá nhiều yêu cầu" in data.decode() and "thử lại sau một phút" in data.decode()
    assert front.request("/admin/login/")[0].status == 200  # the form itself is not limited

    searches = [r.status for r, _ in refusals(front, 150, "/tim-kiem/?q=hoi+nghi")]
    assert 429 not in searches[:45] and searches.count(429) >= 20
    sitemaps = [r.status for r, _ in refusals(front, 60, "/sitemap.xml")]
    assert 429 not in sitemaps[:18] and sitemaps.count(429) >= 10
    pages = [r.status for r, _ in refusals(front, 100, "/")]
    assert set(pages) == {200}  # pages have no limit


def test_bodies_over_the_limits_are_refused_in_vietnamese(front):
    response, data = front.request("/", method="POST", body=b"x" * (2 * MB))
    assert response.status == 413
    assert "Nội dung gửi lên quá lớn" in data.decode()
    # The admin's upload paths take a photo (refused by Django for want of a login, not by size).
    token = "a" * 32
    body = f"csrfmiddlewaretoken={token}&x=".encode() + b"x" * (5 * MB)
    response, _ = front.request(
        "/quan-tri/tai-anh/",
        method="POST",
        body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": f"csrftoken={token}"},
    )  # fmt: skip
    assert response.status in {302, 403}
    response, _ = front.request("/quan-tri/tai-anh/", method="POST", body=b"x" * (26 * MB))
    assert response.status == 413
