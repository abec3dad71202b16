"""Vietnamese text helpers: ASCII slugs and diacritic-free folding.

Django's slugify drops "đ" (it is a letter of its own, not d plus a mark), and the admin's
prepopulated_fields JavaScript turns it into "dj", so slugs are made here, on the server.
"""

import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text):
    """Return `text` without Vietnamese diacritics: NFC first, đ → d, combining marks removed."""
    text = unicodedata.normalize("NFC", text or "").translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify_vi(text, max_length=200):
    """An ASCII slug for a Vietnamese title, cut at a word boundary to fit `max_length`."""
    slug = slugify(fold(text))
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def unique_slug(model, text, instance_pk=None, max_length=200, field="slug"):
    """`slugify_vi(text)`, with -2, -3... appended when another row of `model` has it."""
    base = slugify_vi(text, max_length) or "bai-viet"
    others = (
        model._default_manager.exclude(pk=instance_pk) if instance_pk else model._default_manager
    )
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug
