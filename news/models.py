import re

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from longkhanh import prepared, richtext, search
from longkhanh.images import reencode, validate_image_upload
from longkhanh.models import StoredImage, unguessable_path
from longkhanh.pagecache import fragment
from longkhanh.paths import slug_path
from longkhanh.renditions import delete_when_unused, make_all
from longkhanh.sanitize import clean_html, plain_text
from longkhanh.text import slugify_vi, unique_slug


class Category(models.Model):
    name = models.CharField("tên chuyên mục", max_length=100)
    slug = models.SlugField(
        "đường dẫn",
        max_length=100,
        unique=True,
        blank=True,
        help_text="Để trống để tạo tự động từ tên (không dấu).",
    )
    description = models.TextField("mô tả", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    in_menu = models.BooleanField("hiện trên menu", default=True)

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Category, self.name, self.pk, max_length=100)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("news:category", self.slug)

    @classmethod
    def all_for(cls, request):
        """Every section, in the menu's order, kept under the chrome generation (which saving a
        section changes): a page asks no query to find its section or list the menu's."""
        if request is not None and hasattr(request, "_sections"):
            return request._sections
        sections = fragment(request, "sections", lambda: list(cls.objects.all()))
        if request is not None:
            request._sections = sections
        return sections

    @classmethod
    def by_slug(cls, request, slug):
        """The section at `slug`, or None."""
        return next((c for c in cls.all_for(request) if c.slug == slug), None)

    @classmethod
    def in_menu_for(cls, request):
        """The menu's sections (the menu and the home page share them)."""
        return [c for c in cls.all_for(request) if c.in_menu]


def public_q(prefix=""):
    """The one definition of what the public may see, as a condition on an article (or, with
    `prefix`, on articles reached through a relation: "articles__"). news.stored.stored_page
    writes it in SQL too (tests/test_rendered.py holds the two to the same answers)."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(public_q())

    def for_listing(self):
        """Columns and joins that article lists need, without the long text columns."""
        return self.select_related("category").defer("body")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"

    title = models.CharField("tiêu đề", max_length=255)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text=(
            "Để trống để tạo tự động từ tiêu đề (không dấu). Đường dẫn tạo tự động đổi theo "
            "tiêu đề cho đến khi bài được đăng lần đầu."
        ),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name="chuyên mục",
    )
    summary = models.TextField("tóm tắt", blank=True)
    body = CKEditor5Field("nội dung", blank=True)
    author = models.CharField(
        "tác giả",
        max_length=150,
        blank=True,
        help_text=(
            "Tên tác giả in cuối bài. Để trống để dùng họ tên trong tài khoản của người viết "
            "(không bao giờ dùng tên đăng nhập)."
        ),
    )
    # The byline's slug, for the author's page (/tac-gia/<slug>/); written by save().
    author_slug = models.SlugField(max_length=150, blank=True, default="", editable=False)
    source = models.CharField("nguồn", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "thời gian xuất bản",
        null=True,
        blank=True,
        help_text="Để trống để xuất bản ngay; đặt thời gian tương lai để hẹn giờ đăng.",
    )
    featured = models.BooleanField("tin nổi bật (trình chiếu)", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tạo",
        editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a version (who, when, every field); see docs/ARCHITECTURE.md.
    history = HistoricalRecords(
        verbose_name="phiên bản bài viết",
        verbose_name_plural="phiên bản bài viết",
        excluded_fields=["author_slug"],
    )

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        permissions = [("publish_article", "Có thể xuất bản và gỡ bài viết")]
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        # Each list's query, newest first with the id as tie-breaker (Meta.ordering), is one
        # index seek: the archive, a section's (home, section pages, keyset pages), the slideshow,
        # a byline's, and the admin's list (newest work first). The most read: ReadCount.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="article_category_idx",
            ),
            models.Index(
                fields=["featured", "status", "-published_at", "-id"],
                name="article_featured_idx",
            ),
            models.Index(
                fields=["author_slug", "status", "-published_at", "-id"],
                name="article_author_idx",
            ),
            models.Index(fields=["-created_at", "-id"], name="article_admin_idx"),
            # The sitemaps' "last changed" (walked from the newest until a public one).
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="Bài đã xuất bản phải có thời gian xuất bản.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        StoredImage.ensure(richtext.stored_names(self.body))  # renditions of its images, now
        # The row as stored, read once: whether this save changes a public page (the page
        # cache's `shown_publicly`, news/apps.py) and whether the slug follows the title.
        stored = (
            Article.objects.filter(pk=self.pk).values("status", "title", "slug").first()
            if self.pk
            else None
        )
        self._was_public = stored is not None and stored["status"] == Article.Status.PUBLISHED
        made_slug = not self.slug or self._slug_follows_title(stored)
        if made_slug:
            self.slug = unique_slug(Article, self.title, self.pk)
        self._stamp_publication()
        self.author_slug = slugify_vi(self.author, max_length=150)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body", "author_slug"}
        for _ in range(5):
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                # Two editors saving the same title at once: the slug made here was taken
                # meanwhile, so make the next one. Any other conflict is not ours to fix.
                taken = Article.objects.filter(slug=self.slug).exclude(pk=self.pk).exists()
                if not (made_slug and taken):
                    raise
                self.slug = unique_slug(Article, self.title, self.pk)
        raise IntegrityError(f"no free slug for {self.title!r}")

    def get_absolute_url(self):
        return slug_path("news:article", self.slug)

    def _slug_follows_title(self, stored):
        """Until its first publication, an address the site made from the title follows the
        title: a retitled draft is not published under its first working title. An address
        typed by hand, or one already published, stays. `stored`: the row before this save."""
        if stored is None or self.published_at is not None:
            return False
        if stored["title"] == self.title or stored["slug"] != self.slug:
            return False
        made = slugify_vi(stored["title"], 200) or "bai-viet"  # as unique_slug made it, or -2…
        numbered = re.fullmatch(r"(.+)(-\d+)", self.slug)
        return self.slug == made or bool(
            numbered and numbered.group(1) == made[: 200 - len(numbered.group(2))]
        )

    def get_author_url(self):
        """The page of the byline's articles, or "" when the article has no byline."""
        if not self.author_slug:
            return ""
        return slug_path("news:author", self.author_slug)

    def search_document(self):
        """What the site's search index holds for this article (longkhanh/search.py): public
        once published, findable from its publication time (scheduled ones wait for it)."""
        return search.Document(
            title=self.title,
            summary=self.summary,
            text=plain_text(self.body),
            url=self.get_absolute_url(),
            published_at=self.published_at,
            public=self.status == self.Status.PUBLISHED,
        )

    def _stamp_publication(self):
        """Published with no time given means published now."""
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            # To the second: the admin shows and sends back seconds, so a later save of the
            # form leaves the time as it is.
            self.published_at = timezone.now().replace(microsecond=0)

    def clean(self):
        # Before form validation checks the constraint that a published row has a time.
        self._stamp_publication()

    @property
    def description(self):
        """The summary, or else the start of the body text: for feeds and meta descriptions."""
        if self.summary:
            return self.summary
        return Truncator(plain_text(self.body)).words(40)

    @property
    def was_updated(self):
        """Edited more than a minute after it went out (or after it was entered, if backdated)."""
        if not self.published_at:
            return False
        baseline = max(self.published_at, self.created_at)
        return (self.updated_at - baseline).total_seconds() > 60


def newest_of(lists):
    """Several short lists of the newest public articles, in one query whatever their
    number: `lists` is [(column, value, count)], a list being the `count` newest public
    articles whose `column` is `value` ("category_id", 3; "featured", True). Returns, for
    each list in that order, its [(id, updated_at)], newest first: what the list shows and
    the version of each article in it (any save changes `updated_at`).

    One UNION ALL of one index seek per list (article_category_idx, article_featured_idx):
    the ORM cannot say it (a sliced query is not allowed inside a UNION on SQLite), and one
    ORM query per list cost the home page about 0.5 ms each (docs/PERFORMANCE.md)."""
    if not lists:
        return []
    quote = connection.ops.quote_name
    table, parts, params = quote(Article._meta.db_table), [], []
    for number, (column, value, count) in enumerate(lists):
        parts.append(
            f"SELECT * FROM (SELECT {number} AS list, id, updated_at, published_at"
            f" FROM {table} WHERE {quote(column)} = %s AND status = %s"
            f" AND published_at <= %s ORDER BY published_at DESC, id DESC"
            f" LIMIT {int(count)}) AS list{number}"
        )
        params += [value, Article.Status.PUBLISHED, timezone.now()]
    sql = " UNION ALL ".join(parts) + " ORDER BY list, published_at DESC, id DESC"
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params)
        rows = cursor.fetchall()
    found = [[] for _ in lists]
    for number, article_id, updated_at, _ in rows:
        found[number].append((article_id, updated_at))
    return found


class ReviewQueue(Article):
    """The approvers' queue in the admin: the same articles, those waiting for review."""

    class Meta:
        proxy = True
        verbose_name = "bài chờ duyệt"
        verbose_name_plural = "bài chờ duyệt (hàng chờ của Ban biên tập)"


def photo_path(photo, filename):
    return unguessable_path("photos", filename)


class Photo(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name="bài viết"
    )
    image = models.ImageField(
        "ảnh",
        upload_to=photo_path,
        width_field="width",
        height_field="height",
        validators=[validate_image_upload],
        help_text="JPEG, PNG hoặc WebP, tối đa 10 MB.",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField("chú thích", max_length=500, blank=True)
    alt_text = models.CharField(
        "mô tả ảnh (alt)",
        max_length=300,
        help_text="Mô tả ngắn nội dung ảnh cho người khiếm thị dùng trình đọc màn hình.",
    )
    credit = models.CharField("tác giả ảnh", max_length=150, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    # Made when the image is saved (longkhanh/renditions.py): {"figure": …, "card": …, …}.
    renditions = models.JSONField(default=dict, editable=False)
    after_paragraph = models.PositiveSmallIntegerField(
        "đặt sau đoạn thứ",
        null=True,
        blank=True,
        help_text=(
            "Ảnh hiện ngay sau đoạn văn này của nội dung (1 là sau đoạn đầu tiên, 0 là trước "
            "đoạn đầu tiên). Để trống: ảnh hiện ở cuối bài."
        ),
    )

    # Each save keeps what its texts and place were, so that restoring a version of its
    # article brings back its caption too (news.admin: ArticleAdmin._restore).
    history = HistoricalRecords(
        verbose_name="phiên bản ảnh",
        verbose_name_plural="phiên bản ảnh",
        excluded_fields=["renditions", "width", "height"],
    )

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "ảnh"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="photo_alt_text_required"),
        ]

    def __str__(self):
        return self.caption or self.alt_text

    def save(self, *args, **kwargs):
        decoded = None
        replaced = None
        if self.pk and self.image and not self.image._committed:
            # A new file in place of another: the old one and its renditions leave the disk
            # (and the web) once this is committed, unless another photo shows the same file.
            replaced = Photo.objects.filter(pk=self.pk).values_list("image", "renditions").first()
        if self.image and not self.image._committed:
            # A new upload is re-encoded (metadata gone, scaled down if huge), stored, and its
            # renditions made now from the image still in memory, before the row is saved: no
            # page ever shows the photo without them, and no reader's request ever decodes it.
            image = reencode(self.image.file)
            decoded = image.decoded[0]
            self.image.save(image.name, image, save=False)
            self.width, self.height = decoded.size
            self.renditions = {}
        if self.image and (self.width is None or self.height is None):
            # Without stored dimensions Django opens the file every time a photo is loaded.
            self.width, self.height = self.image.width, self.image.height
        if self.image and not self.renditions:
            self.renditions = make_all(self.image.name, source=decoded)
        super().save(*args, **kwargs)
        if replaced and replaced[0] and replaced[0] != self.image.name:
            name, renditions = replaced
            delete_when_unused(name, renditions, lambda: Photo.objects.filter(image=name).exists())


class RenderedArticle(models.Model):
    """An article's own HTML, rendered once and served as it is stored (news/rendered.py): what
    its page shows of it (head tags, the article itself), its card in a section's list and in
    search results.

    Valid while `version` is the one news.rendered.version() gives the article now (its last
    save, and the code and templates that render it); saving a photo, a section or the site's
    settings deletes the rows it changes. Never edited: a row can always be deleted and is
    rendered again on the next view (or by `manage.py render_articles`)."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="rendered"
    )
    # Escaped HTML, each for its place in the page (longkhanh/shell.py's holes). The version and
    # the cards come first: SQLite reads a row's columns in order, so a section's list and a
    # page of search results, which read only these, never read through the long ones.
    version = models.CharField(max_length=40)
    card = models.TextField()
    # A search result's card, with two slots each search fills with its highlighted title and
    # summary (news.templatetags.news_tags.SEARCH_CARD).
    search_card = models.TextField()
    title = models.TextField()
    description = models.TextField()
    meta = models.TextField()
    content = models.TextField()

    class Meta:
        verbose_name = "bản dựng sẵn của bài viết"
        verbose_name_plural = "bản dựng sẵn của bài viết"
        default_permissions = ()

    def __str__(self):
        # What an article's deletion lists among what goes with it (it was the id and version).
        return "bản hiển thị dựng sẵn của bài (tự dựng lại khi cần)"


class ReadCount(models.Model):
    """How many browsers have read an article (news/reads.py), for "Tin đọc nhiều".

    Apart from the article's row, so that a read writes one narrow row and its index, not the
    article's wide row and every index of the article table (its trigram and search indexes
    included, which an indexed count used to make PostgreSQL rewrite on every read). A row is
    made by an article's first read; no row means no read."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="reads"
    )
    count = models.PositiveIntegerField("lượt đọc", default=0)

    class Meta:
        verbose_name = "lượt đọc của bài viết"
        verbose_name_plural = "lượt đọc của bài viết"
        default_permissions = ()
        # "Tin đọc nhiều": read in order, ties the newest article first (the higher id), so the
        # first published ones of the walk are the answer.
        indexes = [models.Index(fields=["-count", "-article"], name="readcount_most_read_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.count}"

    WINDOW = 50  # counts read at a time, most read first, to find the published among them

    @classmethod
    def most_read(cls, count):
        """The `count` published articles read most, most read first: a walk of this table's
        index, a window at a time, each window's published articles fetched by id. (One query
        joining both tables is planned well only with fresh statistics: SQLite, without them,
        sorted every published article.) Normally two small queries."""
        ranked, start = [], 0
        while len(ranked) < count:
            window = list(
                cls.objects.filter(count__gt=0)
                .order_by("-count", "-article_id")
                .values_list("article_id", flat=True)[start : start + cls.WINDOW]
            )
            if not window:
                break
            shown = (
                Article.objects.published().only("title", "slug", "published_at").in_bulk(window)
            )
            ranked += [shown[pk] for pk in window if pk in shown]
            if len(window) < cls.WINDOW:  # the last of the counts
                break
            start += cls.WINDOW
        return ranked[:count]
