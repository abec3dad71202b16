import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent


def test_ensure_superuser_creates_once_and_keeps_an_existing_user(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-rat-dai-2024")
    call_command("ensure_superuser", stdout=None)
    user = User.objects.get(username="quantri")
    assert user.is_superuser and user.check_password("mat-khau-rat-dai-2024")

    assert (user.last_name, user.first_name) == ("", "")  # no DJANGO_SUPERUSER_NAME

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-khac")
    call_command("ensure_superuser", stdout=None)
    user.refresh_from_db()
    assert user.check_password("mat-khau-rat-dai-2024")
    assert User.objects.count() == 1


def test_the_superusers_name_is_their_byline(db, monkeypatch, client, make_category):
    """DJANGO_SUPERUSER_NAME, family name first: the superuser `make run` makes signs the
    articles they write."""
    from longkhanh.accounts import full_name
    from news.models import Article
    from tests.conftest import form_fields

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "mat-khau-rat-dai-2024")
    monkeypatch.setenv("DJANGO_SUPERUSER_NAME", " Nguyễn  Văn An ")
    call_command("ensure_superuser", stdout=None)
    user = User.objects.get(username="quantri")
    assert (user.last_name, user.first_name) == ("Nguyễn Văn", "An")
    assert full_name(user) == "Nguyễn Văn An"

    section = make_category("Tin tức")
    client.force_login(user)
    add = client.get("/admin/news/article/add/")
    data = {**form_fields(add), "title": "Bài của quản trị", "category": str(section.pk),
            "body": "<p>Nội dung.</p>", "status": "draft"}  # fmt: skip
    assert client.post("/admin/news/article/add/", data).status_code == 302
    assert Article.objects.get().author == "Nguyễn Văn An"


def test_ensure_superuser_does_nothing_without_the_variables(db, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    call_command("ensure_superuser", stdout=None)
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["admin", "12345678901", "password123", "quantri-2026"])
def test_ensure_superuser_refuses_a_weak_password(db, monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "quantri")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError) as refused:
        call_command("ensure_superuser", stdout=io.StringIO())
    message = str(refused.value)
    assert "DJANGO_SUPERUSER_PASSWORD" in message and "quá yếu" in message
    assert not User.objects.exists()


def test_a_weak_superuser_password_stops_the_command_with_a_message(tmp_path):
    """What `make run` runs: the command exits non-zero with the reason, so `&&` stops there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SECRET_KEY="commands-test-key-not-a-secret",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SUPERUSER_USERNAME="admin",
        DJANGO_SUPERUSER_PASSWORD="admin",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "ensure_superuser"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0
    assert "DJANGO_SUPERUSER_PASSWORD quá yếu" in result.stderr
    assert "Traceback" not in result.stderr
