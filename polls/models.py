from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone


class PollQuerySet(models.QuerySet):
    def open(self):
        """Polls taking votes now: switched on, opened, not yet closed."""
        now = timezone.now()
        return self.filter(active=True, opens_at__lte=now).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )


class Poll(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Mọi người"
        STAFF = "staff", "Chỉ cán bộ (đã đăng nhập)"

    question = models.CharField("câu hỏi", max_length=300)
    description = models.TextField("mô tả", blank=True)
    opens_at = models.DateTimeField("bắt đầu", default=timezone.now)
    closes_at = models.DateTimeField("kết thúc", null=True, blank=True)
    active = models.BooleanField(
        "đang dùng", default=True, help_text="Cuộc thăm dò đang dùng hiện ở cột bên mọi trang."
    )
    audience = models.CharField(
        "đối tượng", max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = "cuộc thăm dò"
        verbose_name_plural = "cuộc thăm dò"
        ordering = ["-opens_at", "-id"]
        get_latest_by = "opens_at"
        indexes = [models.Index(fields=["active", "-opens_at"], name="poll_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="poll_closes_after_it_opens",
                violation_error_message="Thời điểm kết thúc phải sau thời điểm bắt đầu.",
            )
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("polls:results", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        now = timezone.now()
        return (
            self.active
            and self.opens_at <= now
            and (self.closes_at is None or self.closes_at > now)
        )

    @property
    def staff_only(self):
        return self.audience == self.Audience.STAFF

    def results(self):
        """Choices with `votes` and `percent`, and the total, counted from the votes table."""
        choices = list(self.choices.annotate(votes=Count("vote")).order_by("position", "id"))
        total = sum(choice.votes for choice in choices)
        for choice in choices:
            choice.percent = round(100 * choice.votes / total, 1) if total else 0
        return choices, total


class Choice(models.Model):
    poll = models.ForeignKey(
        Poll, on_delete=models.CASCADE, related_name="choices", verbose_name="cuộc thăm dò"
    )
    text = models.CharField("phương án", max_length=200)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "phương án"
        verbose_name_plural = "phương án"
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Vote(models.Model):
    """One vote. The unique keys make "once per browser, once per staff account" a database rule."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, verbose_name="cuộc thăm dò")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, verbose_name="phương án")
    voter_key = models.CharField("mã người bình chọn", max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="tài khoản",
    )
    created_at = models.DateTimeField("thời gian", auto_now_add=True)

    class Meta:
        verbose_name = "lượt bình chọn"
        verbose_name_plural = "lượt bình chọn"
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="vote_once_per_browser"),
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=Q(user__isnull=False),
                name="vote_once_per_account",
            ),
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.choice}"
