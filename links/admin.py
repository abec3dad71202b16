from django.contrib import admin
from django.db import models

from links.models import Link, LinkGroup
from longkhanh.admin_tools import InlineAddText

# An address typed without a scheme is taken as https:// (Django 6's default, chosen now).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class LinkInline(admin.TabularInline):
    model = Link
    extra = 1
    formfield_overrides = URL_FIELDS
    fields = ["name", "url", "position", "active", "checked_at", "check_result"]
    readonly_fields = ["checked_at", "check_result"]


@admin.register(LinkGroup)
class LinkGroupAdmin(InlineAddText, admin.ModelAdmin):
    list_display = ["name", "display", "position"]
    list_editable = ["display", "position"]
    inlines = [LinkInline]


class CheckFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return [("hong", "Hỏng"), ("tot", "Hoạt động"), ("chua", "Chưa kiểm tra")]

    def queryset(self, request, queryset):
        match self.value():
            case "hong":
                return queryset.filter(check_ok=False)
            case "tot":
                return queryset.filter(check_ok=True)
            case "chua":
                return queryset.filter(check_ok__isnull=True)
        return queryset


@admin.register(Link)
class LinkAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "group", "url", "position", "active", "check_ok", "checked_at"]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = [CheckFilter, "active", "group"]
    list_select_related = ["group"]
    search_fields = ["name", "url"]
    fields = ["group", "name", "url", "position", "active", "checked_at", "check_result"]
    readonly_fields = ["checked_at", "check_result"]
