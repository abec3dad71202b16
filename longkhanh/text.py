"""Vietnamese text helpers: ASCII slugs and diacritic-free folding.

Django's slugify drops "đ" (it is a letter of its own, not d plus a mark), and the admin's
prepopulated_fields JavaScript turns it into "dj", so slugs are made here, on the server.
"""

import functools
import re
import unicodedata

from django.db import models
from django.utils.text import slugify

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def fold(text):
    """Return `text` without Vietnamese diacritics: NFC first, đ → d, combining marks removed.
    (`str.replace`, not `str.translate` with a table: many times faster on long text.)"""
    text = unicodedata.normalize("NFC", text or "").replace("đ", "d").replace("Đ", "D")
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


_TOKEN = re.compile(r"[^\W_]+")


def terms(text):
    """The whole words (Vietnamese syllables) of `text` in search form: runs of letters and
    digits, folded and lower case; punctuation separates them ("covid-19" → covid, 19)."""
    return _TOKEN.findall(search_form(text))


def index_form(text):
    """What the search index stores: `terms(text)` joined by single spaces, so that SQLite's
    and PostgreSQL's own tokenizers find exactly the words Python found."""
    return " ".join(terms(text))


def query_words(query, max_words=10):
    """The distinct words to look for, in search form."""
    return list(dict.fromkeys(terms(query)))[:max_words]


# A word of the original text: letters and digits, with any combining marks (decomposed input).
_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")


def typed_terms(text):
    """`terms(text)` as typed: each word lower case with its diacritics ("Hồ Sơ" → hồ, sơ), for
    marking the words a resident typed (see marked_words). A word whose diacritics cannot be
    kept apart from its neighbours (a stray combining mark) is left folded."""
    words = terms(text)
    typed = [match.group() for match in _WORD.finditer(unicodedata.normalize("NFC", text).lower())]
    typed = [unicodedata.normalize("NFC", word) for word in typed]
    if len(typed) != len(words) or any(terms(t) != [w] for t, w in zip(typed, words, strict=True)):
        return words
    return typed


@functools.lru_cache(maxsize=8192)
def _forms(word):
    """A word of a text as (typed form, folded form): ("hồ", "ho"); the folded form is "" for a
    word that has none (a lone combining mark)."""
    folded = terms(word)
    return unicodedata.normalize("NFC", word).lower(), (folded[0] if folded else "")


def folded_word(word):
    """A word to look for (folded, or as typed: typed_terms) in search form: "hồ" → "ho"."""
    return _forms(word)[1]


def _has_word(text, word):
    """Whether NFC `text` has `word` (lower case, NFC) as a whole word, in any case."""
    return re.search(_WHOLE % re.escape(word), text, re.IGNORECASE) is not None


_WHOLE = r"(?<![^\W_])(?<![\u0300-\u036f])%s(?![^\W_])(?![\u0300-\u036f])"


def marked_words(text, words):
    """The test of which words of `text` show that it matched `words` (search words, each
    folded or as typed): callable(typed form, folded form) -> bool. A word typed without
    diacritics marks every word that folds to it ("ho" marks "hồ", "Họ", "hộ"). A word typed with
    them marks only itself ("hồ" marks "Hồ", not "hộ"), unless `text` does not have it as
    typed: then what it was found by, the words that fold to it (a card found by "hồ sơ" that
    only has "hộ" shows why). Whole words only, never "ho" inside "không"."""
    text = text or ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    exact = {word for word in words if word != folded_word(word) and _has_word(text, word)}
    folded = {folded_word(word) for word in words if word not in exact}
    folded.discard("")
    return lambda typed, plain: typed in exact or plain in folded


def highlight_spans(text, words):
    """(start, end) spans of `text` whose whole words match one of `words` (marked_words),
    adjacent ones merged."""
    if not words:
        return []
    marked = marked_words(text, words)
    spans = [match.span() for match in _WORD.finditer(text) if marked(*_forms(match.group()))]
    merged = []
    for start, end in spans:
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def words_lacking(words, text):
    """The search `words` (folded or as typed) that `text` does not have as whole words, folded:
    what a result card's title and summary do not show of why it was found."""
    present = set(terms(text))
    return [word for word in words if folded_word(word) not in present]


def excerpt(text, words, width=220):
    """The part of `text` around its first whole word matching one of `words` (as
    highlight_spans marks them), about `width` characters cut between words, "…" where it was
    cut, whitespace collapsed; "" when no word matches. What a result found only in a long
    text (a document's attached file) shows of why it was found."""
    text = text or ""
    if not words:
        return ""
    marked = marked_words(text, words)
    found = next((m for m in _WORD.finditer(text) if marked(*_forms(m.group()))), None)
    if found is None:
        return ""
    start = max(0, found.start() - width // 3)
    end = min(len(text), start + width)
    if start > 0:  # from the word after the cut (the matched word is never cut)
        space = text.find(" ", start, found.start())
        start = space + 1 if space >= 0 else found.start()
    if end < len(text):
        space = text.rfind(" ", found.end(), end)
        end = space if space >= 0 else found.end()
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def composed(sender, instance, raw=False, **kwargs):
    """A `pre_save` receiver for every model: each text field in NFC. Unikey's "Unicode tổ hợp"
    types a letter and its marks apart (NFD), so the same words would be stored as two texts: a
    title retyped the usual way would show as changed ("X → X"), and compare unequal."""
    if raw:  # loaddata: rows as they were dumped
        return
    for name in _text_fields(sender):
        value = getattr(instance, name)
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            setattr(instance, name, unicodedata.normalize("NFC", value))


@functools.cache
def _text_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
    ]
