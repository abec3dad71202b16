"""Văn bản: the legal and administrative documents the portal must publish (Nghị định
42/2022/NĐ-CP, Điều 4), with their files and the relations between them."""

import re
import textwrap

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from documents.files import validate_document_file
from longkhanh import search
from longkhanh.models import unguessable_path
from longkhanh.paths import slug_path
from longkhanh.text import after_words, excerpt, fold, slugify_vi, terms, unique_slug


def number_key(number):
    """The số ký hiệu as it is looked for: "125/KH-UBND", "125 kh ubnd" and "125-KH-UBND" are
    all "125-kh-ubnd" (letters and digits, folded, lower case, one dash between groups)."""
    return "-".join(re.findall(r"[0-9a-z]+", fold(number or "").lower()))


class Listed(models.Model):
    """An editable list (types, issuing bodies, fields): a name, its slug for filters, an order."""

    name = models.CharField("tên", max_length=200, unique=True)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, self.pk, max_length=200)
        super().save(*args, **kwargs)


class DocumentType(Listed):
    class Meta(Listed.Meta):
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"


class IssuingBody(Listed):
    class Meta(Listed.Meta):
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"


class Field(Listed):
    class Meta(Listed.Meta):
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """What the public may see: published, and its publication time has come."""
        return self.filter(status=Document.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("doc_type", "issuer", "field").defer("full_text")


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã xuất bản"

    class Effect(models.TextChoices):
        IN_FORCE = "in_force", "Còn hiệu lực"
        PARTLY = "partly", "Hết hiệu lực một phần"
        EXPIRED = "expired", "Hết hiệu lực toàn bộ"
        NOT_YET = "not_yet", "Chưa có hiệu lực"

    number = models.CharField(
        "số ký hiệu", max_length=100, help_text="Ví dụ: 125/KH-UBND. Không trùng trong một cơ quan."
    )
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    doc_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name="loại"
    )
    issuer = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="cơ quan ban hành",
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="lĩnh vực",
    )
    summary = models.TextField("trích yếu")
    signer = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=150, blank=True)
    issued_on = models.DateField("ngày ban hành")
    effective_on = models.DateField("ngày có hiệu lực", null=True, blank=True)
    expires_on = models.DateField("ngày hết hiệu lực", null=True, blank=True)
    effect = models.CharField(
        "tình trạng hiệu lực", max_length=10, choices=Effect.choices, default=Effect.IN_FORCE
    )
    full_text = models.TextField(
        "toàn văn", blank=True, help_text="Không bắt buộc: nội dung văn bản dạng chữ, để tìm kiếm."
    )
    is_draft = models.BooleanField(
        "dự thảo lấy ý kiến", default=False, help_text="Văn bản đang được đăng để lấy ý kiến."
    )
    comment_deadline = models.DateTimeField("hạn góp ý", null=True, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    history = HistoricalRecords(
        verbose_name="phiên bản văn bản",
        verbose_name_plural="phiên bản văn bản",
        excluded_fields=["number_key", "created_at", "updated_at"],
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        permissions = [("publish_document", "Có thể xuất bản và gỡ văn bản")]
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-issued_on", "-id"], name="document_public_idx"),
            models.Index(fields=["-published_at"], name="document_published_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number_key"], name="document_number_unique_per_issuer"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="document_published_has_time",
                violation_error_message="Văn bản đã xuất bản phải có thời điểm đăng.",
            ),
        ]

    def __str__(self):
        # Cut between words, "…" where it is cut: how the admin names it in lists and messages.
        return f"{self.number} – {textwrap.shorten(self.summary, 80, placeholder='…')}"

    def save(self, *args, **kwargs):
        self.number_key = number_key(self.number)
        if not self.slug:
            number = re.sub(r"[/\\]", " ", self.number)  # "125/KH-UBND" → 125-kh-ubnd-…
            self.slug = unique_slug(Document, f"{number} {self.summary}", self.pk, 120)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)  # as the form keeps it
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("documents:detail", self.slug)

    def clean(self):
        """Published with no time given: published now (what the form's empty time means). A
        draft for comment needs its deadline: without one, comments would never close."""
        from django.core.exceptions import ValidationError

        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)  # as the form keeps it
        if self.is_draft and self.comment_deadline is None:
            raise ValidationError(
                {"comment_deadline": "Hãy đặt hạn góp ý cho dự thảo (người dân góp ý đến hạn này)."}
            )

    @property
    def title(self):
        """ "Kế hoạch 125/KH-UBND": how a document is named in lists and in search results."""
        return f"{self.doc_type.name} {self.number}"

    @property
    def type_before_summary(self):
        """The type's name, to show before the trích yếu in a list; "" when the trích yếu starts
        with it ("Công văn về việc…", not "Công văn Công văn về việc…")."""
        name = self.doc_type.name
        kind = terms(name)
        # Only its first characters folded (a list shows twenty rows): room for the type's words
        # however they are spaced or composed.
        return "" if terms(self.summary[: 2 * len(name) + 2])[: len(kind)] == kind else name

    @property
    def heading(self):
        """The document named in one line, its type said once: "Công văn 2875/UBND-VP về việc
        tiếp nhận hồ sơ…" when the trích yếu starts with the type ("Công văn về việc…"), else
        "Kế hoạch 125/KH-UBND: Phòng cháy chữa cháy năm 2025" (search results, the feed, what
        a comment on a draft is about)."""
        if self.type_before_summary:
            return f"{self.title}: {self.summary}"
        rest = after_words(self.summary, len(terms(self.doc_type.name)))
        return f"{self.title} {rest.lstrip(' ,.:;–-')}".strip()

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def comments_open(self):
        return self.is_draft and (
            self.comment_deadline is None or self.comment_deadline > timezone.now()
        )

    def search_document(self):
        """What the site's search holds: the type and number, the trích yếu, the issuing body,
        the signer, the full text and the words inside the files."""
        texts = [self.full_text, *self.files.values_list("text", flat=True)]
        issued = self._meta.get_field("issued_on").to_python(self.issued_on)  # as typed, a string
        return search.Document(
            title=self.heading[:300],
            url=self.get_absolute_url(),
            published_at=self.published_at,
            # Who issued it and when: the trích yếu is the title's already (said twice, a card
            # read it three times, the eighth trial found).
            summary=f"{self.issuer.name}, ngày {issued:%d/%m/%Y}.",
            text="\n".join(
                [self.number, number_key(self.number).replace("-", " "), self.signer, *texts]
            ),
            # Published: the search itself skips it until its time (as for articles), so a
            # document scheduled for later is found once its time has come, with no save.
            public=self.status == self.Status.PUBLISHED,
        )


def document_file_path(instance, filename):
    return unguessable_path("documents", filename)


def found_inside(wanted):
    """{document id: (where, excerpt)}: where each document of `wanted` ({id: words of a search
    its number and trích yếu lack}) has them: the passage with the most of them, in the full
    text ("toàn văn"), an attached file ("tệp “…”") or the signer's name ("mục người ký"). Two
    queries, for those documents only: their texts are long. The list of Văn bản and the site's
    search show it."""
    if not wanted:
        return {}
    ids = list(wanted)
    rows = Document.objects.filter(pk__in=ids).values_list("pk", "full_text", "signer")
    texts, signers = {}, {}
    for pk, text, signer in rows:
        texts[pk], signers[pk] = [("toàn văn", text)], signer
    files = DocumentFile.objects.filter(document_id__in=ids).order_by("position", "id")
    for pk, name, text in files.values_list("document_id", "name", "text"):
        texts[pk].append((f"tệp “{name}”", text))
    for pk, signer in signers.items():  # searched too (search_document), shown in no list
        texts[pk].append(("mục người ký", signer))
    found = {}
    for pk, candidates in texts.items():
        for where, text in candidates:
            quoted = excerpt(text, wanted[pk])
            if quoted:
                found[pk] = (where, quoted)
                break
    return found


class DocumentFile(models.Model):
    KINDS = {
        "pdf": ("PDF", "application/pdf"),
        "docx": (
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "doc": ("Word 97-2003", "application/msword"),
        "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "xls": ("Excel 97-2003", "application/vnd.ms-excel"),
        "odt": ("OpenDocument Text", "application/vnd.oasis.opendocument.text"),
        "ods": ("OpenDocument Spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"),
        "jpg": ("Ảnh JPEG", "image/jpeg"),
        "png": ("Ảnh PNG", "image/png"),
    }

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name="văn bản"
    )
    file = models.FileField(
        "tệp",
        upload_to=document_file_path,
        max_length=300,
        validators=[validate_document_file],
        help_text="PDF, Word, Excel, OpenDocument hoặc ảnh chụp (JPEG, PNG); tối đa 20 MB.",
    )
    name = models.CharField(
        "tên tệp",
        max_length=255,
        blank=True,
        help_text="Tên khi người dân tải về. Để trống: loại và số ký hiệu văn bản.",
    )
    kind = models.CharField("định dạng", max_length=10, editable=False)
    size = models.PositiveBigIntegerField("dung lượng", default=0, editable=False)
    text = models.TextField("chữ trong tệp", blank=True, editable=False)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from documents.files import extract_text, inspect_upload

        if self.file and not self.file._committed:
            upload = self.file.file
            self.kind = inspect_upload(upload)
            self.size = upload.size
            if not self.name:
                self.name = self.default_name()
            self.text = extract_text(upload, self.kind)
            stem = slugify_vi(self.name.rsplit(".", 1)[0]) or "tep"
            self.file.save(f"{stem}.{self.kind}", upload, save=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}tep/{self.pk}/"

    def default_name(self):
        """ "Kế hoạch 125-KH-UBND" (with " – tệp 2" after the first file): what a resident's
        download is called when the editor gives no name."""
        document = self.document
        name = f"{document.doc_type.name} {document.number.replace('/', '-')}"
        others = DocumentFile.objects.filter(document=document).exclude(pk=self.pk).count()
        return f"{name} – tệp {others + 1}" if others else name

    @property
    def download_name(self):
        """The name a download is saved under: the editors' name, with the type's extension."""
        extension = f".{self.kind}"
        return self.name if self.name.lower().endswith(extension) else self.name + extension

    @property
    def kind_label(self):
        return self.KINDS.get(self.kind, ("", ""))[0]

    @property
    def content_type(self):
        return self.KINDS.get(self.kind, ("", "application/octet-stream"))[1]


class Relation(models.Model):
    class Kind(models.TextChoices):
        REPLACES = "replaces", "Thay thế"
        AMENDS = "amends", "Sửa đổi, bổ sung"
        GUIDES = "guides", "Hướng dẫn"

    # How the relation reads from the other side.
    INVERSE = {
        Kind.REPLACES: "Bị thay thế bởi",
        Kind.AMENDS: "Được sửa đổi, bổ sung bởi",
        Kind.GUIDES: "Được hướng dẫn bởi",
    }

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations", verbose_name="văn bản"
    )
    kind = models.CharField("quan hệ", max_length=10, choices=Kind.choices)
    target = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="inverse_relations",
        verbose_name="văn bản liên quan",
    )

    class Meta:
        verbose_name = "văn bản liên quan"
        verbose_name_plural = "văn bản liên quan"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "target"], name="relation_unique"),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="relation_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.target.number}"
