"""The settings read the environment contract and fail safe."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env):
    """Imports config.settings in a new interpreter with just `env` set; returns the result."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.pop("REDIS_URL", None)
    code = (
        "import json; from config import settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'engine': s.DATABASES['default']['ENGINE'],"
        "'name': str(s.DATABASES['default']['NAME']), 'cache': s.CACHES['default']['BACKEND'],"
        "'media': str(s.MEDIA_ROOT), 'ssl': getattr(s, 'SECURE_SSL_REDIRECT', False),"
        "'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE,"
        "'use_tz': s.USE_TZ}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_defaults_are_safe_and_vietnamese():

    result = load_settings(DJANGO_SECRET_KEY="k")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is False
    assert values["hosts"] == ["localhost", "127.0.0.1"]
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("var/db.sqlite3")
    assert values["cache"].endswith("LocMemCache")
    assert values["media"].endswith("var/media")
    assert values["ssl"] is False
    assert (values["lang"], values["tz"], values["use_tz"]) == ("vi", "Asia/Ho_Chi_Minh", True)


def test_environment_overrides():

    result = load_settings(
        DJANGO_SECRET_KEY="k",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="longkhanh.dongnai.gov.vn, www.longkhanh.dongnai.gov.vn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/longkhanh",
        REDIS_URL="redis://127.0.0.1:6379/1",
        DJANGO_MEDIA_ROOT="/srv/media",
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["hosts"] == ["longkhanh.dongnai.gov.vn", "www.longkhanh.dongnai.gov.vn"]
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "longkhanh"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["media"] == "/srv/media"
    assert values["ssl"] is True and values["hsts"] >= 31_536_000


@pytest.mark.parametrize("flag", ["0", "false", "no", ""])
def test_debug_is_off_unless_asked_for(flag):

    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_DEBUG=flag)
    assert json.loads(result.stdout)["debug"] is False


def test_media_can_live_in_an_s3_compatible_store():
    code = (
        "import json; from config import settings as s; "
        "from django.utils.module_loading import import_string; "
        "o = s.STORAGES['default']; import_string(o['BACKEND']); "
        "print(json.dumps({'backend': o['BACKEND'], 'options': o['OPTIONS'], "
        "'serve': s.SERVE_MEDIA}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SECRET_KEY": "k",
            "DJANGO_S3_BUCKET": "longkhanh-media",
            "DJANGO_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "DJANGO_S3_CUSTOM_DOMAIN": "media.longkhanh.example",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["backend"] == "storages.backends.s3.S3Storage"
    assert values["options"]["bucket_name"] == "longkhanh-media"
    assert values["options"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert values["options"]["querystring_auth"] is False
    assert values["serve"] is False


def site_url(**env):
    result = load_settings(DJANGO_SECRET_KEY="k", **env)
    assert result.returncode == 0, result.stderr
    code = "from config import settings as s; print(s.SITE_URL)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SECRET_KEY": "k", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return output.stdout.strip()


def test_the_site_address_is_configured_or_the_first_allowed_host():
    assert site_url() == "http://localhost"
    hosts = "longkhanh.dongnai.gov.vn,www.longkhanh.dongnai.gov.vn"
    assert site_url(DJANGO_ALLOWED_HOSTS=hosts) == "http://longkhanh.dongnai.gov.vn"
    assert site_url(DJANGO_ALLOWED_HOSTS=hosts, DJANGO_HTTPS="1") == (
        "https://longkhanh.dongnai.gov.vn"
    )
    assert site_url(DJANGO_ALLOWED_HOSTS=".longkhanh.vn") == "http://longkhanh.vn"
    given = "https://longkhanh.dongnai.gov.vn/"
    assert site_url(DJANGO_ALLOWED_HOSTS=hosts, DJANGO_SITE_URL=given) == given.rstrip("/")
    assert site_url(DJANGO_SITE_URL="http://127.0.0.1:8000") == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "value", ["longkhanh.dongnai.gov.vn", "ftp://longkhanh.vn", "https://", "https://x.vn/cong"]
)
def test_a_malformed_site_address_stops_the_server(value):
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_SITE_URL=value)
    assert result.returncode != 0
    assert "DJANGO_SITE_URL" in result.stderr


@pytest.mark.parametrize("value", ["0", "-3", "nhieu"])
def test_a_wrong_login_limit_per_address_stops_the_server(value):
    result = load_settings(DJANGO_SECRET_KEY="k", DJANGO_LOGIN_FAILURES_PER_ADDRESS=value)
    assert result.returncode != 0
    assert "DJANGO_LOGIN_FAILURES_PER_ADDRESS" in result.stderr
