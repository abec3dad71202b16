import datetime
import io
import os

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Category, Photo


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads and renditions to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENT_IMPORT_DIR = tmp_path / "imports"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def generation_file(settings, tmp_path):
    """The content generation (longkhanh/generation.py) in the test's own folder."""
    settings.CACHE_GENERATION_FILE = tmp_path / "cache-generation"
    return settings.CACHE_GENERATION_FILE


@pytest.fixture(autouse=True)
def visits_dir(settings, tmp_path, monkeypatch):
    """The visit counter's "online" marks go to a temporary folder, never to var/."""
    from longkhanh import visits

    settings.VISITS_PRESENCE_DIR = tmp_path / "online"
    settings.REDIS_URL = ""
    monkeypatch.setattr(visits, "_presence", None)
    return settings.VISITS_PRESENCE_DIR


@pytest.fixture(autouse=True)
def clear_cache():
    for alias in ("default", "pages", "template_fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages", "template_fragments"):
        caches[alias].clear()


def image_bytes(size=(640, 360), image_format="JPEG", colour=(40, 90, 160), exif=None):
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(out, format=image_format, **options)
    return out.getvalue()


def image_upload(name="anh.jpg", **kwargs):
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


@pytest.fixture
def make_category(db):
    counter = iter(range(1000))

    def make(name=None, **fields):
        n = next(counter)
        return Category.objects.create(name=name or f"Chuyên mục {n}", position=n, **fields)

    return make


@pytest.fixture
def make_article(db, make_category):
    default_category = {}

    def make(
        title="Bài viết thử nghiệm",
        *,
        category=None,
        days_ago=1,
        status=Article.Status.PUBLISHED,
        photos=0,
        photos_of=None,
        **fields,
    ):
        """`photos` new photos, or with `photos_of` (an article) photos showing that article's
        files and their renditions, made once (a tenth of a second a photo), as several rows
        may show one file."""
        if category is None:
            if "category" not in default_category:
                default_category["category"] = make_category("Tin tức")
            category = default_category["category"]
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=days_ago))
        article = Article.objects.create(title=title, category=category, status=status, **fields)
        for n in range(photos):
            Photo.objects.create(
                article=article,
                image=image_upload(f"anh-{n}.jpg"),
                caption=f"Chú thích ảnh {n}",
                alt_text=f"Mô tả ảnh {n}",
                position=n,
            )
        for n, photo in enumerate(photos_of.photos.all() if photos_of else []):
            Photo.objects.create(
                article=article,
                image=photo.image.name,
                renditions=photo.renditions,
                caption=f"Chú thích ảnh {n}",
                alt_text=f"Mô tả ảnh {n}",
                position=n,
            )
        return article

    return make


def staff(username, group, **names):
    """A staff account in an editorial group ("Phóng viên" or "Ban biên tập")."""
    user = User.objects.create_user(
        username, password="mat-khau-rat-dai-2026", is_staff=True, **names
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db):
    return staff("phongvien", "Phóng viên")


@pytest.fixture
def other_writer(db):
    return staff("phongvien2", "Phóng viên")


@pytest.fixture
def approver(db):
    return staff("bientap", "Ban biên tập")


# Services and tools that a fresh machine may lack. Tests that need them skip there, saying why;
# CI sets LONGKHANH_STRICT_TESTS=1, which turns each such skip into a failure.
STRICT = os.environ.get("LONGKHANH_STRICT_TESTS") == "1"


def skip_or_fail(reason):
    if STRICT:
        pytest.fail(f"{reason} (LONGKHANH_STRICT_TESTS=1: this must run here)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def redis_url():
    """A Redis database for tests (TEST_REDIS_URL, default database 15 on 127.0.0.1). Parallel
    test processes (pytest-xdist's gw0, gw1, ...) each take their own database below it."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    base, _, number = url.rpartition("/")
    if not number.isdigit():
        base, number = url.rstrip("/"), "15"
    url = f"{base}/{int(number) - int(worker.removeprefix('gw'))}"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_or_fail(f"Redis is not reachable at {url}: tests with REDIS_URL skipped")
    return url


def article_form(category, **overrides):
    """The admin's add/change form for an article, with no photos; `overrides` win."""
    data = {
        "title": "Bài viết mới từ trang quản trị",
        "slug": "",
        "category": category.pk,
        "summary": "Tóm tắt",
        "body": "<p>Nội dung</p>",
        "author": "",
        "source": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def form_fields(response, form_id=None):
    """What a browser would send for the form on `response`'s page, as it stands: inputs,
    checked boxes, selected options, textareas (files and submit buttons left out). Tests
    change what a user would change and post the rest back, as the admin's own page does."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(response.content.decode(), "html.parser")
    if form_id:
        form = page.find("form", id=form_id)
    else:  # the page's main form: the one with the most fields (not the header's log-out)
        form = max(page.find_all("form"), key=lambda f: len(f.find_all(["input", "select"])))
    data = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            add(name, field.text)
        elif field.name == "select":
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")] or options[:1]
            for option in chosen if field.has_attr("multiple") else chosen[:1]:
                if option.has_attr("selected") or not field.has_attr("multiple"):
                    add(name, option.get("value", option.text))
        else:
            kind = field.get("type", "text")
            if kind in {"file", "submit", "button", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and not field.has_attr("checked"):
                continue
            add(name, field.get("value", "on" if kind in {"checkbox", "radio"} else ""))
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}
