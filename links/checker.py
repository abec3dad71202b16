"""Checking that links answer: HEAD, then GET where HEAD is refused; concurrent and time-bounded.

Each check runs in a daemon thread. A name that does not resolve can block a thread inside the
system resolver (which ignores socket timeouts), so the caller waits for each check no longer
than its share of an overall deadline and reports what has not answered by then as timed out;
the blocked threads are left behind and do not keep the process alive.
"""

import math
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

USER_AGENT = "LongKhanhPortal-LinkChecker/1.0 (+https://longkhanh.dongnai.gov.vn)"
HEAD_REFUSED = {400, 403, 405, 501}


@dataclass
class Result:
    ok: bool
    detail: str  # the final HTTP status, or what went wrong


def check_url(url, timeout):
    """Result for one URL: HEAD first, GET when the server refuses HEAD."""
    try:
        status = _status(url, "HEAD", timeout)
        if status in HEAD_REFUSED:
            status = _status(url, "GET", timeout)
    except urllib.error.URLError as exc:
        return Result(False, f"lỗi kết nối: {exc.reason}")
    except TimeoutError:
        return Result(False, f"quá thời gian chờ ({timeout:g} giây)")
    except (OSError, ValueError) as exc:
        return Result(False, f"lỗi: {exc}")
    return Result(status < 400, f"HTTP {status}")


def _status(url, method, timeout):
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def check_all(urls, timeout=10.0, concurrency=16):
    """{url: Result} for every URL, in at most about timeout × ⌈len(urls) / concurrency⌉ + 2 s."""
    urls = list(dict.fromkeys(urls))
    results = {}
    slots = threading.Semaphore(concurrency)

    def work(url):
        try:
            results[url] = check_url(url, timeout)
        finally:
            slots.release()

    threads = []
    deadline = time.monotonic() + timeout * math.ceil(max(len(urls), 1) / concurrency) + 2
    for url in urls:
        if not slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            break
        thread = threading.Thread(target=work, args=(url,), daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    for url in urls:
        results.setdefault(url, Result(False, f"quá thời gian chờ ({timeout:g} giây)"))
    return results
