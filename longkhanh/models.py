from django.db import models
from django.db.models import Q, Sum


class SiteSettings(models.Model):
    """The one row of site-wide texts editors can change: banner, footer, agency details."""

    site_title = models.CharField(
        "tên trang", max_length=200, default="Trang thông tin điện tử Thành phố Long Khánh"
    )
    slogan = models.TextField(
        "khẩu hiệu (băng rôn)", blank=True, help_text="Hiện dưới đầu trang, đứng yên."
    )
    agency = models.CharField("cơ quan chủ quản", max_length=300, blank=True)
    responsible = models.CharField("chịu trách nhiệm chính", max_length=300, blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    email = models.EmailField("email", blank=True)
    phones = models.CharField("số điện thoại", max_length=200, blank=True)
    hotline = models.CharField(
        "đường dây nóng",
        max_length=100,
        blank=True,
        help_text="Số điện thoại tiếp nhận phản ánh, hiện đầu trang Liên hệ.",
    )
    site_title_en = models.CharField(
        "tên trang (tiếng Anh)",
        max_length=200,
        blank=True,
        help_text="Tên trang ở các trang tiếng Anh (/en/). Để trống: dùng tên tiếng Việt.",
    )
    agency_en = models.CharField("cơ quan chủ quản (tiếng Anh)", max_length=300, blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=300, blank=True)
    visits_offset = models.PositiveBigIntegerField(
        "lượt truy cập trước đây",
        default=0,
        help_text="Cộng vào tổng lượt truy cập, để tiếp nối số liệu của trang cũ.",
    )

    class Meta:
        verbose_name = "cài đặt trang"
        verbose_name_plural = "cài đặt trang"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="site_settings_single_row")]

    def __str__(self):
        return "Cài đặt trang"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls, request=None):
        """The settings row (unsaved defaults if there is none yet).

        Cached under the content generation (longkhanh/pagecache.py), which saving this row
        changes: an edit in the admin shows on the very next page view on every worker and
        server, and other page views read no row.
        """
        from longkhanh.pagecache import fragment

        if request is not None and hasattr(request, "_site_settings"):
            return request._site_settings
        settings = fragment(
            request, "site-settings", lambda: cls.objects.filter(pk=1).first() or cls()
        )
        if request is not None:
            request._site_settings = settings
        return settings


class VisitDay(models.Model):
    """New visits counted per day (Asia/Ho_Chi_Minh); total is the sum of all days."""

    day = models.DateField("ngày", primary_key=True)
    count = models.PositiveBigIntegerField("lượt truy cập", default=0)

    class Meta:
        verbose_name = "lượt truy cập theo ngày"
        verbose_name_plural = "lượt truy cập theo ngày"
        ordering = ["-day"]
        get_latest_by = "day"

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.count}"

    @classmethod
    def totals(cls, day):
        """(visits on `day`, visits of all days) in one query."""
        result = cls.objects.aggregate(today=Sum("count", filter=Q(day=day)), total=Sum("count"))
        return result["today"] or 0, result["total"] or 0


def unguessable_path(folder, filename):
    """`folder/2026/11/<16 random hex>/<filename>`: a stored file's address that nobody can guess
    from a camera's sequential names (dsc_0042.jpg), nor can its renditions' (named by a hash of
    the source's name). Drafts' images stay out of reach until they are published. The month is
    the city's (Asia/Ho_Chi_Minh), as the editor who uploads on the 1st before 7 a.m. has it."""
    import secrets

    from django.utils import timezone

    return f"{folder}/{timezone.localtime():%Y/%m}/{secrets.token_hex(8)}/{filename}"


class StoredImage(models.Model):
    """An image inserted in a text with the editor (CKEditor's upload), with its renditions,
    made once when it was uploaded: bodies show them, never the original (longkhanh/richtext.py)."""

    name = models.CharField("tệp", max_length=255, unique=True)
    width = models.PositiveIntegerField("rộng")
    height = models.PositiveIntegerField("cao")
    renditions = models.JSONField("các bản thu nhỏ", default=dict)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ảnh trong nội dung"
        verbose_name_plural = "ảnh trong nội dung"
        ordering = ["-uploaded_at"]
        get_latest_by = "uploaded_at"

    def __str__(self):
        return self.name

    @classmethod
    def ensure(cls, names):
        """Rows, with renditions, for stored files a text shows that have none yet (images put in
        before renditions were made at upload). Runs when the text is saved, never for readers."""
        from django.core.files.storage import default_storage

        missing = set(names) - set(
            cls.objects.filter(name__in=names).values_list("name", flat=True)
        )
        for name in missing:
            if default_storage.exists(name):
                cls.make(name)

    @classmethod
    def make(cls, name, source=None):
        """The row for a stored file, its renditions made from `source` (decoded) or the file."""
        from django.core.files.storage import default_storage
        from PIL import Image

        from longkhanh.renditions import SPECS, make_all

        if source is None:
            with default_storage.open(name) as stored:
                source = Image.open(stored)
                source.load()
        renditions = make_all(name, source=source, specs={"figure": SPECS["figure"]})
        width, height = source.size
        return cls.objects.update_or_create(
            name=name, defaults={"width": width, "height": height, "renditions": renditions}
        )[0]

    @classmethod
    def store(cls, image):
        """Saves an uploaded (already checked and re-encoded) image under an unguessable name and
        makes its renditions; returns the row."""
        from django.core.files.storage import default_storage

        name = default_storage.save(unguessable_path("uploads", image.name), image)
        return cls.make(name, source=image.decoded[0])


class SearchEntry(models.Model):
    """One findable thing of any app, in the site's search index (longkhanh/search.py).

    Only public content has an entry (saving a draft or unpublishing removes it); content
    scheduled for later has one, and searches skip it until `published_at` has passed. The
    `search_*` columns hold the text folded by `longkhanh.text.index_form`; the database's own
    full-text index is built from them by the migration: an FTS5 table kept by triggers on
    SQLite, a weighted tsvector column with a GIN index on PostgreSQL.

    The id is made from the publication time (`longkhanh.search.entry_ids`: the second, then a
    sequence within it), so that the newest matches are the highest ids: FTS5 reads them in
    rowid order and stops after the few it needs, whatever the size of the archive.
    """

    # Always given (search.assign_ids); an auto field only because SQLite makes that its rowid.
    id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    title = models.TextField("tiêu đề")
    summary = models.TextField("tóm tắt", blank=True)
    url = models.CharField("đường dẫn", max_length=500)
    published_at = models.DateTimeField("thời gian xuất bản")
    search_title = models.TextField(default="")
    search_summary = models.TextField(default="")
    search_body = models.TextField(default="")

    class Meta:
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "mục tìm kiếm"
        ordering = ["-id"]  # newest first (see the id)
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_entry_once")
        ]

    def __str__(self):
        return self.title
