from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q


class LinkGroup(models.Model):
    class Display(models.TextChoices):
        LINKS = "links", "Danh sách liên kết"
        SELECT = "select", "Hộp chọn (chọn rồi bấm “Đi”)"

    name = models.CharField("tên nhóm", max_length=100)
    display = models.CharField(
        "cách hiển thị", max_length=10, choices=Display.choices, default=Display.LINKS
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "nhóm liên kết"
        verbose_name_plural = "nhóm liên kết"
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class Link(models.Model):
    group = models.ForeignKey(
        LinkGroup, on_delete=models.CASCADE, related_name="links", verbose_name="nhóm"
    )
    name = models.CharField("tên", max_length=150)
    url = models.URLField(
        "địa chỉ",
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Bắt đầu bằng http:// hoặc https://",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang dùng", default=True)
    checked_at = models.DateTimeField("kiểm tra lúc", null=True, blank=True, editable=False)
    check_ok = models.BooleanField("hoạt động", null=True, editable=False)
    check_result = models.CharField("kết quả kiểm tra", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "liên kết"
        verbose_name_plural = "liên kết"
        ordering = ["group", "position", "id"]
        indexes = [models.Index(fields=["active", "group", "position"], name="link_active_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="link_url_is_http",
            )
        ]

    def __str__(self):
        return self.name
