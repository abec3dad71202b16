"""The project's own translations (locale/) are those Django uses; permissions read Vietnamese."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.helpers import english_words, parse_po, visible_texts

LOCALE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


def entries(domain):
    found = [entry for entry in parse_po(LOCALE / f"{domain}.po") if not entry["fuzzy"]]
    assert found, f"no entries in {domain}.po"
    return found


@pytest.mark.parametrize("entry", entries("django"), ids=lambda entry: entry["msgid"][:40])
def test_every_translation_in_django_po_is_the_one_django_uses(entry):
    """Fails when django.mo is older than django.po: run `make messages`."""
    with translation.override("vi"):
        if entry["msgid_plural"]:
            for n in (1, 2):
                got = translation.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert got == entry["msgstr"][0]
        elif entry["msgctxt"]:
            assert translation.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0]
        else:
            assert translation.gettext(entry["msgid"]) == entry["msgstr"][0]


def test_every_translation_in_djangojs_po_reaches_the_admins_javascript(admin_client):
    """The catalog the admin's JavaScript loads; fails when djangojs.mo is stale."""
    script = admin_client.get("/admin/jsi18n/").content.decode()
    start = script.index("const newcatalog = ") + len("const newcatalog = ")
    catalog, _ = json.JSONDecoder().raw_decode(script, start)
    for entry in entries("djangojs"):
        key = entry["msgid"] if not entry["msgctxt"] else f"{entry['msgctxt']}\x04{entry['msgid']}"
        expected = entry["msgstr"] if entry["msgid_plural"] else entry["msgstr"][0]
        assert catalog.get(key) == expected, entry["msgid"]


def test_history_reads_lich_su_not_ban_ghi_nho(admin_client, make_article):
    article = make_article()
    page = admin_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert ">Lịch sử</a>" in page
    assert "Bản ghi nhớ" not in page


def test_a_failed_form_security_check_is_explained_in_vietnamese(db):
    """Django's page for a form sent without its CSRF token (cookies blocked, say)."""
    response = Client(enforce_csrf_checks=True).post(
        "/admin/login/", {"username": "bientap", "password": "x"}
    )
    assert response.status_code == 403
    html = response.content.decode()
    texts = visible_texts(html)
    assert "Biểu mẫu không gửi được" in texts  # templates/403_csrf.html
    assert '<html lang="vi">' in html and "DEBUG" not in html
    assert [word for text in texts for word in english_words(text)] == []


# Permission names: Django stores them in English; a post_migrate receiver renames them.

DEFAULT_NAMES = {
    ("admin", "add_logentry"): "Có thể thêm mục nhật ký",
    ("auth", "change_user"): "Có thể sửa người dùng",
    ("auth", "view_group"): "Có thể xem nhóm",
    ("news", "add_article"): "Có thể thêm bài viết",
    ("news", "delete_category"): "Có thể xóa chuyên mục",
    ("news", "view_reviewqueue"): "Có thể xem bài chờ duyệt",
    ("news", "view_historicalarticle"): "Có thể xem phiên bản bài viết",
    ("axes", "delete_accessattempt"): "Có thể xóa khóa đăng nhập",
}


def names():
    return {
        (p.content_type.app_label, p.codename): p.name
        for p in Permission.objects.select_related("content_type")
    }


def test_default_permissions_read_vietnamese_after_migrate(db):
    current = names()
    for key, name in DEFAULT_NAMES.items():
        assert current[key] == name
    assert [name for name in current.values() if name.startswith("Can ")] == []
    # Permissions a model declares itself keep their names.
    assert current[("news", "publish_article")] == "Có thể xuất bản và gỡ bài viết"


def test_renaming_is_idempotent_and_covers_permissions_made_later(db):
    before = names()
    # As if the article model were new: its permissions are made again, in English, by migrate.
    Permission.objects.filter(
        content_type__app_label="news", content_type__model="article"
    ).delete()
    Permission.objects.filter(codename="view_poll").update(name="Can view cuộc thăm dò")

    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)

    after = names()
    assert after == before
    assert after[("news", "change_article")] == "Có thể sửa bài viết"
    assert after[("polls", "view_poll")] == "Có thể xem cuộc thăm dò"
