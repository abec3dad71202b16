"""Vietnamese text helpers: ASCII slugs and diacritic-free folding.

Django's slugify drops "đ" (it is a letter of its own, not d plus a mark), and the admin's
prepopulated_fields JavaScript turns it into "dj", so slugs are made here, on the server.
"""

import functools
import re
import unicodedata
from collections import Counter

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


def after_words(text, count):
    """What follows the first `count` words of `text` ("Công văn về việc…", 2 → " về việc…"); ""
    when it has fewer."""
    for number, match in enumerate(_WORD.finditer(text), 1):
        if number == count:
            return text[match.end() :]
    return ""


def typed_terms(text):
    """`terms(text)` as typed: each word lower case with its diacritics ("Hồ Sơ" → hồ, sơ), for
    ranking and marking the words a resident typed (see marked_words). A word whose diacritics
    cannot be kept apart from its neighbours (a stray combining mark) is left folded."""
    words = terms(text)
    typed = [match.group() for match in _WORD.finditer(unicodedata.normalize("NFC", text).lower())]
    typed = [unicodedata.normalize("NFC", word) for word in typed]
    if len(typed) != len(words) or any(terms(t) != [w] for t, w in zip(typed, words, strict=True)):
        return words
    return typed


# The five tone marks (huyền, sắc, ngã, hỏi, nặng), apart from the marks that make a vowel
# another letter (â, ă, ơ, ư) and from đ.
TONES = "\u0300\u0301\u0303\u0309\u0323"


def tone_key(word):
    """A word with diacritics as words are compared: lower case, its tone apart from the vowel
    it was placed on, so that "hoà" (Unikey's old style, still its default in places) and
    "hòa" (the new) are one word, as are "khoẻ" and "khỏe", "thuý" and "thúy"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    base = "".join(ch for ch in decomposed if ch not in TONES)
    tones = "".join(ch for ch in decomposed if ch in TONES)
    return f"{unicodedata.normalize('NFC', base)}|{tones}"  # apart: "n" + ` would make "ǹ"


_OLD_OR_NEW = re.compile(r"(?<!q)(oa|oe|uy)$")


def tone_placements(word):
    """The ways `word` (lower case, NFC) is written: with its tone on either vowel of a final
    "oa", "oe" or "uy" ("hòa" and "hoà"; not "quý", whose "u" is the consonant's, nor "hoàn",
    whose tone has one place); else the word alone."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONES]
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    if len(tones) != 1 or not _OLD_OR_NEW.search(base):
        return [word]
    stem, first, second, tone = base[:-2], base[-2], base[-1], tones[0]
    on_first = unicodedata.normalize("NFC", f"{stem}{first}{tone}{second}")
    on_second = unicodedata.normalize("NFC", f"{stem}{first}{second}{tone}")
    return list(dict.fromkeys([word, on_first, on_second]))


@functools.lru_cache(maxsize=8192)
def _forms(word):
    """A word of a text as (its tone_key, its folded form): ("hồ", "ho"); the folded form is ""
    for a word that has none (a lone combining mark)."""
    folded = terms(word)
    return tone_key(word), (folded[0] if folded else "")


def folded_word(word):
    """A word to look for (folded, or as typed: typed_terms) in search form: "hồ" → "ho"."""
    return _forms(word)[1]


def has_diacritics(word):
    """Whether a word to look for (typed_terms) was typed with diacritics."""
    return word != folded_word(word)


def marked_words(words):
    """`_marked_words` of `words` as a tuple (kept: a page marks the same words in every card)."""
    return _marked_words(tuple(words))


@functools.lru_cache(maxsize=256)
def _marked_words(words):
    """The test of which words of a text show that it matched `words` (search words, each
    folded or as typed): callable(tone_key, folded form) -> bool. A word typed without
    diacritics marks every word that folds to it ("ho" marks "hồ", "Họ", "hộ"); a word typed with
    them marks only itself, in any case and with its tone on either vowel ("hồ" marks "Hồ", not
    "hộ"; "hoà" marks "Hòa"). Whole words only, never "ho" inside "không"."""
    exact = {_forms(word)[0] for word in words if has_diacritics(word)}
    folded = {folded_word(word) for word in words if not has_diacritics(word)}
    return lambda key, plain: key in exact or plain in folded


def highlight_spans(text, words):
    """(start, end) spans of `text` whose whole words match one of `words` (marked_words),
    adjacent ones merged."""
    if not words:
        return []
    marked = marked_words(words)
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


# How far past the first word it looks for a text is read for a better passage (one with more
# of the words): a long file is not read to its end for a quote.
PASSAGE_SCAN = 5_000


def excerpt(text, words, width=220):
    """The part of `text`, about `width` characters cut between words, that holds the most of
    `words` (whole words, as highlight_spans marks them): the first such part, read no further
    than PASSAGE_SCAN characters past the first word found; "…" where it was cut, whitespace
    collapsed; "" when no word matches. What a result found only in a long text (a document's
    attached file) shows of why it was found."""
    text = text or ""
    if not words:
        return ""
    # Where the words are as typed; else where the words folding to them are (the text was
    # found by those: the quote says where, though only words as typed are marked).
    marked, folded = marked_words(words), {folded_word(word) for word in words}
    best = _best(text, lambda forms: marked(*forms), len(folded), width) or _best(
        text, lambda forms: forms[1] in folded, len(folded), width
    )
    if best is None:
        return ""
    start = max(0, best.start() - width // 3)
    end = min(len(text), start + width)
    if start > 0:  # from the word after the cut (the matched word is never cut)
        space = text.find(" ", start, best.start())
        start = space + 1 if space >= 0 else best.start()
    if end < len(text):
        space = text.rfind(" ", best.end(), end)
        end = space if space >= 0 else best.end()
    piece = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")


def _best(text, wanted, different, width):
    """The match of the word that heads the passage (a third of `width` before it) holding the
    most different words that `wanted((tone_key, folded))` takes, the first of equals; read
    from the first such word to PASSAGE_SCAN characters past it, or only until a passage holds
    `different` different ones (none can hold more). None when no word is taken."""
    best, most, limit = None, 0, None
    reach = width - width // 3
    found, first = [], 0  # (match, folded form) of the words taken; found[first:] is a passage
    near = Counter()  # the folded forms of found[first:], the passage that ends at this word
    for match in _WORD.finditer(text):
        if limit is not None and match.start() > limit:
            break
        forms = _forms(match.group())
        if not wanted(forms):
            continue
        found.append((match, forms[1]))
        near[forms[1]] += 1
        if limit is None:
            limit = match.start() + PASSAGE_SCAN
        while first < len(found) - 1 and found[first][0].start() < match.end() - reach:
            gone = found[first][1]
            near[gone] -= 1
            if not near[gone]:
                del near[gone]
            first += 1
        if len(near) > most:
            best, most = found[first][0], len(near)
            if most >= different:
                break
    return best


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
