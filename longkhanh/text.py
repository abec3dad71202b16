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


def search_form(text):
    """The form text is stored and searched in: folded, lower case, single spaces."""
    return " ".join(fold(text).lower().split())


def clean_query(text, max_length=200):
    """A user's query made safe to search for: NFC, no control or format characters (NUL,
    right-to-left marks…), single spaces, at most `max_length` characters."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch.isspace())
    return " ".join(text.split())[:max_length].strip()


def query_words(query, max_words=10):
    """The distinct words to look for, in search form."""
    return list(dict.fromkeys(search_form(query).split()))[:max_words]


def highlight_spans(text, words):
    """(start, end) spans of `text` whose folded form matches one of `words`, merged."""
    folded, origin = [], []
    for index, ch in enumerate(text):
        for out in search_form(ch) if not ch.isspace() else " ":
            folded.append(out)
            origin.append(index)
    folded = "".join(folded)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1 and word:
            end = start + len(word)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(word, end)
    merged = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
