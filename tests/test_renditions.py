"""Photos: renditions made once at save (never by readers), no metadata left anywhere, huge
photos scaled down, originals never public, names nobody can guess."""

import io
import threading

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

from news.models import Article, Photo
from tests.conftest import form_fields, image_bytes
from tests.helpers import soup

GPS_EXIF = Image.Exif()
GPS_EXIF[0x010F] = "Camera Maker"  # Make
GPS_EXIF[0x8825] = {1: "N", 2: (10.0, 56.0, 12.0)}  # GPSInfo: somewhere in Đồng Nai


def jpeg_with_everything(size=(1600, 900)):
    """A JPEG with EXIF and GPS, a comment (COM segment) and an XMP packet."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(
        out,
        "JPEG",
        exif=GPS_EXIF,
        comment=b"Anh chup tai nha rieng cua ong A, so dien thoai 0912345678",
        xmp=b"<x:xmpmeta>secret</x:xmpmeta>",
    )
    return out.getvalue()


def png_with_everything(size=(1200, 800)):
    """A PNG with an embedded colour profile (iCCP, any bytes will do) and text chunks."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "dia chi nha rieng")
    info.add_itxt("Author", "Nguyễn Văn A")
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "PNG", pnginfo=info, icc_profile=profile)
    return out.getvalue()


# What Pillow's decoders report of every file, not metadata the file carried.
DECODER_FACTS = {
    "dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression",
    "adobe", "adobe_transform", "loop", "background",
}  # fmt: skip


def stored_files(photo):
    """The stored original and every rendition file of a photo, as bytes."""
    names = [photo.image.name]
    for rendition in photo.renditions.values():
        for srcset in (rendition["srcset_jpeg"], rendition["srcset_webp"]):
            names += [
                item.split()[0].removeprefix("/media/") for item in srcset.split(", ") if item
            ]
    files = {}
    for name in names:
        with default_storage.open(name) as f:
            files[name] = f.read()
    return files


@pytest.mark.parametrize("maker", [jpeg_with_everything, png_with_everything])
def test_no_metadata_survives_in_the_original_or_any_rendition(make_article, maker):
    article = make_article("Bài có ảnh")
    photo = Photo.objects.create(
        article=article,
        image=SimpleUploadedFile("dsc_0042.jpg", maker(), "image/jpeg"),
        alt_text="Ảnh",
    )
    files = stored_files(photo)
    assert len(files) > 10  # the original and its renditions
    for name, data in files.items():
        image = Image.open(io.BytesIO(data))
        leftovers = set(image.info) - DECODER_FACTS
        assert leftovers == set(), (name, leftovers)
        assert not image.getexif(), name
        assert b"0912345678" not in data and b"dia chi" not in data and b"xmpmeta" not in data
        if data[:2] == b"\xff\xd8":  # JPEG: no comment (COM) and no ICC (APP2) segment
            assert b"\xff\xfe" not in data[:2000] and b"ICC_PROFILE" not in data, name


def test_a_huge_photo_is_scaled_down_when_it_is_uploaded(make_article):
    photo = Photo.objects.create(
        article=make_article("Bài"),
        image=SimpleUploadedFile("lon.jpg", image_bytes(size=(6000, 4000)), "image/jpeg"),
        alt_text="Ảnh lớn",
    )
    assert (photo.width, photo.height) == (3200, 2133)
    with default_storage.open(photo.image.name) as f:
        assert Image.open(f).size == (3200, 2133)


def test_uploads_are_filed_by_the_citys_month(make_article):
    """From a trial: a photo uploaded on 1 December at 01:00 in Long Khánh (18:00 UTC the day
    before) was filed under November."""
    import datetime
    from unittest import mock

    from django.utils import timezone

    moment = datetime.datetime(2026, 11, 30, 18, 0, tzinfo=datetime.UTC)  # 01:00 on 1/12 here
    with mock.patch.object(timezone, "now", return_value=moment):
        photo = Photo.objects.create(
            article=make_article("Bài"),
            image=SimpleUploadedFile("anh.jpg", image_bytes(), "image/jpeg"),
            alt_text="Ảnh",
        )
    assert photo.image.name.startswith("photos/2026/12/")


def test_originals_are_not_public_and_no_name_can_be_guessed(client, make_article):
    draft = make_article("Bản nháp", status=Article.Status.DRAFT, published_at=None)
    photo = Photo.objects.create(
        article=draft,
        image=SimpleUploadedFile("dsc_0042.jpg", image_bytes(), "image/jpeg"),
        alt_text="Ảnh",
    )
    # photos/2026/11/<16 random hex>/dsc_0042.jpg
    parts = photo.image.name.split("/")
    assert parts[0] == "photos" and len(parts[3]) == 16 and parts[4] == "dsc_0042.jpg"
    assert client.get(f"/media/{photo.image.name}").status_code == 404
    assert client.get("/media/photos/2026/11/dsc_0042.jpg").status_code == 404
    rendition = photo.renditions["figure"]["src"]
    assert "dsc_0042" not in rendition and rendition.startswith("/media/renditions/")
    staff = User.objects.create_user("bientap", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(f"/media/{photo.image.name}").status_code == 200  # editors may open it


def test_readers_never_make_renditions_and_a_huge_photo_is_decoded_once(
    live_server, make_article, monkeypatch
):
    """Eight readers open a new 39-megapixel photo's article at once: the photo was decoded
    once, when it was saved, and the readers decode nothing. (On SQLite the test database is in
    memory, one connection that the live server's threads share: two of them writing their
    first view's stored rendering at once broke each other's savepoints, a failure of the test's
    server and not the site's. There the readers take turns; on PostgreSQL, each with its own
    connection, they come at once.)"""
    import contextlib
    import urllib.request

    from django.db import connection

    decodes = []
    original_load = Image.Image.load

    def counting_load(image):
        if getattr(image, "tile", None):  # data still to decode: a real decode
            decodes.append(image.size)
        return original_load(image)

    monkeypatch.setattr(Image.Image, "load", counting_load)
    article = make_article("Bài có ảnh rất lớn")
    big = image_bytes(size=(7200, 5400))  # 38.9 megapixels, inside the 40 MP limit
    decodes.clear()
    Photo.objects.create(
        article=article, image=SimpleUploadedFile("lon.jpg", big, "image/jpeg"), alt_text="Ảnh"
    )
    assert decodes.count((7200, 5400)) == 1, decodes  # checked, re-encoded, rendered: one decode
    decodes.clear()

    statuses = []

    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def read():
        with turns, urllib.request.urlopen(live_server.url + article.get_absolute_url()) as page:
            statuses.append((page.status, b"/media/renditions/" in page.read()))

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert statuses == [(200, True)] * 8
    assert decodes == []


def test_the_admin_previews_a_photo_from_its_renditions(admin_client, make_article):
    article = make_article("Bài", photos=1)
    page = soup(admin_client.get(f"/admin/news/article/{article.pk}/change/"))
    preview = page.select_one(".field-preview img")
    assert preview["src"].startswith("/media/renditions/")


def test_a_deleted_photo_or_article_leaves_no_file_behind(
    admin_client, make_article, django_capture_on_commit_callbacks
):
    article = make_article("Bài có hai ảnh", photos=2)
    first, second = article.photos.order_by("position", "pk")
    first_files, second_files = stored_files(first), stored_files(second)
    assert len(first_files) >= 5  # the original and its renditions

    # An editor deletes one photo on the article's form (the inline's delete box).
    form = admin_client.get(f"/admin/news/article/{article.pk}/change/")
    data = form_fields(form, "article_form")
    index = next(i for i in range(2) if data[f"photos-{i}-id"] == str(first.pk))
    data[f"photos-{index}-DELETE"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/news/article/{article.pk}/change/", data)
    assert response.status_code == 302
    assert not any(default_storage.exists(name) for name in first_files)
    assert all(default_storage.exists(name) for name in second_files)

    # Then the article itself, and with it its other photo.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not Article.objects.filter(pk=article.pk).exists()
    assert not any(default_storage.exists(name) for name in second_files)


def test_a_replaced_photo_leaves_no_file_behind_the_second_time_either(
    admin_client, make_article, django_capture_on_commit_callbacks
):
    """An editor picks a new file for a photo on the article's form: the old original and its
    renditions leave the disk (they were still served by URL; found in the new-user trial)."""
    article = make_article("Bài", photos=1)
    for colour in [(200, 30, 30), (30, 200, 30)]:  # replaced once, then again
        photo = article.photos.get()
        old_files = stored_files(photo)
        data = form_fields(admin_client.get(f"/admin/news/article/{article.pk}/change/"),
                           "article_form")  # fmt: skip
        data["photos-0-image"] = SimpleUploadedFile("moi.jpg", image_bytes(colour=colour))
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(f"/admin/news/article/{article.pk}/change/", data)
        assert response.status_code == 302
        photo.refresh_from_db()
        assert not any(default_storage.exists(name) for name in old_files)
        assert all(default_storage.exists(name) for name in stored_files(photo))


def test_a_file_two_photos_share_stays_while_one_still_shows_it(
    make_article, django_capture_on_commit_callbacks
):
    article = make_article("Bài", photos=1)
    photo = article.photos.get()
    twin = Photo.objects.create(
        article=make_article("Bài khác"),
        image=photo.image.name,
        alt_text="Cùng ảnh",
        renditions=photo.renditions,
    )
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    assert all(default_storage.exists(name) for name in stored_files(twin))


def test_an_articles_deletion_lists_its_stored_rendering_in_plain_words(
    admin_client, client, make_article
):
    """From a trial: deleting an article listed its stored rendering as "22 (769aeddc…:179…)"."""
    article = make_article("Bài sắp xóa")
    assert client.get(article.get_absolute_url()).status_code == 200  # rendered and stored
    page = soup(admin_client.get(f"/admin/news/article/{article.pk}/delete/"))
    listed = page.select_one("#content").get_text(" ", strip=True)
    assert "bản hiển thị dựng sẵn của bài (tự dựng lại khi cần)" in listed
    assert article.rendered.version not in listed
