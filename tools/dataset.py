"""The benchmark's dataset, and the paths real traffic reads from it.

`ensure(n)` makes the database named by DATABASE_URL hold the demo content plus `n` synthetic
articles, built once and reused while its fingerprint (this generator's version and `n`, kept in
a table of its own, `bench_dataset`) matches; otherwise the database is flushed and built again.
The articles are made in bulk, with what `Article.save()` would write (slug, byline slug, search
columns) computed here, from the demo vocabulary, so that searches find them:

- titles, summaries and 3-5 paragraph bodies from phrases of the city's news (subjects, actions,
  topics, wards), varied enough that thousands of distinct 1-3 word queries hit;
- published over the last 8 years, newest first, to the microsecond, with some articles sharing a
  publication time (the keyset cursors' tie-breaker is the id); about 2% drafts or in review;
- about 70% with one photo, the photos sharing a small pool of files and renditions.

The path generators (`article_paths`, `section_paths`, `search_paths`, `mix_paths`) read the
database and return URL paths as a browser would ask for them; `write_paths` writes them one a
line for tools/paths.lua, which wrk uses to pick one at random per request.
"""

import bisect
import datetime
import functools
import io
import itertools
import random
import string
import types

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils.html import escape

from longkhanh import renditions
from longkhanh.text import fold, search_form, slugify_vi
from news import demo
from news.models import Article, Category, Photo
from news.views import Archive

VERSION = 3  # change when the generator changes: datasets built before are rebuilt
BATCH = 5000
YEARS = 8
PHOTO_SHARE = 0.7
POOL_SIZE = 6

SUBJECTS = [
    "UBND thành phố", "Phường Xuân An", "Xã Bảo Quang", "Hội Nông dân", "Đoàn Thanh niên",
    "Phòng Nội vụ", "Trung tâm Y tế", "Công an thành phố", "Hội Phụ nữ", "Phường Suối Tre",
    "HĐND thành phố", "Thành ủy Long Khánh", "Phòng Giáo dục và Đào tạo",
    "Phòng Tài chính - Kế hoạch",
    "Ban Chỉ huy Quân sự", "Mặt trận Tổ quốc", "Hội Cựu chiến binh", "Liên đoàn Lao động",
    "Phòng Kinh tế", "Chi cục Thuế", "Bảo hiểm xã hội", "Trường THPT Long Khánh",
]  # fmt: skip
ACTIONS = [
    "triển khai", "tổng kết", "kiểm tra", "hướng dẫn", "đánh giá", "phát động", "hỗ trợ",
    "sơ kết", "tuyên truyền", "ra quân", "khảo sát", "tập huấn", "trao tặng",
    "phối hợp", "đẩy mạnh",
]  # fmt: skip
TOPICS = [
    "cải cách hành chính", "chuyển đổi số", "phòng chống dịch bệnh", "xây dựng nông thôn mới",
    "an toàn giao thông", "tiêu thụ trái cây", "bảo vệ môi trường", "dịch vụ công trực tuyến",
    "an sinh xã hội", "phòng cháy chữa cháy", "khuyến học", "giảm nghèo bền vững",
    "đầu tư công", "thu ngân sách", "chỉnh trang đô thị", "trật tự xây dựng",
    "tuyển quân", "hiến máu tình nguyện", "sản xuất nông nghiệp", "du lịch sinh thái",
    "thể dục thể thao", "xuất khẩu chôm chôm", "quản lý đất đai", "vệ sinh an toàn thực phẩm",
    "phòng chống ma túy", "bảo hiểm y tế", "đào tạo nghề", "cấp nước sạch", "xóa nhà tạm",
    "kinh tế tập thể", "an toàn lao động", "bình đẳng giới",
]  # fmt: skip
PLACES = [
    "phường Xuân An", "phường Xuân Bình", "phường Xuân Hòa", "phường Xuân Trung",
    "phường Xuân Thanh", "phường Xuân Tân", "phường Phú Bình", "phường Bảo Vinh",
    "phường Suối Tre", "phường Xuân Lập", "phường Bàu Sen", "xã Bảo Quang", "xã Bàu Trâm",
    "xã Bình Lộc", "xã Hàng Gòn", "khu phố Ruộng Hời", "ấp Bảo Định", "chợ Long Khánh",
]  # fmt: skip
WHEN = ["năm", "quý I", "quý II", "quý III", "quý IV", "6 tháng đầu năm", "tháng cao điểm"]
AUTHORS = [
    "Ban Biên tập", "Danh Lộc", "Minh Thư", "Ngọc Hân", "Quốc Việt", "Thanh Tùng", "Hồng Nhung",
    "Văn Đức", "Bảo Trâm", "Hữu Phước",
]  # fmt: skip
TITLES = [
    "{subject} {action} {topic} tại {place}",
    "{subject} {action} công tác {topic} {when} {year}",
    "{place}: {action} {topic} {when} {year}",
    "Long Khánh {action} {topic} trên địa bàn {place}",
    "{subject} {action} kế hoạch {topic} {year}",
]
SUMMARIES = [
    "{subject} vừa {action} công tác {topic} trên địa bàn {place}, thành phố Long Khánh.",
    "Ngày {day}/{month}, {subject} tổ chức hội nghị {action} {topic} {when} {year}.",
    "Kết quả {topic} tại {place} đạt {percent}% kế hoạch đề ra.",
]
PARAGRAPHS = [
    "Ngày {day}/{month}, {subject} đã {action} công tác {topic}, với sự tham dự của đại diện "
    "các phòng, ban, đơn vị và UBND {place}.",
    "Theo báo cáo, kết quả thực hiện {topic} {when} {year} đạt {percent}% kế hoạch; các đơn vị "
    "được yêu cầu khắc phục hạn chế, phục vụ người dân tốt hơn.",
    "Tại {place}, {count} hộ dân đã được hướng dẫn, hỗ trợ về {topic}; nhiều mô hình hay được "
    "nhân rộng trên địa bàn thành phố.",
    "Phát biểu tại hội nghị, lãnh đạo {subject} đề nghị tiếp tục {action} {topic}, gắn với "
    "chuyển đổi số và cải cách hành chính, phấn đấu hoàn thành chỉ tiêu năm {year}.",
    "Dịp này, {subject} đã trao {count} phần quà và giấy khen cho các tập thể, cá nhân có thành "
    "tích xuất sắc trong {topic}.",
]


@functools.cache
def folded(text):
    """search_form of a phrase or template (kept: the vocabulary is small)."""
    return search_form(text)


def fill(template, values):
    """(the text, its search form): search_form is char by char, so the search form of a filled
    template is the filled search form of the template."""
    return template.format(**values), folded(template).format(
        **{k: folded(str(v)) for k, v in values.items()}
    )


def fingerprint(articles, documents=0):
    return f"longkhanh-bench v{VERSION} articles={articles} documents={documents}"


def stored_fingerprint():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_dataset (fingerprint TEXT NOT NULL)")
        cursor.execute("SELECT fingerprint FROM bench_dataset")
        row = cursor.fetchone()
    return row[0] if row else None


def store_fingerprint(value):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM bench_dataset")
        cursor.execute("INSERT INTO bench_dataset (fingerprint) VALUES (%s)", [value])


def ensure(articles, say=print, seed=14, documents=0):
    """The dataset of `articles` synthetic articles and `documents` synthetic documents, built
    unless the database holds it; then, as the IT office does after an import
    (docs/OPERATIONS.md), every published article rendered and stored (news/rendered.py)."""
    call_command("migrate", verbosity=0)
    wanted = fingerprint(articles, documents)
    built = stored_fingerprint() != wanted
    if built:
        refuse_unless_bench_database()
        say(f"Dataset: building {articles:,} articles ({wanted})…")
        started = datetime.datetime.now()
        call_command("flush", interactive=False, verbosity=0)
        call_command("seed_demo", stdout=_Quiet())
        generate(articles, seed=seed, say=say, reindex=not documents)
        if documents:
            generate_documents(documents, seed=seed, say=say)
        analyze()
        store_fingerprint(wanted)
        say(f"  done in {_since(started)}")
    else:
        say(f"Dataset: reusing ({wanted}).")
        analyze()  # what earlier runs wrote (saves, reads), as autovacuum would have it by now
    started = datetime.datetime.now()
    output = io.StringIO()
    call_command("render_articles", stdout=output)
    say(f"  render_articles: {output.getvalue().strip()} ({_since(started)})")
    return built


def _since(started):
    return f"{(datetime.datetime.now() - started).total_seconds():.0f} s"


def refuse_unless_bench_database():
    """Building flushes the database: only one the bench made, one named for it, or one with no
    articles (never a site's database by a mistaken DATABASE_URL)."""
    name = str(connection.settings_dict["NAME"])
    if stored_fingerprint() is not None or "bench" in name or not Article.objects.exists():
        return
    raise SystemExit(
        f"{name} holds articles the bench did not make: building its dataset would flush it. "
        "Use a database whose name contains “bench” (make bench does)."
    )


def analyze():
    """The database as autovacuum leaves it some minutes after a bulk insert, before readers
    come: fresh statistics, and on PostgreSQL also the GIN indexes' pending lists merged (a
    bulk insert leaves a few MB in each, which every search then scans: 300 pages each at
    100,000 articles) and the visibility map set. A machine with autovacuum off (a test box)
    would never do it, and would measure a state no running site is in."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


class _Quiet:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def photo_pool(size=POOL_SIZE, pixels=(1280, 720)):
    """A few demo photos with their renditions, which the synthetic articles' photos share."""
    pool = []
    for n in range(size):
        photo = Photo(alt_text=f"Ảnh minh họa {n}")
        image = demo.demo_image(f"bench-{n}", size=pixels)
        photo.image.save(f"bench-{n}.jpg", ContentFile(image), save=False)
        pool.append(
            (
                photo.image.name,
                photo.image.width,
                photo.image.height,
                renditions.make_all(photo.image.name),
            )
        )
    return pool


class _gin_indexes_set_aside:  # noqa: N801 (a context manager, named as one)
    """PostgreSQL: the GIN indexes of the article table (the search's trigrams) dropped while
    the rows go in and made again after, in one go, which is many times faster than keeping them
    up to date row by row. Inside the caller's transaction: if the build stops half way, the
    indexes come back with the rollback."""

    def __enter__(self):
        self.definitions = []
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = %s AND indexdef ILIKE %s",
                [Article._meta.db_table, "% USING gin %"],
            )
            self.definitions = cursor.fetchall()
            for name, _ in self.definitions:
                cursor.execute(f'DROP INDEX "{name}"')

    def __exit__(self, exc_type, *exc):
        if exc_type is None and self.definitions:
            with connection.cursor() as cursor:
                # The foreign keys are checked at commit: check them now, or no index is made.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for _, definition in self.definitions:
                    cursor.execute(definition)


def generate(count, *, seed=14, say=print, pool_size=POOL_SIZE, pixels=(1280, 720), reindex=True):
    """Adds `count` synthetic articles (see the module's docstring), in batches of BATCH.

    Rows go in by plain multi-row INSERTs with ids given here, not through model instances and
    bulk_create (whose per-value preparation costs more than the database's work): a million
    articles in minutes. Columns this module does not know (added to the models later) get their
    field's default; their search entries are made at the end by `rebuild_search_index`."""
    rng = random.Random(seed)
    categories = list(Category.objects.order_by("position", "id").values_list("id", flat=True))
    weights = [6, 3, 4, 4, 2, 3][: len(categories)] + [2] * max(0, len(categories) - 6)
    pool = [_photo_values(shared) for shared in photo_pool(pool_size, pixels)] if count else []
    now = datetime.datetime.now(tz=datetime.UTC).replace(second=0, microsecond=0)
    span = datetime.timedelta(days=365 * YEARS).total_seconds() * 1e6  # microseconds
    step = span / max(count, 1)
    moment = now - datetime.timedelta(hours=1)
    articles, photos = Table(Article), Table(Photo)
    made = 0
    with transaction.atomic(), _gin_indexes_set_aside():
        article_id, photo_id = articles.next_id(), photos.next_id()
        while made < count:
            article_rows, photo_rows = [], []
            for n in range(made, min(made + BATCH, count)):
                # Newest first; every 50th shares the time of the one before it (a tie).
                if n % 50 != 1:
                    moment -= datetime.timedelta(microseconds=int(rng.uniform(0.2, 1.8) * step))
                row = _article(rng, n, moment, categories, weights)
                row["id"] = article_id
                article_rows.append(row)
                if rng.random() < PHOTO_SHARE:
                    photo_rows.append(
                        {
                            **pool[article_id % len(pool)],
                            "id": photo_id,
                            "article_id": article_id,
                            "caption": row["title"][:500],
                        }
                    )
                    photo_id += 1
                article_id += 1
            articles.insert(article_rows)
            photos.insert(photo_rows)
            made += len(article_rows)
            if made % (BATCH * 10) == 0 or made == count:
                say(f"  {made:,}/{count:,}")
        reset_sequences()
    # The rows went in without save(): their search entries are made from them in one go.
    if reindex:
        call_command("rebuild_search_index", stdout=_Quiet())
    return made


DOC_KINDS = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Thông báo", "TB"), ("Công văn", ""),
             ("Báo cáo", "BC"), ("Chỉ thị", "CT"), ("Hướng dẫn", "HD")]  # fmt: skip
DOC_SUMMARIES = [
    "{kind} về việc {action} {topic} trên địa bàn {place}",
    "{kind} {action} công tác {topic} {when} {year}",
    "{kind} phê duyệt kinh phí {topic} năm {year}",
]


def generate_documents(count, *, seed=14, say=print):
    """Adds `count` published documents (no files), over the same years as the articles, with
    the demo's types, issuing bodies and fields; then the search index of everything."""
    from documents.models import Document, DocumentType, Field, IssuingBody, number_key

    rng = random.Random(seed + 1)
    types = {t.name: t.pk for t in DocumentType.objects.all()}
    issuers = list(IssuingBody.objects.values_list("pk", flat=True))
    fields = list(Field.objects.values_list("pk", flat=True))
    table = Table(Document)
    now = datetime.datetime.now(tz=datetime.UTC).replace(second=0, microsecond=0)
    step = datetime.timedelta(days=365 * YEARS) / max(count, 1)
    made, doc_id = 0, table.next_id()
    with transaction.atomic():
        while made < count:
            rows = []
            for n in range(made, min(made + BATCH, count)):
                moment = now - step * (n + 1)
                kind, code = DOC_KINDS[n % len(DOC_KINDS)]
                issuer = issuers[n % len(issuers)]
                number = f"{n + 1000}/{code + '-' if code else ''}UBND"
                values = {**_values(rng, moment), "kind": kind}
                summary, _ = fill(rng.choice(DOC_SUMMARIES), values)
                rows.append({
                    "id": doc_id, "number": number, "number_key": number_key(number),
                    "slug": f"{slugify_vi(number)}-{doc_id}", "doc_type_id": types[kind],
                    "issuer_id": issuer, "field_id": fields[n % len(fields)],
                    "summary": summary, "signer": "Nguyễn Văn Minh",
                    "signer_title": "Chủ tịch UBND thành phố",
                    "issued_on": moment.astimezone(demo.content.TZ).date(),
                    "effective_on": None, "expires_on": None,
                    "effect": "in_force" if n % 9 else "expired", "full_text": "",
                    "is_draft": False, "comment_deadline": None, "status": "published",
                    "published_at": moment, "created_by_id": None,
                    "created_at": moment, "updated_at": moment,
                })  # fmt: skip
                doc_id += 1
            table.insert(rows)
            made += len(rows)
            say(f"  {made:,}/{count:,} documents")
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Document]):
                    cursor.execute(sql)
    call_command("rebuild_search_index", stdout=_Quiet())
    return made


def document_paths():
    """Every published document's page."""
    from documents.models import Document

    slugs = Document.objects.published().values_list("slug", flat=True)
    return [f"/van-ban/{slug}/" for slug in slugs.iterator(chunk_size=20_000)]


def document_filter_paths(count, seed=14):
    """`count` distinct filtered lists of /van-ban/: a type, an issuing body, a field, a year,
    an effect, a keyword, alone or combined (first pages: a later one may not exist)."""
    from urllib.parse import urlencode

    from documents.models import DocumentType, Field, IssuingBody

    rng = random.Random(seed)
    choices = {
        "loai": list(DocumentType.objects.values_list("slug", flat=True)),
        "co_quan": list(IssuingBody.objects.values_list("slug", flat=True)),
        "linh_vuc": list(Field.objects.values_list("slug", flat=True)),
        "nam": [str(y) for y in range(datetime.date.today().year - YEARS + 1,
                                      datetime.date.today().year + 1)],
        "hieu_luc": ["con-hieu-luc", "het-hieu-luc"],  # documents.views.EFFECTS
        "q": [folded(t) if rng.random() < 0.5 else t for t in TOPICS],
    }  # fmt: skip
    paths = set()
    while len(paths) < count:
        names = rng.sample(sorted(choices), rng.randint(1, 3))
        query = {name: rng.choice(choices[name]) for name in sorted(names)}
        paths.add(f"/van-ban/?{urlencode(query)}")
    return sorted(paths)


class Table:
    """Plain multi-row INSERTs into a model's table, values made ready for the database once."""

    def __init__(self, model):
        self.model = model
        self.fields = model._meta.concrete_fields
        self.defaults = {
            f.attname: f.get_db_prep_save(f.get_default(), connection)
            for f in self.fields
            if f.has_default() or f.null
        }
        self.datetimes = {
            f.attname for f in self.fields if f.get_internal_type() == "DateTimeField"
        }
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns})"

    def next_id(self):
        return (self.model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1

    def value(self, row, field):
        if field.attname not in row:
            return self.defaults[field.attname]
        value = row[field.attname]
        if value is not None and field.attname in self.datetimes:
            return connection.ops.adapt_datetimefield_value(value)
        return value

    def insert(self, rows):
        if not rows:
            return
        values = [tuple(self.value(row, f) for f in self.fields) for row in rows]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(cursor.cursor, self.sql + " VALUES %s", values, page_size=1000)
            else:
                one = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
                per = max(1, 30_000 // len(self.fields))  # SQLite: at most 32,766 parameters
                for start in range(0, len(values), per):
                    chunk = values[start : start + per]
                    cursor.execute(
                        f"{self.sql} VALUES {', '.join([one] * len(chunk))}",
                        [v for row in chunk for v in row],
                    )


def reset_sequences():
    """PostgreSQL: the id sequences past the ids given by generate() (nothing on SQLite)."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Article, Photo]):
            cursor.execute(sql)


_FORMATTER = string.Formatter()


@functools.cache
def _slug_piece(text):
    return slugify_vi(text, max_length=10_000)


def slug_fill(template, values, max_length):
    """slugify_vi(template.format(**values), max_length), from the slugs of the pieces (kept):
    slugify joins words with "-" whatever stood between them."""
    parts = []
    for literal, name, _, _ in _FORMATTER.parse(template):
        parts.append(_slug_piece(literal))
        if name:
            parts.append(_slug_piece(str(values[name])))
    slug = "-".join(part for part in parts if part)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def _values(rng, moment):
    local = moment.astimezone(demo.content.TZ)
    return {
        "subject": rng.choice(SUBJECTS),
        "action": rng.choice(ACTIONS),
        "topic": rng.choice(TOPICS),
        "place": rng.choice(PLACES),
        "when": rng.choice(WHEN),
        "year": local.year,
        "day": local.day,
        "month": local.month,
        "percent": rng.randint(60, 99),
        "count": rng.randint(12, 900),
    }


SOURCE = "Trung tâm Văn hóa, Thông tin và Thể thao thành phố Long Khánh"


def _article(rng, n, moment, categories, weights):
    """An article's row (attname: value), with what Article.save() would write."""
    values = _values(rng, moment)
    template = rng.choice(TITLES)
    title, _ = fill(template, values)
    title = title[0].upper() + title[1:]
    summary, _ = fill(rng.choice(SUMMARIES), values)
    paragraphs = [fill(p, values) for p in rng.sample(PARAGRAPHS, rng.randint(3, 5))]
    status = Article.Status.PUBLISHED
    if n % 50 == 7:
        status = Article.Status.DRAFT if n % 100 == 7 else Article.Status.REVIEW
    author = AUTHORS[n % len(AUTHORS)] if n % 7 else ""
    return {
        "title": title,
        "slug": f"{slug_fill(template, values, 150)}-{n}",
        "category_id": rng.choices(categories, weights)[0],
        "summary": summary,
        "body": "\n".join(f"<p>{escape(text)}</p>" for text, _ in paragraphs),
        "author": author,
        "author_slug": _slug_piece(author),
        "source": SOURCE,
        "status": str(status),
        "published_at": moment if status == Article.Status.PUBLISHED else None,
        "featured": n % 200 == 3,
        "created_by_id": None,
        "created_at": moment,
        "updated_at": moment,
    }


def _photo_values(shared):
    name, width, height, made = shared
    renditions = Photo._meta.get_field("renditions").get_db_prep_save(made, connection)
    return {
        "image": name,
        "width": width,
        "height": height,
        "renditions": renditions,
        "alt_text": "Ảnh minh họa",
        "credit": "",
        "position": 0,
        "after_paragraph": None,
    }


# Paths real traffic asks for.


def article_paths():
    """Every published article's path, newest first."""
    slugs = (
        Article.objects.published().order_by("-published_at", "-id").values_list("slug", flat=True)
    )
    base = reverse("news:article", kwargs={"slug": "x"})[: -len("x/")]
    return [f"{base}{slug}/" for slug in slugs.iterator(chunk_size=20_000)]


def section_paths(per_section=None, rng=None):
    """Pages of every section, from the first to the last, by the cursors the pages link to:
    page k (k ≥ 2) is `?truoc=<cursor of the last article of page k-1>`, the cursor made by
    Archive.cursor. With `per_section`, that many pages a section, at depths spread evenly over
    its whole chain (the first and the last included); else every page."""
    paths = []
    for category in Category.objects.order_by("position", "id"):
        rows = (
            Article.objects.published()
            .filter(category=category)
            .order_by("-published_at", "-id")
            .values_list("published_at", "id")
        )
        rows = list(rows.iterator(chunk_size=20_000))
        if not rows:
            continue
        base = category.get_absolute_url()
        pages = -(-len(rows) // Archive.PER_PAGE)
        if per_section is None or per_section >= pages:
            depths = range(1, pages + 1)
        else:
            depths = sorted(
                {
                    1,
                    pages,
                    *(1 + round(i * (pages - 1) / (per_section - 1)) for i in range(per_section)),
                }
            )
        for depth in depths:
            if depth == 1:
                paths.append(base)
                continue
            published_at, pk = rows[(depth - 1) * Archive.PER_PAGE - 1]
            cursor = Archive.cursor(types.SimpleNamespace(published_at=published_at, pk=pk))
            paths.append(f"{base}?truoc={cursor}")
    return paths


def search_queries(count, seed=14):
    """`count` distinct queries of 1-3 words from the vocabulary's phrases (runs of words of one
    phrase, or of two), half of them without diacritics, in a random order."""
    rng = random.Random(seed)
    phrases = SUBJECTS + ACTIONS + TOPICS + PLACES + AUTHORS
    words = [[w for w in p.split() if w.isalnum()] for p in phrases]
    queries, seen = [], set()
    limit = count * 50
    while len(queries) < count and limit:
        limit -= 1
        first = rng.choice(words)
        size = rng.randint(1, min(3, len(first)))
        start = rng.randint(0, len(first) - size)
        query = first[start : start + size]
        if len(query) < 3 and rng.random() < 0.4:  # a word of another phrase, or a year
            other = rng.choice(words + [[str(y)] for y in range(2019, 2027)])
            extra = rng.choice(other)
            if extra not in query:
                query = query + [extra]
        text = " ".join(query).strip(":,")
        if rng.random() < 0.5:
            text = fold(text)
        if rng.random() < 0.3:
            text = text.lower()
        key = search_form(text), text
        if text and key not in seen and len(text) > 1:
            seen.add(key)
            queries.append(text)
    return queries


def search_paths(count, seed=14):
    from urllib.parse import urlencode

    base = reverse("news:search")
    return [f"{base}?{urlencode({'q': q})}" for q in search_queries(count, seed)]


def zipf(paths, count, rng, exponent=1.0):
    """`count` draws from `paths` (newest first), the k-th newest with weight 1/k^exponent."""
    cumulative = list(itertools.accumulate(1 / (k**exponent) for k in range(1, len(paths) + 1)))
    total = cumulative[-1]
    return [paths[bisect.bisect_left(cumulative, rng.random() * total)] for _ in range(count)]


MIX = {"home": 0.40, "article": 0.45, "section": 0.10, "search": 0.05}


def mix_paths(count, *, articles, sections, searches, seed=14):
    """`count` paths in the mix's proportions: home, articles (Zipf, newest most likely),
    section pages (uniform over every depth), searches (distinct queries)."""
    rng = random.Random(seed)
    home = reverse("news:home")
    n_article = round(count * MIX["article"])
    n_section = round(count * MIX["section"])
    n_search = round(count * MIX["search"])
    n_home = count - n_article - n_section - n_search
    paths = [home] * n_home
    paths += zipf(articles, n_article, rng)
    paths += [rng.choice(sections) for _ in range(n_section)]
    paths += [searches[i % len(searches)] for i in range(n_search)]
    rng.shuffle(paths)
    return paths


def write_paths(paths, file):
    """One path a line (tools/paths.lua reads them)."""
    with open(file, "w", encoding="utf-8") as out:
        for path in paths:
            if "\n" in path or not path.startswith("/"):
                raise ValueError(f"not a path: {path!r}")
            out.write(path + "\n")
    return file
