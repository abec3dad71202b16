"""Running the portal as in production, for tests: a fresh database and gunicorn workers.

The database follows the suite's: a new PostgreSQL database when the suite runs on PostgreSQL,
else a new SQLite file. Used by the tests that need several processes at once.
"""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def fresh_database(tmp_path):
    """Yields the DATABASE_URL of a new, empty database; drops it afterwards (PostgreSQL)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    import psycopg2

    name = f"longkhanh_server_{uuid.uuid4().hex[:12]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{params['password']}" if params["password"] else ""
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def server_env(database_url, tmp_path, **extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SECRET_KEY="server-tests-key-not-a-secret",
        DATABASE_URL=database_url,
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_VISITS_DIR=str(tmp_path / "online"),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_static_collected = False


def collect_static(env):
    """Production serves hashed static files from STATIC_ROOT: collect them once per test run."""
    global _static_collected
    if not _static_collected:
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        _static_collected = True


@contextlib.contextmanager
def gunicorn(env, tmp_path, workers=3):
    """Serves the portal with gunicorn (the repository's config) and yields (host, port, log)."""
    collect_static(env)
    port = free_port()
    tmp_path.mkdir(parents=True, exist_ok=True)
    log = tmp_path / f"gunicorn-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "gunicorn.conf.py",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SERVE_MEDIA": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, _ = request("127.0.0.1", port, "/", agent="readiness-check-bot")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield "127.0.0.1", port, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def request(host, port, path, *, method="GET", agent=None, cookies=None, body=None, headers=None):
    """One HTTP request on a new connection; returns (status, headers, body bytes)."""
    connection = http.client.HTTPConnection(host, port, timeout=60)
    all_headers = {"User-Agent": agent or "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    all_headers.update(headers or {})
    try:
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
