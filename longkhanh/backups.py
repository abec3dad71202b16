"""Backing up and restoring the database and the uploaded media, on SQLite and PostgreSQL.

A backup is a folder holding:
- `db.sqlite3` (SQLite's online backup API: consistent while the site runs) or `db.dump`
  (PostgreSQL's `pg_dump --format=custom`);
- `media.tar.gz`: every file under DJANGO_MEDIA_ROOT, renditions included (they are made once,
  when a photo is saved: a server restored from scratch has no other way to get them back);
- `manifest.json`: when, which database, and how many rows each table had.

Restoring replaces the database's contents and the media folder with the backup's. Used by
`manage.py backup` and `manage.py restore` (and `make backup`, `make restore`).
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

# sorl-thumbnail's cache of renditions, which older releases made on readers' requests.
SKIPPED_MEDIA = {"cache"}


def _postgres_env():
    """Environment and connection arguments for pg_dump/pg_restore/psql; only what is set, so
    that a local socket with peer authentication works too."""
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = []
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args, db["NAME"]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def backup(folder):
    """Writes a backup into `folder` (created); returns the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=False)
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "db.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    elif vendor == "postgresql":
        env, args, name = _postgres_env()
        subprocess.run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(folder / "db.dump"),
                name,
            ],
            env=env,
            check=True,
        )
    else:
        raise ValueError(f"không hỗ trợ sao lưu cơ sở dữ liệu {vendor}")

    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "w:gz") as archive:
        if media.exists():
            for entry in sorted(media.iterdir()):
                if entry.name not in SKIPPED_MEDIA:
                    archive.add(entry, arcname=entry.name)
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": vendor,
        "rows": row_counts(),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def _check(folder, vendor):
    """Reads the whole backup before anything is replaced; raises ValueError if it is unusable."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise ValueError(f"{folder} không phải là một bản sao lưu (thiếu manifest.json)")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("database") != vendor:
        raise ValueError(
            f"bản sao lưu là của {manifest.get('database')}, cơ sở dữ liệu hiện tại là {vendor}"
        )
    if vendor == "sqlite":
        path = folder / "db.sqlite3"
        if not path.exists():
            raise ValueError("thiếu db.sqlite3 trong bản sao lưu")
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise ValueError("db.sqlite3 trong bản sao lưu bị hỏng")
            if not source.execute("SELECT count(*) FROM django_migrations").fetchone()[0]:
                raise ValueError("db.sqlite3 trong bản sao lưu trống")
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"db.sqlite3 trong bản sao lưu không đọc được: {exc}") from exc
        finally:
            source.close()
    else:
        env, _, _ = _postgres_env()
        listed = subprocess.run(
            ["pg_restore", "--list", str(folder / "db.dump")],
            env=env,
            capture_output=True,
            text=True,
        )
        if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
            raise ValueError(f"db.dump trong bản sao lưu không đọc được: {listed.stderr.strip()}")
    try:
        with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
            for member in archive.getmembers():
                tarfile.data_filter(
                    member, "/restore-check"
                )  # refuses .., absolute paths, links out
    except (OSError, tarfile.TarError) as exc:
        raise ValueError(f"media.tar.gz trong bản sao lưu không dùng được: {exc}") from exc
    return manifest


def restore(folder):
    """Replaces the database and the media with the backup in `folder`; returns its manifest.

    The whole backup is read and checked first, and the media are unpacked beside the live
    folder and swapped in at the end, so that a bad backup changes nothing.
    """
    folder = Path(folder)
    vendor = connection.vendor
    manifest = _check(folder, vendor)

    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    incoming = media.parent / f".{media.name}.restoring"
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir()
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        archive.extractall(incoming, filter="data")

    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{folder / 'db.sqlite3'}?mode=ro", uri=True)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    else:
        env, args, name = _postgres_env()
        connection.close()
        # pg_restore --clean drops only what the dump holds: start from an empty schema, so that
        # tables made by later migrations do not outlive the django_migrations they belong to.
        subprocess.run(
            [
                "psql",
                *args,
                "--dbname",
                name,
                "--quiet",
                "--set",
                "ON_ERROR_STOP=1",
                "--command",
                "DROP SCHEMA public CASCADE; CREATE SCHEMA public;",
            ],  # fmt: skip
            env=env,
            check=True,
        )
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                name,
                str(folder / "db.dump"),
            ],  # fmt: skip
            env=env,
            check=True,
        )

    old = media.parent / f".{media.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    incoming.rename(media)
    shutil.rmtree(old, ignore_errors=True)
    return manifest
