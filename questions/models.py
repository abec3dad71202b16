"""Hỏi đáp – góp ý: residents' questions, feedback and comments on draft documents, answered by
the city and published without the askers' personal data (Nghị định 13/2023/NĐ-CP)."""

import datetime
import re
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field

from longkhanh import search
from longkhanh.models import unguessable_path
from longkhanh.sanitize import clean_html, plain_text
from longkhanh.text import fold, unique_slug

# The paths beside the questions under /hoi-dap/: no question may take one as its address.
RESERVED_SLUGS = {"gui-cau-hoi", "da-gui", "theo-doi", "bao-ve-du-lieu-ca-nhan", "rss"}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def new_code():
    return "HD-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Topic(models.Model):
    """An editable list of topics, each with the days the city gives itself to answer."""

    name = models.CharField("tên chủ đề", max_length=150, unique=True)
    slug = models.SlugField("đường dẫn", max_length=150, unique=True, blank=True)
    days_to_answer = models.PositiveSmallIntegerField(
        "số ngày trả lời", default=15, help_text="Hạn trả lời tính từ ngày nhận câu hỏi."
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "chủ đề hỏi đáp"
        verbose_name_plural = "chủ đề hỏi đáp"
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name, self.pk, max_length=150)
        super().save(*args, **kwargs)


class Settings(models.Model):
    """The administrator's knobs: one row."""

    hourly_limit = models.PositiveSmallIntegerField(
        "số câu hỏi mỗi giờ từ một địa chỉ",
        default=20,
        validators=[MinValueValidator(1, "Ít nhất 1: với 0 không ai gửi được câu hỏi.")],
        help_text=(
            "Giới hạn chống gửi hàng loạt. Để rộng: nhiều người dân có thể dùng chung một địa chỉ "
            "mạng của nhà mạng di động."
        ),
    )
    min_fill_seconds = models.PositiveSmallIntegerField(
        "thời gian điền tối thiểu (giây)",
        default=5,
        validators=[MaxValueValidator(60, "Tối đa 60 giây: lâu hơn, người thật cũng bị từ chối.")],
        help_text="Biểu mẫu gửi nhanh hơn thế này bị coi là do máy gửi.",
    )
    retention_days = models.PositiveIntegerField(
        "thời hạn lưu thông tin cá nhân (ngày)",
        default=730,
        validators=[
            MinValueValidator(90, "Ít nhất 90 ngày: đủ để trả lời và liên hệ lại người hỏi.")
        ],
        help_text=(
            "Sau thời hạn này, họ tên, địa chỉ, điện thoại, email và địa chỉ mạng của người hỏi "
            "bị xóa (việc xóa chạy tự động hằng ngày); câu hỏi và câu trả lời được giữ."
        ),
    )

    class Meta:
        verbose_name = "cài đặt hỏi đáp"
        verbose_name_plural = "cài đặt hỏi đáp"

    def __str__(self):
        return "Cài đặt hỏi đáp"

    @classmethod
    def current(cls):
        return cls.objects.get_or_create(pk=1)[0]


# Personal data in what would be published (PersonalData.found): any e-mail address, any mobile
# number (0 and 9 digits, 03/05/07/08/09, written with spaces, dots or dashes, or +84); landlines
# (02…) are the offices' numbers an answer gives.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
MOBILE = re.compile(r"(?<!\d)0[35789]\d{8}(?!\d)")


# Words an address is written with or without ("45/2 đường Nguyễn Trãi", "45/2 Nguyễn Trãi";
# "số 7 Lê Lợi"): left out on both sides before an address is looked for.
ADDRESS_FILLER = {"so", "duong", "pho"}


def _words(text, leave_out=()):
    """Folded, lower case, words between single spaces and a space at each end."""
    words = re.findall(r"[0-9a-z]+", fold(text).lower())
    return f" {' '.join(w for w in words if w not in leave_out)} "


def _digits(text):
    """Digits run together across the spaces, dots and dashes of a written number; +84 as 0."""
    text = re.sub(r"\+\s*84\s*", "0", text)
    return re.sub(r"(?<=\d)[\s.-](?=\d)", "", text)


def attachment_path(instance, filename):
    return unguessable_path("questions", filename)


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED, published_at__lte=timezone.now())

    def overdue(self):
        return self.filter(status__in=Question.OPEN, due_on__lt=timezone.localdate())


class Question(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Câu hỏi"
        FEEDBACK = "feedback", "Góp ý, phản ánh"
        DRAFT_COMMENT = "draft", "Góp ý dự thảo văn bản"

    class Status(models.TextChoices):
        NEW = "new", "Mới"
        ASSIGNED = "assigned", "Đã phân công"
        IN_PROGRESS = "in_progress", "Đang xử lý"
        ANSWERED = "answered", "Đã trả lời"
        PUBLISHED = "published", "Đã đăng"
        REJECTED = "rejected", "Từ chối"

    # Still waiting for an answer: what can be overdue.
    OPEN = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS)

    # What the public may follow with the tracking code (status words, not the internals).
    code = models.CharField(
        "mã theo dõi", max_length=16, unique=True, default=new_code, editable=False
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.QUESTION)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="questions",
        verbose_name="chủ đề",
    )  # fmt: skip
    # A draft document (or anything another app registers as open for comments).
    target_key = models.CharField("góp ý cho", max_length=200, blank=True, db_index=True)
    target_title = models.CharField("tên dự thảo", max_length=300, blank=True)
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    attachment = models.FileField(
        "tệp đính kèm", upload_to=attachment_path, blank=True, max_length=300
    )
    # Personal data (Nghị định 13/2023/NĐ-CP): never shown on a public page; cleared after
    # the retention period.
    name = models.CharField("họ và tên", max_length=150, blank=True)
    address = models.CharField("địa chỉ hoặc phường, xã", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email = models.EmailField("email", blank=True)
    client_address = models.GenericIPAddressField(
        "địa chỉ mạng", null=True, blank=True, editable=False
    )
    consent_publish = models.BooleanField(
        "đồng ý đăng công khai (không kèm thông tin cá nhân)", default=False
    )
    body_key = models.CharField(max_length=64, editable=False, db_index=True, default="")
    submitted_at = models.DateTimeField("gửi lúc", default=timezone.now, editable=False)
    personal_data_removed_at = models.DateTimeField(
        "đã xóa thông tin cá nhân lúc", null=True, blank=True, editable=False
    )
    # Handling.
    status = models.CharField(
        "trạng thái", max_length=12, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.CharField(
        "đơn vị xử lý", max_length=200, blank=True,
        help_text="Chọn trong danh sách đơn vị, hoặc gõ tên đơn vị.",
    )  # fmt: skip
    due_on = models.DateField("hạn trả lời", null=True, blank=True)
    reject_reason = models.TextField("lý do từ chối", blank=True)
    answer = CKEditor5Field("trả lời", blank=True)
    answered_at = models.DateTimeField("trả lời lúc", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("đăng lúc", null=True, blank=True)
    slug = models.SlugField(
        "đường dẫn", max_length=220, unique=True, null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "câu hỏi, góp ý"
        verbose_name_plural = "câu hỏi, góp ý"
        permissions = [("publish_question", "Có thể đăng câu hỏi và câu trả lời")]
        ordering = ["-submitted_at", "-id"]
        get_latest_by = "submitted_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="question_public_idx"),
            models.Index(fields=["client_address", "submitted_at"], name="question_address_idx"),
            models.Index(fields=["status", "due_on"], name="question_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="question_published_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="question_rejected_has_reason",
                violation_error_message="Hãy ghi lý do từ chối.",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def save(self, *args, **kwargs):
        self.answer = clean_html(self.answer)
        if self.answer and self.answered_at is None:
            self.answered_at = timezone.now()
        if self.status == self.Status.PUBLISHED:
            if self.published_at is None:
                self.published_at = timezone.now().replace(microsecond=0)
            # The address follows the title, also once published: an editor who takes a
            # name or a house out of the title takes it out of the address too (the old one is
            # gone, not redirected: it holds what was taken out).
            if not self.slug or self._title_changed():
                self.slug = unique_slug(Question, self.title, self.pk, max_length=200)
                if self.slug in RESERVED_SLUGS:  # the archive's own pages ("theo-doi", "rss"…)
                    self.slug = unique_slug(Question, f"{self.title} hoi dap", self.pk, 200)
        if self.due_on is None and self.topic_id and self.kind != self.Kind.DRAFT_COMMENT:
            received = timezone.localtime(self.submitted_at).date()  # the day in Long Khánh
            self.due_on = received + datetime.timedelta(days=self.topic.days_to_answer)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from longkhanh.paths import slug_path

        return slug_path("questions:detail", self.slug) if self.slug else ""

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)  # an empty time: now
        if self.status == self.Status.REJECTED and not self.reject_reason.strip():
            raise ValidationError({"reject_reason": "Hãy ghi lý do từ chối (người hỏi sẽ thấy)."})
        if self.status in (self.Status.ANSWERED, self.Status.PUBLISHED) and not self.answer_text:
            raise ValidationError({"answer": "Hãy viết câu trả lời trước."})
        if self.status == self.Status.PUBLISHED and not self.consent_publish:
            raise ValidationError({"status": "Người hỏi không đồng ý đăng công khai câu hỏi này."})
        if self.status == self.Status.PUBLISHED:
            found = self.personal_data_found()
            if found:
                raise ValidationError(
                    {
                        name: f"Còn thông tin cá nhân: {', '.join(what)}. Hãy xóa hoặc thay "
                        "bằng “…” trước khi đăng."
                        for name, what in found.items()
                    }
                )

    def _title_changed(self):
        if self.pk is None:
            return False
        stored = Question.objects.filter(pk=self.pk).values_list("title", flat=True).first()
        return stored is not None and stored != self.title

    PUBLIC_FIELDS = {"title": "tiêu đề", "body": "nội dung", "answer": "trả lời"}

    def personal_data_found(self):
        """{field: [what, …]}: the asker's personal data in what publishing shows (title, body,
        answer), which residents type into their question and answers may repeat ("Chào bà
        …"): their name (two words or more), their phone, their address (three words of it
        with a house number), any e-mail address, any mobile number. Compared folded, numbers
        whatever their separators."""
        name = _words(self.name) if len(self.name.split()) >= 2 else ""
        # The address's runs of three words with a number in them ("hem 38 2"): a resident
        # writes part of it ("nhà ở hẻm 38/2 đường Cây Da Xanh").
        words = _words(self.address, ADDRESS_FILLER).split()
        runs = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
        runs = [f" {run} " for run in runs if re.search(r"\d", run)]
        phone = re.sub(r"\D", "", _digits(self.phone))
        found = {}
        for field in self.PUBLIC_FIELDS:
            text = getattr(self, field)
            text = plain_text(text) if field == "answer" else text
            words, digits = _words(text), _digits(text)
            address_words = _words(text, ADDRESS_FILLER)
            what = []
            if name and name in words:
                what.append(f"họ tên người hỏi “{self.name}”")
            if any(run in address_words for run in runs):
                what.append(f"địa chỉ “{self.address}”")
            if len(phone) >= 8 and phone in digits:
                what.append(f"số điện thoại “{self.phone}”")
            what += [f"email “{m.group()}”" for m in EMAIL.finditer(text)]
            what += [
                f"số điện thoại “{m.group()}”"
                for m in MOBILE.finditer(digits)
                if not (len(phone) >= 8 and m.group() == phone)
            ]
            if what:
                found[field] = list(dict.fromkeys(what))
        return found

    @property
    def answer_text(self):
        """The answer's words, without markup: CKEditor's empty answer is "<p>&nbsp;</p>"."""
        return plain_text(self.answer)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_overdue(self):
        return bool(self.due_on and self.status in self.OPEN and self.due_on < timezone.localdate())

    def public_status(self):
        """What the asker reads when following the code."""
        return {
            self.Status.NEW: "Đã nhận, đang chờ phân công",
            self.Status.ASSIGNED: "Đã chuyển đơn vị xử lý",
            self.Status.IN_PROGRESS: "Đang xử lý",
            self.Status.ANSWERED: "Đã có câu trả lời",
            self.Status.PUBLISHED: "Đã trả lời và đăng công khai",
            self.Status.REJECTED: "Không tiếp nhận",
        }[self.status]

    def remove_personal_data(self):
        self.name = self.address = self.phone = self.email = ""
        self.client_address = None
        self.personal_data_removed_at = timezone.now()

    def search_document(self):
        answer = plain_text(self.answer)
        return search.Document(
            title=self.title,
            url=self.get_absolute_url(),
            published_at=self.published_at,
            summary=self.body[:300],
            text=f"{self.body}\n{answer}",
            public=self.status == self.Status.PUBLISHED,
        )


class Mail(models.Model):
    """A message to an asker, kept until it is sent: a submission is stored first, and mail that
    fails (the server down) is sent again by `send_question_mail`."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="mails", verbose_name="câu hỏi"
    )
    to = models.EmailField("gửi tới")
    subject = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("số lần thử", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=500, blank=True)

    class Meta:
        verbose_name = "thư gửi người hỏi"
        verbose_name_plural = "thư gửi người hỏi"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="mail_pending_idx")]

    def __str__(self):
        return self.subject

    def send(self):
        """Sends now; a failure is recorded and the row stays for the next try."""
        from django.core.mail import send_mail

        self.attempts += 1
        try:
            send_mail(self.subject, self.body, None, [self.to])
        except Exception as exc:  # SMTP down, refused, timed out: try again later
            self.last_error = f"{type(exc).__name__}: {exc}"[:500]
            self.save(update_fields=["attempts", "last_error"])
            return False
        self.sent_at = timezone.now()
        self.last_error = ""
        self.save(update_fields=["attempts", "sent_at", "last_error"])
        return True
