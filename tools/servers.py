"""Serving the portal with gunicorn as in production: for the benchmark, the load test and the
tests that need several processes (tests/servers.py). One place starts, waits for and stops it."""

import contextlib
import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(host, port, path, *, method="GET", agent=None, cookies=None, body=None, headers=None):
    """One HTTP request on a new connection; returns (status, headers, body bytes)."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    all_headers = {"User-Agent": agent or BROWSER}
    if cookies:
        all_headers["Cookie"] = (
            cookies
            if isinstance(cookies, str)
            else "; ".join(f"{k}={v}" for k, v in cookies.items())
        )
    all_headers.update(headers or {})
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def start(env, port, *, app=None, workers=None, log=None):
    """gunicorn with the repository's gunicorn.conf.py on 127.0.0.1:`port` (not yet ready)."""
    command = [GUNICORN, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    if log is None:
        command += ["--access-logfile", "/dev/null"]
    if app:
        command.append(app)
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (the process keeps it)
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_up(port, process, *, path="/healthz", seconds=60, log=None):
    """Returns once `path` answers 200; raises RuntimeError if gunicorn stops or never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if request("127.0.0.1", port, path, agent="readiness-check-bot")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            detail = Path(log).read_text() if log else ""
            raise RuntimeError(f"gunicorn on port {port} did not start\n{detail}")
        time.sleep(0.2)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def gunicorn(env, *, port=None, app=None, workers=None, log=None):
    """Serves the portal (or `app`) and yields its port once it answers; stops it afterwards."""
    port = port or free_port()
    process = start(env, port, app=app, workers=workers, log=log)
    try:
        wait_until_up(port, process, log=log)
        yield port, process
    finally:
        stop(process)
