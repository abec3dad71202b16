"""Renditions of stored images, made once when the image is saved, never by readers' requests.

Every photo (and every image inserted in a body with the editor) gets its renditions at save:
WebP and JPEG at several widths, 16:9 crops for lists, and 16:9, 4:3 and 1:1 crops for link
previews and search engines. The row keeps a small description of them (`renditions`), so a page
shows them without decoding anything, opening any file or asking any cache: eight readers opening
a new 39-megapixel photo at once cost nothing but the page.

They are made here with Pillow from one decode of the source (the re-encoded upload, still in
memory when it was just uploaded): sorl-thumbnail, used before, decodes the source once per size
and was built to make renditions lazily, on a reader's request, which is what this avoids.
Names are a hash of the source's name and the rendition: the source's name is unguessable
(longkhanh.models.unguessable_path), so theirs are too.
"""

import hashlib
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

# name: (widths, height / width or None to keep the shape, with WebP)
SPECS = {
    "figure": ((480, 800, 1200), None, True),  # captioned photos and images in the text
    "card": ((320, 640), 9 / 16, True),  # article lists
    "share_16x9": ((1200,), 9 / 16, False),  # OpenGraph, JSON-LD
    "share_4x3": ((1200,), 3 / 4, False),
    "share_1x1": ((1200,), 1.0, False),
}
QUALITY = {"JPEG": 82, "WEBP": 80}
FOLDER = "renditions"


def _open(name):
    with default_storage.open(name) as stored:
        image = Image.open(stored)
        image.load()
    return image


def _crop(image, ratio):
    """The largest centred part of `image` with that height / width."""
    width, height = image.size
    if ratio is None:
        return image
    if height / width > ratio:  # too tall: cut top and bottom
        keep = round(width * ratio)
        top = (height - keep) // 2
        return image.crop((0, top, width, top + keep))
    keep = round(height / ratio)
    left = (width - keep) // 2
    return image.crop((left, 0, left + keep, height))


def _save(source_name, spec, image, image_format):
    extension = {"JPEG": "jpg", "WEBP": "webp"}[image_format]
    digest = hashlib.sha256(
        f"{source_name}|{spec}|{image.size}|{image_format}".encode()
    ).hexdigest()
    name = f"{FOLDER}/{digest[:2]}/{digest[2:34]}.{extension}"
    if not default_storage.exists(name):
        out = io.BytesIO()
        options = {"quality": QUALITY[image_format]}
        if image_format == "JPEG":
            options.update(optimize=True, progressive=True)
        image.save(out, format=image_format, **options)
        default_storage.save(name, ContentFile(out.getvalue()))
    return default_storage.url(name)


def _spec(source_name, source, spec, widths, ratio, webp):
    cropped = _crop(source, ratio)
    usable = [w for w in widths if w <= cropped.width] or [cropped.width]
    jpeg, webps = [], []
    for width in usable:
        size = (width, round(width * cropped.height / cropped.width))
        resized = cropped if size == cropped.size else cropped.resize(size, Image.LANCZOS)
        flat = resized.convert("RGB") if resized.mode != "RGB" else resized
        jpeg.append((_save(source_name, spec, flat, "JPEG"), size))
        if webp:
            webps.append((_save(source_name, spec, resized, "WEBP"), size))
    default_url, (width, height) = jpeg[min(1, len(jpeg) - 1)]
    return {
        "src": default_url,
        "width": width,
        "height": height,
        "srcset_jpeg": ", ".join(f"{url} {size[0]}w" for url, size in jpeg),
        "srcset_webp": ", ".join(f"{url} {size[0]}w" for url, size in webps),
    }


def make_all(name, source=None, specs=SPECS):
    """Every rendition in `specs` of the stored image `name`: {spec: {"src", "width", "height",
    "srcset_jpeg", "srcset_webp"}}, or {} when the file cannot be read (a page then shows no
    picture rather than failing). `source`: the image already decoded, if at hand."""
    try:
        source = source if source is not None else _open(name)
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        logger.exception("Could not make renditions of %s", name)
        return {}
    if source.mode not in ("RGB", "RGBA"):
        source = source.convert("RGBA" if "A" in source.getbands() else "RGB")
    return {
        spec: _spec(name, source, spec, widths, ratio, webp)
        for spec, (widths, ratio, webp) in specs.items()
    }


def stored_names(name, renditions):
    """The stored files of an image: its original `name` and every rendition in `renditions`."""
    names = {name}
    for made in renditions.values():
        urls = [made.get("src", "")]
        for srcset in (made.get("srcset_jpeg", ""), made.get("srcset_webp", "")):
            urls += [item.split()[0] for item in srcset.split(", ") if item]
        names |= {url.removeprefix(settings.MEDIA_URL) for url in urls if url}
    return names


def delete_when_unused(name, renditions, in_use):
    """Once the deletion of the row that held the image is committed, deletes the original and
    its renditions, unless `in_use()` says another row still shows the same file. A photo taken
    down is then gone from the disk, not only from the pages."""

    def delete():
        if name and not in_use():
            for stored in stored_names(name, renditions):
                default_storage.delete(stored)

    transaction.on_commit(delete)
