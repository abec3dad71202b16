from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from longkhanh.admin_tools import ReadOnlyAdmin
from longkhanh.models import SiteSettings, VisitDay


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    fieldsets = [
        (None, {"fields": ["site_title", "slogan"]}),
        (
            "Chân trang",
            {"fields": ["agency", "responsible", "address", "email", "phones"]},
        ),
        ("Bộ đếm truy cập", {"fields": ["visits_offset"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:longkhanh_sitesettings_change", args=[1]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitDay)
class VisitDayAdmin(ReadOnlyAdmin):
    """Visits per day, read-only: they are counted by the site, never typed in."""

    list_display = ["day", "count"]
    date_hierarchy = "day"
