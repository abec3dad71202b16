from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from sorl.thumbnail import get_thumbnail

from longkhanh.admin_tools import ReadOnlyAdmin
from news.images import CheckedImageField
from news.models import Article, Category, Photo, ReviewQueue

PUBLISHED = Article.Status.PUBLISHED


def as_articles(queryset):
    return Article.objects.filter(pk__in=queryset.values("pk"))


def can_publish(user):
    """Approvers ("Ban biên tập") may publish and unpublish; writers ("Phóng viên") may not."""
    return user.has_perm("news.publish_article")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_menu"]
    list_editable = ["position", "in_menu"]
    search_fields = ["name"]
    fields = ["name", "slug", "description", "position", "in_menu"]


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 1
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageField}}
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
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "category", "status", "published_at", "featured", "author"]
    ordering = ["-created_at"]  # newest work first, drafts (no publication time yet) included
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
    history_list_display = ["title", "status"]
    actions = ["publish", "unpublish"]

    # Writers see and change their own articles, and only until they are published.

    def get_queryset(self, request):
        articles = super().get_queryset(request)
        if can_publish(request.user):
            return articles
        return articles.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or can_publish(request.user):
            return True
        return obj.created_by_id == request.user.pk and obj.status != PUBLISHED

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or can_publish(request.user) or obj.status != PUBLISHED

    # The version history (django-simple-history's views check only the view permission on
    # the old version): the same rules as the article itself.

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))  # through get_queryset
        if article is None:
            raise Http404("Không có bài viết này.")
        return article

    def history_view(self, request, object_id, extra_context=None):
        self._article_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        if request.method == "POST" and not self.has_change_permission(request, article):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return [] if can_publish(request.user) else ["featured"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not can_publish(request.user):
            # Not offered to writers; a forged value is turned into "review" on save.
            field.widget.choices = [c for c in field.widget.choices if c[0] != PUBLISHED]
            field.help_text = "Chọn “Chờ duyệt” để gửi bài cho Ban biên tập."
        return field

    def save_model(self, request, obj, form, change):
        if obj.status == PUBLISHED and not can_publish(request.user):
            obj.status = Article.Status.REVIEW
            messages.info(request, "Bài đã được gửi cho Ban biên tập duyệt.")
        if not change:
            obj.created_by = request.user
        if not obj.author:
            obj.author = request.user.get_full_name() or request.user.get_username()
        super().save_model(request, obj, form, change)

    # Approvers' actions

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        # As Article rows (not proxies), so that versions and page-cache clearing follow.
        for article in as_articles(queryset).exclude(status=PUBLISHED):
            article.status = PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save()  # through save(): sanitizing, search columns and a version
            count += 1
        self.message_user(request, f"Đã xuất bản {count} bài.", messages.SUCCESS)

    @admin.action(description="Gỡ xuống (trả về bản nháp)", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for article in as_articles(queryset).filter(status=PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"Đã gỡ {count} bài xuống.", messages.SUCCESS)


@admin.register(ReviewQueue)
class ReviewQueueAdmin(ArticleAdmin):
    """Approvers' queue: articles writers have submitted, oldest first."""

    list_display = ["edit_link", "category", "author", "created_by", "updated_at"]
    list_display_links = None
    list_filter = ["category"]
    date_hierarchy = None
    ordering = ["updated_at"]
    actions = ["publish", "return_to_writer"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Article.Status.REVIEW)

    def has_module_permission(self, request):
        return can_publish(request.user)

    def has_view_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # articles are edited in "Bài viết"; the queue lists them and acts on them

    def has_add_permission(self, request):
        return False

    @admin.display(description="tiêu đề", ordering="title")
    def edit_link(self, article):
        url = reverse("admin:news_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>', url, article.title)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Trả lại cho phóng viên (bản nháp)", permissions=["publish"])
    def return_to_writer(self, request, queryset):
        count = 0
        for article in as_articles(queryset):
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
        self.message_user(request, f"Đã trả lại {count} bài.", messages.SUCCESS)


@admin.register(Article.history.model)
class EditorialLogAdmin(ReadOnlyAdmin):
    """Who created, changed, submitted, published and unpublished what, and when."""

    list_display = ["history_date", "history_user", "event", "title", "status"]
    list_filter = ["history_type", "status", "history_user"]
    search_fields = ["title"]
    date_hierarchy = "history_date"
    list_select_related = ["history_user"]

    def get_queryset(self, request):
        versions = super().get_queryset(request)
        if not can_publish(request.user):  # writers see the history of their own articles
            versions = versions.filter(id__in=Article.objects.filter(created_by=request.user))
        # The version before each one, whatever the list's filters show.
        previous = Article.history.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date")
        return versions.annotate(previous_status=Subquery(previous.values("status")[:1]))

    @admin.display(description="việc làm")
    def event(self, record):
        if record.history_type == "+":
            return "Tạo mới" if record.status != PUBLISHED else "Tạo và xuất bản"
        if record.history_type == "-":
            return "Xóa"
        if record.status != record.previous_status:
            if record.status == Article.Status.REVIEW:
                return "Gửi duyệt"
            if record.status == PUBLISHED:
                return "Xuất bản"
            if record.previous_status == PUBLISHED:
                return "Gỡ xuống"
            return "Trả lại / đổi trạng thái"
        return "Sửa"
