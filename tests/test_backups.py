"""make backup / make restore: a round trip on the suite's database (SQLite or PostgreSQL)."""

import hashlib
import json
import shutil
from pathlib import Path

from tests.servers import manage, portal_env

SNAPSHOT = """
import json
from django.core import serializers
from longkhanh.models import SiteSettings
from news.models import Article, Category, Photo
from polls.models import Vote
out = {}
for model in [Article, Photo, Category, Vote, SiteSettings]:
    out[model.__name__] = json.loads(serializers.serialize("json", model.objects.order_by("pk")))
print(json.dumps(out))
"""
DAMAGE = (
    "from news.models import Article; from longkhanh.models import SiteSettings; "
    "from polls.models import Poll, Vote; "
    "p = Poll.objects.get(); Vote.objects.create(poll=p, choice=p.choices.first(), voter_key='z'); "
    "Article.objects.filter(pk__in=list(Article.objects.values_list('pk', flat=True)[:5]))"
    ".delete(); SiteSettings.objects.update(slogan='BỊ SỬA NHẦM')"
)
VOTE = """
from polls.models import Poll, Vote
poll = Poll.objects.get()
for choice in poll.choices.all():
    Vote.objects.create(poll=poll, choice=choice, voter_key=f"k{choice.pk}")
"""


def media_files(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_backup_and_restore_round_trip(tmp_path):
    with portal_env(tmp_path) as env:
        manage(env, "shell", "-v", "0", "-c", VOTE)
        before = json.loads(manage(env, "shell", "-v", "0", "-c", SNAPSHOT))
        media_before = media_files(env["DJANGO_MEDIA_ROOT"])
        assert len(before["Article"]) == 21 and len(before["Vote"]) == 4
        assert len(media_before) >= 22

        folder = tmp_path / "backup"
        out = manage(env, "backup", "--output", str(folder))
        assert "Đã sao lưu" in out
        manifest = json.loads((folder / "manifest.json").read_text())
        assert manifest["rows"]["news.Article"] == 21

        manage(env, "shell", "-v", "0", "-c", DAMAGE)
        photo = next(Path(env["DJANGO_MEDIA_ROOT"], "photos").rglob("*.jpg"))
        photo.unlink()
        # As on a new server: the renditions, made only when photos are saved, are gone too.
        shutil.rmtree(Path(env["DJANGO_MEDIA_ROOT"], "renditions"))
        Path(env["DJANGO_MEDIA_ROOT"], "la.txt").write_text("tệp lạ")
        assert json.loads(manage(env, "shell", "-v", "0", "-c", SNAPSHOT)) != before

        manage(env, "restore", str(folder), "--yes")
        assert json.loads(manage(env, "shell", "-v", "0", "-c", SNAPSHOT)) == before
        assert media_files(env["DJANGO_MEDIA_ROOT"]) == media_before


def test_restore_refuses_a_missing_backup(tmp_path):
    with portal_env(tmp_path, seeded=False) as env:
        try:
            manage(env, "restore", str(tmp_path / "khong-co"), "--yes")
        except AssertionError as error:
            assert "Không khôi phục được" in str(error)
        else:
            raise AssertionError("restore of a missing folder succeeded")


def test_a_bad_backup_changes_nothing(tmp_path):
    with portal_env(tmp_path) as env:
        before = json.loads(manage(env, "shell", "-v", "0", "-c", SNAPSHOT))
        media_before = media_files(env["DJANGO_MEDIA_ROOT"])
        folder = tmp_path / "backup"
        manage(env, "backup", "--output", str(folder))

        for broken in ["db", "media"]:
            damaged = tmp_path / f"hong-{broken}"
            import shutil

            shutil.copytree(folder, damaged)
            if broken == "db":
                for name in ["db.sqlite3", "db.dump"]:
                    if (damaged / name).exists():
                        (damaged / name).write_bytes(b"not a database")
            else:
                (damaged / "media.tar.gz").write_bytes(b"not a tarball")
            try:
                manage(env, "restore", str(damaged), "--yes")
            except AssertionError as error:
                assert "Không khôi phục được" in str(error)
            else:
                raise AssertionError(f"a backup with a broken {broken} was restored")
            assert json.loads(manage(env, "shell", "-v", "0", "-c", SNAPSHOT)) == before
            assert media_files(env["DJANGO_MEDIA_ROOT"]) == media_before
