"""The site's search: one index for every app's public content, one way to query it.

Apps register what they want found, in their own `AppConfig.ready()`:

    search.register(Article, article_document, queryset=...)

`article_document(article)` returns a `Document` (title, summary, text, url, published_at,
public); saves and deletes of the model keep its `SearchEntry` current through signals, and
`manage.py rebuild_search_index` rebuilds every registered model's entries.

`search(query)` answers with the entries' ids in rank order. A query is parsed here, in Python,
for both databases: whole words (Vietnamese syllables), folded like the stored text (no
diacritics, đ → d, lower case); `"quoted words"` must appear as a phrase; `-word` and
`-"a phrase"` exclude. The database query is built from the parsed words only, each quoted, so
no input can make a syntax error. Only the newest SEARCH_CAP matches are ranked: exact phrase in
the title, then in the summary, then in the body, then every word in the title, then in the
summary, then the rest; newest first within each rank. See docs/ARCHITECTURE.md, "Search".
"""

import json
import math
import operator
import re
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from longkhanh import generation
from longkhanh.models import SearchEntry
from longkhanh.pagecache import model_and_proxies
from longkhanh.sanitize import plain_text
from longkhanh.text import excerpt, has_diacritics, index_form, terms, tone_placements, typed_terms

SEARCH_CAP = 1000  # the newest matches that are ranked and counted
MAX_WORDS = 10  # words looked for (more are dropped, and the page says so)
FTS_TABLE = "longkhanh_searchentry_fts"  # SQLite: made by longkhanh/migrations/0003, 0006
SEQUENCE_BITS = 20  # an entry's id: its publication second, then a sequence within it


@dataclass(frozen=True)
class Document:
    """What an app says about one of its objects: shown (title, summary, url), searched (title,
    summary, text: plain text, no markup) and when it is findable (public, published_at)."""

    title: str
    url: str
    published_at: datetime | None
    summary: str = ""
    text: str = ""
    public: bool = True


@dataclass
class Registration:
    model: type
    document: object  # callable(obj) -> Document | None
    queryset: object = None  # callable() -> the objects a rebuild reads (default: all)
    # callable({object id: words}) -> {object id: (where, excerpt)}: see register()
    excerpts: object = None


_registry: dict[type, Registration] = {}


def register(model, document, queryset=None, excerpts=None):
    """Indexes `model`'s objects with `document(obj)`, now and on every save and delete (of
    the model or of a proxy of it, such as the approvers' queue). `excerpts(wanted)`, when
    given, says where in a long text (a document's attached file, a week's entries) objects
    whose title and summary lack some of a search's words have them: given {id: the words
    lacking}, {id: ("tệp “…”", "…the words…")}, for their result cards."""
    _registry[model] = Registration(model, document, queryset, excerpts)
    for sender in model_and_proxies(model):
        uid = f"search-{sender._meta.label_lower}"
        post_save.connect(_saved, sender=sender, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=sender, dispatch_uid=uid)


def unregister(model):
    _registry.pop(model, None)
    for sender in model_and_proxies(model):
        uid = f"search-{sender._meta.label_lower}"
        post_save.disconnect(sender=sender, dispatch_uid=uid)
        post_delete.disconnect(sender=sender, dispatch_uid=uid)


def registered():
    return list(_registry)


def excerpts(model, wanted):
    """{object id: (where, excerpt)} from `model`'s registered `excerpts` for `wanted` ({object
    id: the words its title and summary lack}), else {}."""
    registration = _registry.get(model)
    if registration is None or registration.excerpts is None or not wanted:
        return {}
    return registration.excerpts(wanted)


def text_found(model, field, where):
    """An `excerpts` for register() from one rich-text `field` (HTML) of `model`: for each object
    of `wanted`, (`where`, the passage with the most of those its title and summary lack), when
    its text has them. One query, for the objects of a page of results only."""

    def found(wanted):
        quotes = {}
        texts = model._default_manager.filter(pk__in=wanted).order_by().values_list("pk", field)
        for pk, html in texts:
            quoted = excerpt(plain_text(html), wanted[pk])
            if quoted:
                quotes[pk] = (where, quoted)
        return quotes

    return found


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index(instance)


def _deleted(sender, instance, **kwargs):
    unindex(instance)


def _entry_fields(doc):
    # As written in NFC, whatever the app gives (the rank looks for words typed with diacritics
    # in them: _rank_columns); a model's own save makes its text NFC, a bulk write does not.
    return {
        "title": unicodedata.normalize("NFC", doc.title),
        "summary": unicodedata.normalize("NFC", doc.summary),
        "url": doc.url,
        "published_at": doc.published_at,
        "search_title": index_form(doc.title),
        "search_summary": index_form(doc.summary),
        "search_body": index_form(doc.text),
    }


def _findable(doc):
    return doc is not None and doc.public and doc.published_at is not None


def index(obj):
    """Writes `obj`'s entry, or removes it when `obj` is not public."""
    model = type(obj)._meta.concrete_model
    doc = _registry[model].document(obj)
    content_type = ContentType.objects.get_for_model(model)
    entries = SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk)
    if not _findable(doc):
        entries.delete()
        return
    fields = _entry_fields(doc)
    for attempt in range(5):
        try:
            with transaction.atomic():
                # Kept in place while its time stays; a new time makes a new id.
                if entries.filter(published_at=doc.published_at).update(**fields):
                    return
                entries.delete()
                entry = SearchEntry(content_type=content_type, object_id=obj.pk, **fields)
                assign_ids([entry])
                entry.save(force_insert=True)
                return
        except IntegrityError:  # the same id or object written at once by another process
            if attempt == 4:
                raise


def assign_ids(entries):
    """Gives each new entry the first free id of its publication second (see SearchEntry)."""
    if not entries:
        return
    bases = sorted(math.floor(entry.published_at.timestamp()) << SEQUENCE_BITS for entry in entries)
    taken = set(
        SearchEntry.objects.filter(
            id__gte=bases[0], id__lt=bases[-1] + (1 << SEQUENCE_BITS)
        ).values_list("id", flat=True)
    )
    for entry in entries:
        key = math.floor(entry.published_at.timestamp()) << SEQUENCE_BITS
        while key in taken:
            key += 1
        taken.add(key)
        entry.id = key


def unindex(obj):
    model = type(obj)._meta.concrete_model
    content_type = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()


def rebuild(batch_size=1000, stdout=None):
    """Every registered model's entries made again from its objects, oldest first, in one
    transaction a model (readers see the old entries until it commits). Entries of models no
    longer registered are removed. Running it twice gives the same index."""
    total = 0
    content_types = ContentType.objects.get_for_models(*_registry).values()
    SearchEntry.objects.exclude(content_type__in=list(content_types)).delete()
    for model, registration in _registry.items():
        queryset = registration.queryset() if registration.queryset else model._default_manager
        order = model._meta.get_latest_by
        ordering = [order, "pk"] if isinstance(order, str) else ["pk"]
        content_type = ContentType.objects.get_for_model(model)
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type).delete()
            batch, written = [], 0
            for obj in queryset.order_by(*ordering).iterator(chunk_size=batch_size):
                batch.append(obj)
                if len(batch) == batch_size:
                    written += _append(registration, content_type, batch)
                    batch = []
            written += _append(registration, content_type, batch)
        if stdout:
            stdout.write(f"{model._meta.label}: {written} mục")
        total += written
    generation.bump()  # cached result pages showed the old index
    return total


def _append(registration, content_type, objects):
    rows = []
    for obj in objects:
        doc = registration.document(obj)
        if _findable(doc):
            rows.append(
                SearchEntry(content_type=content_type, object_id=obj.pk, **_entry_fields(doc))
            )
    assign_ids(rows)
    SearchEntry.objects.bulk_create(rows)
    return len(rows)


# Queries.


@dataclass
class Query:
    """A query parsed: phrases (tuples of words) that must appear, phrases that must not, and
    every wanted word in the order typed (for the phrase bonus), folded and as typed (with any
    diacritics the resident gave: what is marked on the results)."""

    required: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    words: list = field(default_factory=list)
    typed: list = field(default_factory=list)
    truncated: bool = False

    def __bool__(self):
        return bool(self.required)

    @property
    def with_diacritics(self):
        """The distinct words typed with diacritics ("hồ", "đường"): a title or summary ranks
        as having them only where it has them as typed (_rank_columns)."""
        return [word for word in dict.fromkeys(self.typed) if has_diacritics(word)]

    @property
    def read(self):
        """What was looked for, as words a resident can read: the wanted words as typed, then
        each phrase left out ("-word"). For a query cut at MAX_WORDS, what the page says it
        searched."""
        return " ".join([*self.typed, *("-" + " ".join(phrase) for phrase in self.excluded)])

    @property
    def highlight(self):
        """The words to mark, as typed: "hồ" marks only "hồ" where a text has it, "ho" every
        word that folds to it (longkhanh.text.marked_words)."""
        return list(dict.fromkeys(self.typed))


# A term: optional "-", then a quoted phrase (the closing quote may be missing) or a word.
_PART = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


def parse(text, max_words=MAX_WORDS):
    """`text` (already cleaned: longkhanh.text.clean_query) as a Query. A word joined by
    punctuation ("covid-19", "1.000") is a phrase of its parts."""
    query = Query()
    count = 0
    for part in _PART.finditer(text):
        piece = part.group("phrase") or part.group("word") or ""
        words, typed = tuple(terms(piece)), typed_terms(piece)
        if not words:
            continue
        if count + len(words) > max_words:
            query.truncated = True
            words, typed = words[: max_words - count], typed[: max_words - count]
            if not words:
                break
        count += len(words)
        if part.group("neg"):
            query.excluded.append(words)
        else:
            query.required.append(words)
            query.words.extend(words)
            query.typed.extend(typed)
    return query


def nothing_to_find(text):
    """What every search box says of a keyword `parse()` finds nothing to look for in (only
    punctuation, or only words to leave out), answered with 400."""
    return (
        f"Từ khóa “{text}” không có từ hay số nào cần tìm (chỉ có dấu câu, ký hiệu, hoặc chỉ có"
        " từ cần loại ra: dấu “-” trước một từ là để loại từ đó)."
    )


@dataclass
class Results:
    query: Query
    hits: list  # (entry id, content type id, object id), best first
    capped: bool  # more than SEARCH_CAP matches: only the newest were ranked
    recent_only: bool = False  # the whole archive took too long: only the last year was searched


class SearchTooSlow(Exception):
    """A search ran past TIMEOUT_MS and was stopped by the database."""


def search(text, cap=None, model=None, ranked=True):
    """The public entries matching `text`, best first (see the module's docstring); only those
    of `model` when it is given (a documents page searching its own documents). Not `ranked`:
    newest first, the rank's tests left out (a list that orders by its own columns: a third
    less time)."""
    query = parse(text)
    if not query:
        return Results(query, [], False)
    cap = cap or SEARCH_CAP
    backend = _postgresql if connection.vendor == "postgresql" else _sqlite
    type_id = ContentType.objects.get_for_model(model).pk if model is not None else None
    now, recent_only = timezone.now(), False
    try:
        rows = backend(query, now, cap + 1, type_id, ranked=ranked)
    except SearchTooSlow:
        # The words' matches are old and the database walked far for them: the last year only,
        # and the page says so. A search cannot hold a worker for long, whatever it asks.
        recent_only = True
        try:
            rows = backend(query, now, cap + 1, type_id, recent_only=True, ranked=ranked)
        except SearchTooSlow:
            rows = []
    capped = len(rows) > cap  # rows: newest first (the ids), so drop the last
    if capped:
        rows = rows[:cap]
    # Stable: newest first within a rank.
    ranked = sorted(rows, key=operator.itemgetter(3, 4), reverse=True)
    return Results(query, [row[:3] for row in ranked], capped, recent_only)


def among(model, ids):
    """A filter: `model`'s row is one of `ids` (the object ids a search found), as one
    parameter (an array on PostgreSQL, JSON read by json_each on SQLite), not one per id: a
    search finds up to a thousand, and Django's `pk__in` prepares each of them for each query
    that uses them (a filtered list of Văn bản with a keyword, 10,000 articles: SQLite 42 →
    24–30 ms, PostgreSQL 46 → 40 ms)."""
    column = f'"{model._meta.db_table}"."{model._meta.pk.column}"'
    if connection.vendor == "postgresql":
        sql, param = f"{column} = ANY(%s)", list(ids)
    else:
        sql, param = f"{column} IN (SELECT value FROM json_each(%s))", json.dumps(list(ids))
    return RawSQL(sql, (param,), output_field=BooleanField())


def _tests_the_body(query):
    """Whether the rank needs the phrase-in-the-body test (see _rank_columns)."""
    return len(query.words) > 1


# The candidates' folded title and summary, each between spaces (read once for every test).
PADDED = "' ' || search_title || ' ' AS t, ' ' || search_summary || ' ' AS s"


def _padded(query):
    """PADDED, and the title and summary as written when some words were typed with diacritics
    (see _rank_columns)."""
    return PADDED + (", title, summary" if query.with_diacritics else "")


def _rank_columns(query, find, in_body, in_body_params):
    """The SQL of a candidate's two rank columns over PADDED's `t` and `s`, and its parameters.
    `exact`: the exact phrase in the title (3), summary (2), body (1, the `in_body` SQL), else
    0; `every`: every word in the title (3), in the summary (2), else 1 (body, or spread over
    the fields). The folded fields are words joined by single spaces, so a phrase or a word is
    a substring of spaces and words: `find` is the database's substring position, as
    "instr(%s, %%s)". The database ranks the candidates with their rows in hand: no folded
    title or summary is read into Python. A one-word search has its word in every candidate,
    so its "phrase" is in the body wherever it is not in the title or summary: no body test.

    Words typed with diacritics (`Query.with_diacritics`): a resident who types "hồ sơ" means
    those words, and the folded title of "Hộ số 5" has "ho so" as much as "Hồ sơ đất đai" has.
    So a title or summary ranks 3 or 2 only where it also has each of those words as typed (in
    lower case, with a capital or in capitals, its tone on either vowel: _written_forms; in
    `title` and `summary` as written, which _padded adds); else the phrase there ranks as the
    body's does (1), where only the folded words are known. As written, a word is looked for
    as a substring: the folded test already found it whole, and "hồ" in "Hồng" beside a whole
    "họ" keeps the rank every folding had before."""
    phrase = f" {' '.join(query.words)} "
    words = [f" {word} " for word in dict.fromkeys(query.words)]
    if not _tests_the_body(query):
        in_body, in_body_params = "1 = 1", []

    def has(column, count):
        return " AND ".join([f"{find % column} > 0"] * count)

    typed = [_written_forms(word) for word in query.with_diacritics]

    def as_typed(column):  # (each word typed with diacritics as typed in `column`, parameters)
        sql = " AND ".join(
            "(" + " OR ".join([f"{find % column} > 0"] * len(forms)) + ")" for forms in typed
        )
        return sql, [form for forms in typed for form in forms]

    title_typed, title_params = as_typed("title")
    summary_typed, summary_params = as_typed("summary")
    if typed:  # the phrase folded but not typed in the title or summary: 1
        exact = (
            f"CASE WHEN {has('t', 1)} THEN CASE WHEN {title_typed} THEN 3"
            f" WHEN {has('s', 1)} AND {summary_typed} THEN 2 ELSE 1 END"
            f" WHEN {has('s', 1)} THEN CASE WHEN {summary_typed} THEN 2 ELSE 1 END"
            f" WHEN {in_body} THEN 1 ELSE 0 END"
        )
        params = [phrase, *title_params, phrase, *summary_params, phrase, *summary_params]
        every = (
            f"CASE WHEN {has('t', len(words))} AND {title_typed} THEN 3"
            f" WHEN {has('s', len(words))} AND {summary_typed} THEN 2 ELSE 1 END"
        )
    else:
        exact = (
            f"CASE WHEN {has('t', 1)} THEN 3 WHEN {has('s', 1)} THEN 2"
            f" WHEN {in_body} THEN 1 ELSE 0 END"
        )
        params = [phrase, phrase]
        every = (
            f"CASE WHEN {has('t', len(words))} THEN 3 WHEN {has('s', len(words))} THEN 2 ELSE 1 END"
        )
    params += [*in_body_params, *words, *title_params, *words, *summary_params]
    return f"{exact}, {every}", params


def _written_forms(word):
    """A word typed with diacritics as a title or summary may have it: "hồ" → hồ, Hồ, HỒ; "hoà" →
    hoà, Hoà, HOÀ, hòa, Hòa, HÒA (its tone on either vowel: text.tone_placements)."""
    return list(
        dict.fromkeys(
            form
            for placed in tone_placements(word)
            for form in (placed, placed[:1].upper() + placed[1:], placed.upper())
        )
    )


# SQLite: FTS5. Strings are quoted ("" doubles a quote), so operators, colons, stars, NEAR,
# parentheses are only ever text; FTS5's own tokenizer (unicode61) splits them as Python did.


def _fts_phrase(words):
    return '"' + " ".join(words).replace('"', '""') + '"'


# The index's columns that hold words (its fourth, `content_type_id`, holds the entry's type).
FTS_TEXT = "{search_title search_summary search_body}"


def _sqlite(query, now, limit, type_id=None, recent_only=False, ranked=True):
    match = "(" + " AND ".join(_fts_phrase(p) for p in query.required) + ")"
    for phrase in query.excluded:
        match += " NOT " + _fts_phrase(phrase)
    # A number is looked for in the text columns only: "12" is not every entry of the content
    # type 12. (Only then: the filter costs a search 0.15–0.3 ms, its words' positions read.)
    if any(word.isdigit() for phrase in query.required + query.excluded for word in phrase):
        match = f"{FTS_TEXT} : ({match})"
    in_body = f"search_body : {_fts_phrase(query.words)}"
    # The newest matches are the highest rowids (SearchEntry's id): FTS5 reads its lists from
    # the top of the published ids down and stops after `limit`. The phrase in the body is one
    # more FTS5 lookup over the same id range, never over the whole archive.
    below = (math.floor(now.timestamp()) + 1) << SEQUENCE_BITS
    # The newest matches: of every model, or of one, its type a word of the index's
    # `content_type_id` column (longkhanh/migrations/0006), so that FTS5 reads that model's
    # matches alone. (Joined to the entries to read their type, it read every match of the
    # words for a model with few entries: "thanh pho" in the questions' archive, 100,000
    # articles, 13 ms, now 1.2 ms; an `IN (its ids)` makes FTS5 evaluate the query once per id.)
    # `recent_only`: the last year only (SQLite's reading is bounded already, but the two
    # databases answer the same search the same way).
    since = f"AND rowid >= {_recent_bound(now)}" if recent_only else ""
    newest_match = match if type_id is None else f'{match} AND content_type_id : "{int(type_id)}"'
    newest = f"""SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid < %s
        {since} ORDER BY rowid DESC LIMIT %s"""
    in_body_sql = f"""c.id IN (
            SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s
            AND rowid >= (SELECT min(id) FROM c) AND rowid < %s
        )"""
    rank, rank_params = _rank_columns(query, "instr(%s, %%s)", in_body_sql, [in_body, below])
    padded = _padded(query)
    if not ranked:
        rank, rank_params, padded = "0, 0", [], "0 AS t"
    sql = f"""
        WITH c AS MATERIALIZED (
            SELECT id, content_type_id, object_id, {padded}
            FROM longkhanh_searchentry
            WHERE id IN ({newest}) AND published_at <= %s
        )
        SELECT c.id, c.content_type_id, c.object_id, {rank} FROM c ORDER BY c.id DESC
    """
    params = [newest_match, below, limit, now, *rank_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# PostgreSQL: a tsquery written from the parsed words, each a quoted lexeme; `:A`, `:B`, `:C`
# limit a word to the title, summary or body (the vector's weights).


def _ts_word(word, weight=""):
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" + weight


def _ts_phrase(words, weight=""):
    return "(" + " <-> ".join(_ts_word(w, weight) for w in words) + ")"


# The newest matches are read a period at a time, newest first (the last quarter, the last year,
# the last three years, then the rest), as one query: PostgreSQL's Append runs the parts in order
# and stops when the limit is reached, so a common word costs a quarter's rows, not the
# archive's, and a rarer one a few years' rows. The result is the same whatever the periods
# (they only split the work); these measured best at 100,000 articles over eight years (300
# distinct searches in process, three rounds each: 16.3 ms mean and 29 ms p90 with [90, 365],
# 15.2 and 23.6 with the third period; a fourth, 1,460 days, cost more than it saved: each
# part read is one more scan of the GIN index).
# Every part is bounded but the last, the rest of the archive, whose matches are read from the
# GIN index (not by walking back through the rows: "Kinh 2020" at 1,000,000 articles walked
# 640,000 rows, 1.4 s, 80 s with a cold cache; see _postgresql). Its cost is the number of old
# matches, which grows with the archive: a search runs for TIMEOUT_MS at most, then again over
# the last RECENT_DAYS only, and the page says so.
PERIODS = [90, 365, 1095]  # days
RECENT_DAYS = 365  # what a search too slow for the whole archive searches (the page says "a year")
TIMEOUT_MS = 2000


# PostgreSQL: a GIN index of the recent entries only (made by longkhanh/migrations/0005), from the
# start of last year, so that it holds the first two periods until next January. Reading a word's
# matches in the whole index reads its posting list over the whole archive: "phuong" 65,000
# entries, 6.4 ms; in this one 9,500, 1.1 ms. The planner uses it for the parts whose lower bound
# is at or after its own (the SQL holds the bounds as literals). A stale one still answers right,
# it only grows: `refresh_recent_index` (run by `rebuild_search_index`) renews it.
RECENT_INDEX = "longkhanh_searchentry_recent"


def recent_index_bound(today=None):
    """The first entry id the recent index holds: the start of last year (UTC)."""
    year = (today or timezone.now().date()).year - 1
    start = datetime(year, 1, 1, tzinfo=UTC)
    return math.floor(start.timestamp()) << SEQUENCE_BITS


def refresh_recent_index(today=None):
    """PostgreSQL: the recent index made again from the start of last year (the new one built
    before the old one is dropped, both CONCURRENTLY outside a transaction: searches and saves
    go on), unless it already starts there. True when it was made."""
    if connection.vendor != "postgresql":
        return False
    bound = recent_index_bound(today)
    concurrently = "" if connection.in_atomic_block else "CONCURRENTLY"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [RECENT_INDEX])
        row = cursor.fetchone()
        if row is not None and row[0].endswith(f"(id >= '{bound}'::bigint)"):
            return False
        new = f"{RECENT_INDEX}_new"
        cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {new}")
        cursor.execute(
            f"CREATE INDEX {concurrently} {new} ON longkhanh_searchentry "
            f"USING gin (search_vector) WHERE id >= {int(bound)}"
        )
        cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {RECENT_INDEX}")
        cursor.execute(f"ALTER INDEX {new} RENAME TO {RECENT_INDEX}")
    return True


def _recent_bound(now):
    """The first entry id of the last RECENT_DAYS (what `recent_only` searches)."""
    return _days_ago(now, RECENT_DAYS)


def _days_ago(now, days):
    return (math.floor(now.timestamp()) - days * 86400) << SEQUENCE_BITS


def _postgresql(query, now, limit, type_id=None, recent_only=False, ranked=True):
    main = " & ".join(_ts_phrase(p) for p in query.required)
    for phrase in query.excluded:
        main += " & !" + _ts_phrase(phrase)
    below = (math.floor(now.timestamp()) + 1) << SEQUENCE_BITS
    if recent_only:  # the periods within the last RECENT_DAYS, the last ending at its start
        days = [d for d in PERIODS if d < RECENT_DAYS] + [RECENT_DAYS]
        uppers = [below] + [_days_ago(now, d) for d in days[:-1]]
        lowers = [_days_ago(now, d) for d in days]
    else:
        uppers = [below] + [_days_ago(now, d) for d in PERIODS]
        lowers = [_days_ago(now, d) for d in PERIODS] + [None]
    parts, params = [], []
    vector = ", search_vector" if _tests_the_body(query) else ""  # the phrase in the body
    padded = _padded(query)
    if not ranked:
        vector, padded = "", "0 AS t"
    # One model's entries: its type a lexeme of the vector ("_27", which no typed word can be:
    # longkhanh/migrations/0006), so the GIN index gives that model's matches alone.
    matches = "to_tsquery('simple', %s)"
    if type_id is not None:
        matches = f"({matches} && '_{int(type_id)}'::tsquery)"
    for upper, lower in zip(uppers, lowers, strict=True):
        parts.append(
            f"(SELECT id, content_type_id, object_id, {padded}{vector}"
            f" FROM longkhanh_searchentry WHERE search_vector @@ {matches}"
            " AND published_at <= %s AND id < %s"
            + (" AND id >= %s" if lower is not None else "")
            # The rest of the archive, unbounded: ordered by an expression, so that PostgreSQL
            # reads the words' matches from the GIN index and keeps the newest, and does not walk
            # back along the primary key testing every row's vector until it has `limit` of them.
            # It only comes to this part with fewer matches in the years before, and walked, by
            # its estimate of matches spread evenly, through the years where there were none:
            # "thành 2019" walked 59,000 rows (110 ms; 635 ms with a cold cache); read from the
            # index, 12,000 matches, 24 ms (EXPLAIN ANALYZE, 100,000 articles). The parts'
            # sorts carry the vector for the phrase-in-the-body test; testing it in each part
            # instead, to carry a boolean, was 20% slower (it tests every row a part sorts).
            + (
                " ORDER BY id DESC LIMIT %s)"
                if lower is not None
                else " ORDER BY id + 0 DESC LIMIT %s)"
            )
        )
        params += [main, now, upper] + ([lower] if lower is not None else []) + [limit]
    in_body = "search_vector @@ to_tsquery('simple', %s)"
    in_body_params = [_ts_phrase(query.words, ":C")]
    rank, rank_params = _rank_columns(query, "strpos(%s, %%s)", in_body, in_body_params)
    if not ranked:
        rank, rank_params = "0, 0", []
    sql = f"""
        WITH c AS MATERIALIZED ({" UNION ALL ".join(parts)} LIMIT %s)
        SELECT id, content_type_id, object_id, {rank} FROM c ORDER BY id DESC
    """
    return run_limited(sql, [*params, limit, *rank_params])


def run_limited(sql, params):
    """PostgreSQL: `sql`'s rows, or SearchTooSlow once it has run for TIMEOUT_MS (the
    database stops it: `statement_timeout`, set in the same statement, so for it alone: outside
    a transaction the string is one implicit transaction). Inside a caller's transaction (tests)
    a savepoint keeps that transaction usable after a stop, and the timeout is reset."""
    statement = f"SET LOCAL statement_timeout = {int(TIMEOUT_MS)}; {sql}"
    nested = connection.in_atomic_block
    try:
        with transaction.atomic() if nested else nullcontext(), connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
            if nested:
                cursor.execute("SET LOCAL statement_timeout = DEFAULT")
            return rows
    except OperationalError as exc:
        if getattr(exc.__cause__, "pgcode", None) == "57014":  # query_canceled
            raise SearchTooSlow from exc
        raise
