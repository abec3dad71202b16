"""Request bodies are bounded on every path, with or without nginx: a body over the limit is
refused from its Content-Length with a Vietnamese 413 before Django reads it, nothing is counted,
and the admin's upload paths alone get room for photos."""

import select
import socket
import time

import pytest

from tests.helpers import soup
from tests.servers import gunicorn, manage, portal_env

MB = 1024 * 1024
BOUNDARY = "----lkranhgioi"
COUNT_VOTES = "from polls.models import Vote; print(Vote.objects.count())"
FIRST_CHOICE = (
    "from polls.models import Poll; p = Poll.objects.get(); "
    "print(p.pk, p.choices.order_by('pk').first().pk)"
)


def multipart_head(fields, file_size):
    """The start of a multipart body (form fields, then a file part of `file_size` bytes) and
    its end, whose sizes with the file make the Content-Length."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="tep"; filename="lon.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    return head.encode(), f"\r\n--{BOUNDARY}--\r\n".encode()


def read_response(sock):
    sock.setblocking(True)
    sock.settimeout(30)
    data = b""
    while True:
        try:
            piece = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines[0] else 0
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return status, headers, body


def send_large(port, request_head, body_start, body_end, size, *, chunked=False):
    """Sends a request whose body is `body_start`, `size` zero bytes, `body_end`, as a client
    does that keeps sending until the server answers. Returns (status, headers, body, bytes of
    the body sent before the answer came)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(request_head)
    sock.setblocking(False)
    piece = b"\0" * (256 * 1024)
    pieces = [body_start] + [piece] * (size // len(piece)) + [body_end]
    sent = 0
    try:
        for data in pieces:
            if chunked:
                data = f"{len(data):x}\r\n".encode() + data + b"\r\n"
            view = memoryview(data)
            while view:
                readable, writable, _ = select.select([sock], [sock], [], 30)
                if readable:  # the answer came: stop sending, as a browser does
                    raise StopIteration
                if not writable:
                    raise AssertionError("the server neither read nor answered for 30 s")
                try:
                    count = sock.send(view)
                except BlockingIOError:
                    continue
                view = view[count:]
                sent += count
        if chunked:
            sock.sendall(b"0\r\n\r\n")
    except (StopIteration, BrokenPipeError, ConnectionResetError):
        pass
    status, headers, body = read_response(sock)
    sock.close()
    return status, headers, body, sent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("bodies")
    with portal_env(tmp_path) as env:
        poll, choice = last_line(manage(env, "shell", "-c", FIRST_CHOICE)).split()
        with gunicorn(env, tmp_path, workers=2) as (_, port, log):
            yield {"env": env, "port": port, "poll": poll, "choice": choice, "log": log}


def last_line(output):
    """What the command printed (`shell` first says how many objects it imported)."""
    return output.strip().splitlines()[-1]


def votes(server):
    return int(last_line(manage(server["env"], "shell", "-c", COUNT_VOTES)))


def post_head(port, path, content_length=None, *, content_type, extra=""):
    length = (
        f"Content-Length: {content_length}\r\n"
        if content_length is not None
        else "Transfer-Encoding: chunked\r\n"
    )
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nSec-Fetch-Site: same-origin\r\n"
        f"User-Agent: Mozilla/5.0 Chrome/120\r\nContent-Type: {content_type}\r\n"
        f"{length}{extra}Connection: close\r\n\r\n"
    ).encode()


def assert_vietnamese_413(status, body):
    assert status == 413
    page = soup(type("R", (), {"content": body})())
    assert page.select_one(".site").get_text() == "Trang thông tin điện tử Thành phố Long Khánh"
    assert page.find("h1").get_text() == "Nội dung gửi lên quá lớn"


def test_a_100_mb_file_with_a_vote_is_refused_unread_and_not_counted(server):
    port, before = server["port"], votes(server)
    start, end = multipart_head({"choice": server["choice"]}, 100 * MB)
    head = post_head(
        port,
        f"/tham-do/{server['poll']}/binh-chon/",
        len(start) + 100 * MB + len(end),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    began = time.monotonic()
    status, _, body, sent = send_large(port, head, start, end, 100 * MB)
    assert_vietnamese_413(status, body)
    assert sent < 20 * MB, f"{sent / MB:.0f} MB were taken before the answer"
    assert time.monotonic() - began < 10
    assert votes(server) == before


def test_a_100_mb_post_to_the_home_page_with_a_csrf_cookie_is_refused_unread(server):
    port = server["port"]
    start, end = multipart_head({"csrfmiddlewaretoken": "x" * 32}, 100 * MB)
    head = post_head(
        port,
        "/",
        len(start) + 100 * MB + len(end),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        extra="Cookie: csrftoken=" + "x" * 32 + "\r\n",
    )
    status, _, body, sent = send_large(port, head, start, end, 100 * MB)
    assert_vietnamese_413(status, body)
    assert sent < 20 * MB, f"{sent / MB:.0f} MB were taken before the answer"


def test_a_chunked_body_without_a_length_is_refused_and_not_counted(server):
    port, before = server["port"], votes(server)
    start, end = multipart_head({"choice": server["choice"]}, 100 * MB)
    head = post_head(
        port,
        f"/tham-do/{server['poll']}/binh-chon/",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    status, _, body, sent = send_large(port, head, start, end, 100 * MB, chunked=True)
    assert status == 411
    assert "độ dài" in soup(type("R", (), {"content": body})()).find("h1").get_text()
    assert sent < 20 * MB
    assert votes(server) == before


def test_the_admin_s_upload_paths_have_room_for_photos_and_no_more(server):
    port = server["port"]
    start, end = multipart_head({}, 5 * MB)
    for path in ["/quan-tri/tai-anh/", "/admin/news/article/add/"]:
        head = post_head(
            port,
            path,
            len(start) + 5 * MB + len(end),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )
        status, _, _, _ = send_large(port, head, start, end, 5 * MB)
        assert status in {302, 403}, path  # not too large: refused for want of a login or token
    start, end = multipart_head({}, 26 * MB)
    head = post_head(
        port,
        "/quan-tri/tai-anh/",
        len(start) + 26 * MB + len(end),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    status, _, body, _ = send_large(port, head, start, end, 26 * MB)
    assert_vietnamese_413(status, body)


def test_an_ordinary_vote_still_counts(server):
    port, before = server["port"], votes(server)
    body = f"choice={server['choice']}".encode()
    head = post_head(
        port,
        f"/tham-do/{server['poll']}/binh-chon/",
        len(body),
        content_type="application/x-www-form-urlencoded",
    )
    status, headers, _, _ = send_large(port, head, body, b"", 0)
    assert status == 302 and "/ket-qua/" in headers["Location"]
    assert votes(server) == before + 1


def test_the_limits_in_the_test_client(client, db, settings):
    """The same middleware without a server: the limits are settings, the page is the same."""
    over = b"x" * (settings.REQUEST_MAX_BYTES + 1)
    response = client.post("/", over, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Nội dung gửi lên quá lớn" in response.content.decode()
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert client.post("/tim-kiem/", b"x" * 100, content_type="text/plain").status_code != 413
    admin = client.post("/admin/login/", over, content_type="application/octet-stream")
    assert admin.status_code != 413
    too_much = b"x" * (settings.EDITOR_REQUEST_MAX_BYTES + 1)
    assert client.post("/admin/login/", too_much, content_type="text/plain").status_code == 413
