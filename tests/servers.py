"""Running the portal as in production, for tests: a fresh database and gunicorn workers
(started by tools/servers.py, which the benchmark and the load test use too).

The database follows the suite's: a new PostgreSQL database when the suite runs on PostgreSQL,
else a new SQLite file. Used by the tests that need several processes at once.
"""

import atexit
import contextlib
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings

from tools import servers
from tools.servers import ROOT, free_port, request  # noqa: F401 (the tests' imports)


def _postgres():
    """The suite's PostgreSQL server: (connection parameters, a connection to its `postgres`
    database in autocommit), or None on SQLite."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    import psycopg2

    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    return params, admin


def _postgres_url(params, name):
    password = f":{params['password']}" if params["password"] else ""
    return f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"


def _copy_sqlite(source, target):
    """SQLite's own copy: whole and consistent, whatever its write-ahead log holds."""
    with contextlib.closing(sqlite3.connect(source)) as origin:
        with contextlib.closing(sqlite3.connect(target)) as copy:
            origin.backup(copy)


def _create_postgres(admin, name, template=None):
    import psycopg2

    copied = f' TEMPLATE "{template}"' if template else ""
    with admin.cursor() as cursor:
        for attempt in range(50):
            try:
                cursor.execute(f'CREATE DATABASE "{name}"{copied}')
                return
            except psycopg2.errors.ObjectInUse:  # the template's last user still leaving
                if attempt == 49:
                    raise
                time.sleep(0.1)


@contextlib.contextmanager
def fresh_database(tmp_path, template=None):
    """Yields the DATABASE_URL of a new database, empty or a copy of `template` (a database
    `_template` made); drops it afterwards (PostgreSQL)."""
    server = _postgres()
    if server is None:
        path = tmp_path / "server.sqlite3"
        if template is not None:
            _copy_sqlite(template, path)
        yield f"sqlite:///{path}"
        return
    params, admin = server
    name = f"longkhanh_server_{uuid.uuid4().hex[:12]}"
    _create_postgres(admin, name, template)
    admin.close()
    try:
        yield _postgres_url(params, name)
    finally:
        _drop(name)


# Databases migrated (and seeded) once per test process, which each server test copies:
# {seeded: (template database, its media folder)}.
_templates = {}


def _template(seeded):
    if seeded in _templates:
        return _templates[seeded]
    folder = Path(tempfile.mkdtemp(prefix="longkhanh-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    base = _template(False)[0] if seeded else None  # the seeded one starts as a migrated copy
    server = _postgres()
    if server is None:
        template = folder / "server.sqlite3"
        url = f"sqlite:///{template}"
        if base is not None:
            _copy_sqlite(base, template)
    else:
        params, admin = server
        template = f"longkhanh_template_{uuid.uuid4().hex[:12]}"
        _create_postgres(admin, template, base)
        admin.close()
        atexit.register(_drop, template)
        url = _postgres_url(params, template)
    env = server_env(url, folder)
    if seeded:
        manage(env, "seed_demo")
    else:
        manage(env, "migrate", "--noinput")
    _templates[seeded] = template, folder / "media"
    return _templates[seeded]


def _drop(name):
    params, admin = _postgres()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@contextlib.contextmanager
def portal_env(tmp_path, *, seeded=True, **extra):
    """Yields the environment (server_env, with `extra`) of a portal on a new database,
    migrated, and with the demo content (`seed_demo`) and its files in tmp_path/media when
    `seeded`: a copy of one made once per test process, since a migration and the demo take
    some twenty seconds each time. What the demo stores depends on no setting, so one copy
    serves every `extra`. A new portal's Redis (REDIS_URL in `extra`) starts empty, as the
    cache and counters of a new install do."""
    template, media = _template(seeded)
    if extra.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(extra["REDIS_URL"]).flushdb()
    with fresh_database(tmp_path, template=template) as database_url:
        env = server_env(database_url, tmp_path, **extra)
        if media.exists():
            shutil.copytree(media, env["DJANGO_MEDIA_ROOT"])
        yield env


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
        DJANGO_CACHE_GENERATION_FILE=str(tmp_path / "cache-generation"),
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


_static_collected = False
STATIC_LOCK = ROOT / "var" / "collectstatic.lock"
# The test run that collected last (pytest-xdist gives its processes one id per run).
STATIC_RUN = ROOT / "var" / "collectstatic.run"


@contextlib.contextmanager
def static_lock(mode):
    """The lock on STATIC_ROOT that parallel test processes (pytest-xdist) share: exclusive
    while one collects, shared while servers boot (WhiteNoise lists STATIC_ROOT when a worker
    starts; a file collectstatic replaced at that moment made the worker fail to boot)."""
    STATIC_LOCK.parent.mkdir(exist_ok=True)
    with STATIC_LOCK.open("a") as held:
        fcntl.flock(held, mode)
        try:
            yield
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)


def collect_static(env):
    """Production serves hashed static files from STATIC_ROOT: collect them once per test run,
    by the first process that serves, never while another process's servers are booting, so that
    none serves or reads a half-written manifest. Once per run, not once per process: a server's
    lock is let go when its first worker answers, while its other workers may still be listing
    STATIC_ROOT, and a second process's collection (which deletes and writes each hashed file
    again) then made one fail to boot ("No such file or directory: …/bundle.….js") and gunicorn
    stop (CI, 2026-12-01)."""
    global _static_collected
    if _static_collected:
        return
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")
    with static_lock(fcntl.LOCK_EX):
        done = run and STATIC_RUN.exists() and STATIC_RUN.read_text() == run
        if not done:
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            STATIC_RUN.write_text(run)
    _static_collected = True


@contextlib.contextmanager
def gunicorn(env, tmp_path, workers=3):
    """Serves the portal (the repository's gunicorn config) and yields (host, port, log)."""
    collect_static(env)
    tmp_path.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = tmp_path / f"gunicorn-{port}.log"
    served = servers.gunicorn(
        {**env, "DJANGO_SERVE_MEDIA": "1"}, port=port, workers=workers, log=log
    )
    with contextlib.ExitStack() as stack:
        with static_lock(fcntl.LOCK_SH):  # booted (its workers up) before anyone collects again
            stack.enter_context(served)
        yield "127.0.0.1", port, log
