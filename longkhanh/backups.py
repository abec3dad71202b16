"""Backing up and restoring the database and the uploaded media, on SQLite and PostgreSQL.

A backup is a folder holding:
- `db.sqlite3` (SQLite's online backup API: consistent while the site runs) or `db.dump`
  (PostgreSQL's `pg_dump --format=custom`);
- `media.tar.gz`: every file under DJANGO_MEDIA_ROOT (renditions excluded: they are made again);
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

SKIPPED_MEDIA = {"renditions", "cache"}


def _postgres_env():
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
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


def restore(folder):
    """Replaces the database and the media with the backup in `folder`; returns its manifest."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    vendor = connection.vendor
    if manifest["database"] != vendor:
        raise ValueError(
            f"bản sao lưu là của {manifest['database']}, cơ sở dữ liệu hiện tại là {vendor}"
        )
    if vendor == "sqlite":
        source = sqlite3.connect(folder / "db.sqlite3")
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
    else:
        env, args, name = _postgres_env()
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                name,
                str(folder / "db.dump"),
            ],  # fmt: skip
            env=env,
            check=True,
        )

    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for entry in media.iterdir():
            if entry.name in SKIPPED_MEDIA:
                continue  # renditions of files that exist again stay right; others are unused
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        archive.extractall(media, filter="data")  # refuses absolute paths and ..
    return manifest
