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
