"""Checking and re-encoding uploaded images (article photos and CKEditor 5 uploads).

Only what Pillow opens as JPEG, PNG or WebP is taken, within the size and pixel limits in settings,
so decompression bombs never get decoded. The image is then re-encoded with its EXIF orientation
applied, converted to sRGB if it carried a colour profile, scaled down to UPLOAD_MAX_EDGE pixels
on its long side, and written with no metadata at all: no EXIF (GPS included), no comment, no
colour profile, no XMP, no text chunks.

An upload is decoded once: the check keeps the decoded image on the upload object, re-encoding
uses it, and the renditions are made from the re-encoded image in memory
(longkhanh/renditions.py).
"""

import io
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from longkhanh.text import slugify_vi

ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _open_checked(upload):
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            "Ảnh quá lớn (%(size)s). Dung lượng tối đa là %(max)s.",
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        image = Image.open(upload)
        image_format = image.format
        width, height = image.size
    except Image.DecompressionBombError as exc:
        raise ValidationError(
            "Ảnh có kích thước quá lớn. Tối đa %(max)s triệu điểm ảnh.",
            code="too_many_pixels",
            params={"max": settings.UPLOAD_MAX_PIXELS // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationError(
            "Tệp này không phải là ảnh hợp lệ. Hãy chọn ảnh JPEG, PNG hoặc WebP.",
            code="invalid_image",
        ) from exc
    if image_format == "MPO":  # phone cameras' JPEG with extra frames (depth, gain map)
        image_format = "JPEG"
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "Chỉ nhận ảnh JPEG, PNG hoặc WebP.",
            code="invalid_format",
        )
    if width * height > settings.UPLOAD_MAX_PIXELS:
        raise ValidationError(
            "Ảnh có kích thước quá lớn (%(width)s × %(height)s điểm ảnh). "
            "Tối đa %(max)s triệu điểm ảnh.",
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "max": settings.UPLOAD_MAX_PIXELS // 1_000_000,
            },
        )
    return image, image_format


def validate_image_upload(upload):
    """Form and model field validator: raises ValidationError with a Vietnamese message.

    Only new uploads are checked: a file already in storage was checked when it came in, and
    re-saving an article must not reopen (or fail on) every photo it already has. An upload
    checked once (the form, then the model) is not decoded again.
    """
    if getattr(upload, "_committed", False):
        return
    if isinstance(upload, FieldFile):  # the model's validation: the form's upload inside
        upload = upload.file
    if getattr(upload, "decoded", None) is not None:
        return
    image, image_format = _open_checked(upload)
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            "Không đọc được ảnh này (tệp bị hỏng?). Hãy chọn ảnh khác.", code="invalid_image"
        ) from exc
    finally:
        upload.seek(0)
    upload.decoded = (image, image_format)


def to_srgb(image):
    """The image's pixels in sRGB, if it carried a colour profile; the profile itself goes."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            ImageCms.createProfile("sRGB"),
            outputMode=image.mode,
        )
    except (ImageCms.PyCMSError, OSError, ValueError):  # a broken profile: the pixels as they are
        return image


def reencode(upload):
    """A new upload holding the image re-encoded without any metadata: orientation applied,
    sRGB, at most UPLOAD_MAX_EDGE pixels on its long side. `.decoded` holds it in memory."""
    validate_image_upload(upload)
    image, image_format = upload.decoded
    try:
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError) as exc:
        raise ValidationError(
            "Không đọc được ảnh này (tệp bị hỏng?). Hãy chọn ảnh khác.", code="invalid_image"
        ) from exc
    image = to_srgb(image)
    if max(image.size) > settings.UPLOAD_MAX_EDGE:
        image = image.copy()
        image.thumbnail((settings.UPLOAD_MAX_EDGE, settings.UPLOAD_MAX_EDGE), Image.LANCZOS)
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Nothing of what came with the file is written back: Pillow would copy a comment, a
    # profile, EXIF or XMP from `info`. A palette's transparency is part of the picture.
    image.info = {k: v for k, v in image.info.items() if k == "transparency"}
    out = io.BytesIO()
    options = {"quality": 88, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
    image.save(out, format=image_format, **options)
    stem = slugify_vi(PurePath(upload.name or "").stem, max_length=80) or "anh"
    name = f"{stem}.{ACCEPTED_FORMATS[image_format]}"
    result = SimpleUploadedFile(name, out.getvalue(), content_type=Image.MIME[image_format])
    result.decoded = (image, image_format)
    return result


class CheckedImageField(forms.ImageField):
    """The admin's image field: our checks (size first, then pixels, then format) run before
    Django's own, so that a 30 MB file or a decompression bomb is told why it was refused."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "size"):
            validate_image_upload(data)
        return super().to_python(data)
