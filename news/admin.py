from django.contrib import admin
from django.utils.html import format_html
from sorl.thumbnail import get_thumbnail

from news.models import Article, Category, Photo


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_menu"]
    list_editable = ["position", "in_menu"]
    search_fields = ["name"]
    fields = ["name", "slug", "description", "position", "in_menu"]


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 1
    fields = ["preview", "image", "caption", "alt_text", "credit", "position"]
    readonly_fields = ["preview"]

    @admin.display(description="Xem trước")
    def preview(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        try:
            thumb = get_thumbnail(photo.image, "240", upscale=False, format="JPEG")
            return format_html(
                '<img src="{}" width="{}" height="{}" alt="{}">',
                thumb.url,
                thumb.width,
                thumb.height,
                photo.alt_text,
            )
        except Exception:  # a missing or broken file: show its name, not an error page
            return photo.image.name


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "status",
        "published_at",
        "featured",
        "author",
        "updated_at",
    ]
    list_filter = ["status", "category", "featured", "published_at"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "author"]
    date_hierarchy = "published_at"
    inlines = [PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        ("Tác giả và nguồn", {"fields": ["author", "source"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "featured"]}),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not obj.author:
            obj.author = request.user.get_full_name() or request.user.get_username()
        super().save_model(request, obj, form, change)
