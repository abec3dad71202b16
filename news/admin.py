import bisect

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from longkhanh.accounts import full_name
from longkhanh.admin_tools import (
    NOT_COMPARED,
    InlineAddText,
    LabelledDateTimes,
    OthersRowsRefused,
    ReadOnlyAdmin,
    UnchangedSaveMessage,
    VietnameseChanges,
    drop_empty_version,
    local_time,
    number_versions,
    register_notices,
    remember_updated_at,
    shown_value,
    version_number,
)
from longkhanh.images import CheckedImageField
from longkhanh.richtext import paragraph_openings
from news.models import Article, Category, Photo, ReviewQueue

PUBLISHED = Article.Status.PUBLISHED
REVIEW = Article.Status.REVIEW
DRAFT = Article.Status.DRAFT
# What restoring a version brings back: the text. The workflow (status, publication time) and
# what only approvers set (the slideshow flag) stay as they are now; the address (slug) too,
# so that links keep working.
RESTORED_FIELDS = ["title", "category", "summary", "body", "author", "source"]
# What restoring a version brings back of each photo still in the article (news.Photo.history).
RESTORED_PHOTO_FIELDS = ["caption", "alt_text", "credit", "position", "after_paragraph"]
RESTORE_REASON = "Khôi phục phiên bản lúc {when}"


# The first version the migration gave every photo (news/migrations/0018_photo_history.py):
# not something an editor did.
FIRST_PHOTO_VERSION = "Phiên bản đầu"


def photo_changes(records):
    """{article version's history_id: [{"field", "old", "new"}]}: what each save of `records`
    (an article's versions) did to its photos. A photo's versions are saved right after the
    article's (the admin saves the inline after the article), so each belongs to the newest
    article version not later than itself."""
    if not records:
        return {}
    versions = list(
        Article.history.filter(id=records[0].id)
        .order_by("history_date")
        .values_list("history_date", "history_id")
    )
    dates = [date for date, _ in versions]
    changes = {}
    previous = {}  # photo id: its version before
    for photo in Photo.history.filter(article_id=records[0].id).order_by("history_date"):
        before = previous.get(photo.id)
        previous[photo.id] = photo
        owner = bisect.bisect_right(dates, photo.history_date) - 1  # the newest not later
        if owner < 0 or (photo.history_change_reason or "").startswith(FIRST_PHOTO_VERSION):
            continue
        said = changes.setdefault(versions[owner][1], [])
        name = photo.caption or photo.alt_text or "(không chú thích)"
        if photo.history_type == "+":
            said.append({"field": "Ảnh", "old": "(chưa có)", "new": f"thêm “{name}”"})
        elif photo.history_type == "-":
            said.append({"field": "Ảnh", "old": f"“{name}”", "new": "(đã xóa)"})
        elif before is not None:
            for attname in RESTORED_PHOTO_FIELDS:
                old, new = getattr(before, attname), getattr(photo, attname)
                if old != new:
                    field = Photo._meta.get_field(attname)
                    said.append(
                        {
                            # which photo: its caption as it was (the caption's own change
                            # shows both)
                            "field": f"Ảnh “{before.caption or before.alt_text}” – "
                            f"{field.verbose_name}",
                            "old": shown_value(field, old),
                            "new": shown_value(field, new),
                        }
                    )
    return changes


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


def returned(drafts):
    """The drafts returned to their writers by the approvers: those whose last state before
    this draft was "waiting for review" (one taken down after publication was published)."""
    before = (
        Article.history.filter(id=OuterRef("pk"))
        .exclude(status=DRAFT)
        .order_by("-history_date", "-history_id")
        .values("status")[:1]
    )
    return drafts.alias(before_draft=Subquery(before)).filter(before_draft=REVIEW)


class ReturnedFilter(admin.SimpleListFilter):
    title = "bị trả lại"
    parameter_name = "tra_lai"

    def lookups(self, request, model_admin):
        return [("1", "Bài bị trả lại cho phóng viên")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return returned(queryset.filter(status=DRAFT))
        return queryset


class PublishedYearFilter(admin.SimpleListFilter):
    """The years of publication, from the first to the last: in place of Django's date
    hierarchy, whose list of years is a DISTINCT over every row (0.4 s at 100,000 articles);
    this one reads the first and the last time from the index."""

    title = "năm xuất bản"
    parameter_name = "nam"

    def lookups(self, request, model_admin):
        span = model_admin.get_queryset(request).aggregate(
            first=Min("published_at"), last=Max("published_at")
        )
        if span["first"] is None:
            return []
        first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_at__year=int(self.value()))
        return queryset


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 1
    formfield_overrides = {models.ImageField: {"form_class": CheckedImageField}}
    fields = [
        "preview",
        "image",
        "caption",
        "alt_text",
        "credit",
        "position",
        "after_paragraph",
    ]
    readonly_fields = ["preview"]

    @admin.display(description="Xem trước")
    def preview(self, photo):
        card = (photo.renditions or {}).get("card") if photo.pk else None
        if not card:
            return "—"
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}">',
            card["srcset_jpeg"].split(" ")[0],  # the smallest
            card["width"] // 2 if card["width"] > 320 else card["width"],
            card["height"] // 2 if card["width"] > 320 else card["height"],
            photo.alt_text,
        )


@admin.register(Article)
class ArticleAdmin(
    InlineAddText, OthersRowsRefused, UnchangedSaveMessage, LabelledDateTimes, SimpleHistoryAdmin
):
    list_display = ["title", "category", "state", "published", "author", "is_featured"]
    ordering = ["-created_at"]  # newest work first, drafts (no publication time yet) included
    list_filter = [
        "status", ReturnedFilter, "category", "featured", "published_at", PublishedYearFilter
    ]  # fmt: skip
    list_select_related = ["category"]
    search_fields = ["title", "summary", "author"]
    # A filtered or searched list counts its own rows only, not the whole table a second time
    # (at 100,000 articles every count is a scan).
    show_full_result_count = False
    inlines = [PhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body", "paragraphs"]}),
        ("Tác giả và nguồn", {"fields": ["author", "source"]}),
        ("Xuất bản", {"fields": ["status", "published_at", "featured"]}),
    ]
    actions = ["publish", "unpublish"]
    object_history_list_template = "admin/news/article/history_list.html"

    class Media:  # (css/admin.css is on every admin page: admin/base_site.html)
        js = ["js/admin-keepalive.js"]

    @admin.display(description="trạng thái", ordering="status")
    def state(self, article):
        if article.status == PUBLISHED and article.published_at > timezone.now():
            return "Hẹn giờ đăng"
        return article.get_status_display()

    @admin.display(description="nổi bật", boolean=True, ordering="featured")
    def is_featured(self, article):
        return article.featured

    @admin.display(description="xuất bản", ordering="published_at")
    def published(self, article):
        if article.published_at is None:
            return "—"
        return f"{timezone.localtime(article.published_at):%d/%m/%Y %H:%M}"

    @admin.display(description="các đoạn của bài (để đặt ảnh)")
    def paragraphs(self, article):
        if article is None or article.pk is None:
            return "Danh sách các đoạn hiện ra ở đây sau khi lưu bài lần đầu."
        openings = paragraph_openings(article.body) if article.body else []
        if not openings:
            return "Bài chưa có đoạn nào. Ảnh sẽ hiện ở cuối bài."
        return format_html(
            '<ol class="paragraph-guide">{}</ol>'
            '<p class="help">Ghi số thứ tự đoạn vào ô “Đặt sau đoạn thứ” của ảnh (sau khi lưu, '
            "danh sách này cập nhật theo nội dung mới).</p>",
            format_html_join("", "<li>{}…</li>", ((text,) for text in openings)),
        )

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and not self.has_change_permission(request, article):
            messages.info(
                request,
                "Bài đã xuất bản: chỉ Ban biên tập được sửa hoặc gỡ bài. Bạn có thể xem bài và "
                "lịch sử của bài.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not can_publish(request.user):
            # Only approvers set publication times: writers see the time, never a field for it.
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "fields": [
                            {"published_at": "publication_time", "featured": "featured_view"}.get(
                                f, f
                            )
                            for f in options["fields"]
                        ],
                    },
                )
                for name, options in fieldsets
            ]
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the body as readers see it, not its HTML source.
            return [
                (
                    name,
                    {
                        **options,
                        "fields": ["body_view" if f == "body" else f for f in options["fields"]],
                    },
                )
                for name, options in fieldsets
            ]
        return fieldsets

    @admin.display(description="thời gian xuất bản")
    def publication_time(self, article):
        if article is not None and article.published_at is not None:
            return local_time(article.published_at)
        return "Ban biên tập đặt khi xuất bản bài."

    @admin.display(description="tin nổi bật (trình chiếu)")
    def featured_view(self, article):
        """What writers see of the slideshow flag: words, not a bare icon."""
        shown = "Có" if article is not None and article.featured else "Không"
        return f"{shown} (Ban biên tập chọn tin nổi bật khi xuất bản)"

    @admin.display(description="nội dung")
    def body_view(self, article):
        return mark_safe(article.body)  # sanitized when it was saved (longkhanh.sanitize)

    def save_related(self, request, form, formsets, change):
        """The version just saved says in its note what happened to the photos (each photo's
        own versions say how: `photo_changes`); a save that changed nothing leaves none."""
        super().save_related(request, form, formsets, change)
        counts = {"thêm": 0, "sửa": 0, "xóa": 0}
        for formset in formsets:
            counts["thêm"] += len(formset.new_objects)
            counts["sửa"] += len(formset.changed_objects)
            counts["xóa"] += len(formset.deleted_objects)
        said = [f"{verb} {n}" for verb, n in counts.items() if n]
        if not change:
            return
        if not said:
            before = getattr(request, "_updated_before", None)
            if drop_empty_version(form.instance, formsets, before):
                request._unchanged = form.instance
            return
        version = form.instance.history.order_by("-history_date").first()
        if version is not None and not version.history_change_reason:
            version.history_change_reason = f"Ảnh: {', '.join(said)}"[:100]
            version.save(update_fields=["history_change_reason"])

    def history_view(self, request, object_id, extra_context=None):
        self._article_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """Each version on the page gets what changed since the one before it and what it was
        (created, submitted, published…), as the editorial log says it."""
        records = list(historical_records)
        photos = photo_changes(records)
        for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
            if older is None and newer.history_type != "+":
                older = newer.prev_record  # on the next page
            newer.event = event_label(newer, older.status if older else None)
            if older is not None:
                delta = newer.diff_against(
                    older, excluded_fields=NOT_COMPARED, foreign_keys_are_objs=True
                )
                helper = self.get_historical_record_context_helper(request, newer)
                # Without what reads the same once shown (VietnameseChanges).
                newer.history_delta_changes = helper.context_for_delta_changes(delta)
            newer.history_delta_changes = [
                *getattr(newer, "history_delta_changes", []),
                *photos.get(newer.history_id, []),
            ]
        number_versions(historical_records)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One version: its text beside today's, and "Khôi phục" for those who may change the
        article. Restoring brings back the text only (RESTORED_FIELDS), as a new version."""
        article = self._article_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404("Không có phiên bản này.")
        version = get_object_or_404(Article.history, id=article.pk, history_id=version_id)
        may_restore = self.has_change_permission(request, article)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            return self._restore(request, article, version)
        rows = []
        for name in RESTORED_FIELDS:
            field = Article._meta.get_field(name)
            then = getattr(version, field.attname)
            now = getattr(article, field.attname)
            if name == "category":
                then = Category.objects.filter(pk=then).first()
                now = article.category
            rows.append(
                {
                    "label": field.verbose_name,
                    "then": shown_value(field, then),
                    "now": shown_value(field, now),
                    "changed": then != now,
                }
            )
        # Each photo by today's order: its caption and alt text, and its credit, order and
        # place in the text when the version had them otherwise (restoring brings them back).
        for number, (photo, then) in enumerate(self.photos_of(article, version), start=1):
            for name in RESTORED_PHOTO_FIELDS:
                field = Photo._meta.get_field(name)
                before = getattr(then, name) if then is not None else None
                changed = then is not None and before != getattr(photo, name)
                if name not in ("caption", "alt_text") and not changed:
                    continue
                rows.append(
                    {
                        "label": f"{field.verbose_name} ảnh {number}",
                        "then": shown_value(field, before)
                        if then is not None
                        else "(ảnh thêm sau phiên bản này)",
                        "now": shown_value(field, getattr(photo, name)),
                        "changed": changed,
                    }
                )
        when = local_time(version.history_date, seconds=True)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Phiên bản {version_number(version)} (lúc {when}): {version.title}",
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "version_user": version.history_user,
            "version_time": when,
            "rows": rows,
            "may_restore": may_restore,
            "history_url": reverse("admin:news_article_history", args=[article.pk]),
            "change_url": reverse("admin:news_article_change", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/news/article/version.html", context)

    @staticmethod
    def photos_of(article, version):
        """[(photo as it is now, its kept version as of `version`, or None)] for the article's
        photos. A version's photos are as they were when the next version was saved (the admin
        saves the article, then its photos, in one request), or as now for the newest. None: the
        photo was added after that version (or before photos had versions)."""
        photos = list(article.photos.order_by("position", "id"))
        following = version.next_record
        if following is None:
            return [(photo, None) for photo in photos]
        kept = {}
        for record in (
            Photo.history.filter(
                id__in=[p.pk for p in photos], history_date__lt=following.history_date
            )
            .exclude(history_type="-")
            .order_by("history_date", "history_id")
        ):
            kept[record.id] = record  # the last one before the next version wins
        return [(photo, kept.get(photo.pk)) for photo in photos]

    def _restore(self, request, article, version):
        when = local_time(version.history_date, seconds=True)
        photos = self.photos_of(article, version)
        for name in RESTORED_FIELDS:
            attname = Article._meta.get_field(name).attname
            setattr(article, attname, getattr(version, attname))
        if not Category.objects.filter(pk=article.category_id).exists():
            article.category_id = Article.objects.get(pk=article.pk).category_id
            messages.warning(
                request, "Chuyên mục của phiên bản cũ đã bị xóa: giữ chuyên mục hiện tại."
            )
        article._change_reason = RESTORE_REASON.format(when=when)
        with transaction.atomic():
            article.save()
            for photo, then in photos:
                changed = [
                    name
                    for name in RESTORED_PHOTO_FIELDS
                    if then is not None and getattr(photo, name) != getattr(then, name)
                ]
                if changed:
                    for name in changed:
                        setattr(photo, name, getattr(then, name))
                    photo._change_reason = RESTORE_REASON.format(when=when)
                    photo.save(update_fields=changed)
        self.log_change(request, article, f"Khôi phục nội dung phiên bản lúc {when}.")
        later = sum(1 for _, then in photos if then is None)
        messages.success(
            request,
            f"Đã khôi phục nội dung phiên bản {version_number(version)} (lúc {when}), cùng chú "
            "thích, mô tả và vị trí của "
            "các ảnh có từ lúc đó. Trạng thái và thời gian xuất bản giữ nguyên như hiện tại."
            + (f" {later} ảnh thêm sau phiên bản này được giữ nguyên." if later else ""),
        )
        return redirect("admin:news_article_change", article.pk)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["paragraphs"]
        if can_publish(request.user):
            return readonly
        return [*readonly, "featured_view", "publication_time"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not can_publish(request.user):
            # Not offered to writers; a forged value is turned into "review" on save.
            field.widget.choices = [c for c in field.widget.choices if c[0] != PUBLISHED]
            field.help_text = "Chọn “Chờ duyệt” để gửi bài cho Ban biên tập."
        return field

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            if obj.status == PUBLISHED:
                obj.status = Article.Status.REVIEW
            # The form has no time for writers, but the model's clean() stamps "now" on a
            # forged "published": keep what the approvers set (nothing, for a new article).
            obj.published_at = (
                Article.objects.filter(pk=obj.pk).values_list("published_at", flat=True).first()
                if change
                else None
            )
        if obj.status == REVIEW and (not change or form.initial.get("status") != REVIEW):
            messages.info(request, "Bài đã được gửi cho Ban biên tập duyệt.")
        if not change:
            obj.created_by = request.user
        else:
            remember_updated_at(request, obj)
        if not obj.author:
            # The writer's name from their account (the one who created the article, not an
            # approver who saves it later), family name first; never the login name, which
            # would be half of what is needed to break into the admin.
            obj.author = full_name(obj.created_by or request.user)
        if not obj.author:
            messages.warning(
                request,
                "Bài chưa có tên tác giả: tài khoản của người viết bài chưa có họ tên. Hãy điền ô "
                "“Tác giả”, hoặc họ tên trong tài khoản người viết, để bài có tên tác giả ở cuối "
                "bài.",
            )
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
            article.published_at = article.published_at or timezone.now().replace(microsecond=0)
            article.save()  # through save(): sanitizing, the search index and a version
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


class ByUserFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "người thực hiện"


class ByKindFilter(admin.ChoicesFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "loại thay đổi"


def event_label(record, previous_status):
    """What a version was: created, changed, submitted, published, unpublished, restored."""
    if record.history_type == "+":
        return "Tạo mới" if record.status != PUBLISHED else "Tạo và xuất bản"
    if record.history_type == "-":
        return "Xóa"
    if (record.history_change_reason or "").startswith("Khôi phục"):
        return "Khôi phục phiên bản cũ"
    if record.status != previous_status:
        if record.status == REVIEW:
            return "Gửi duyệt"
        if record.status == PUBLISHED:
            return "Xuất bản"
        if previous_status == PUBLISHED:
            return "Gỡ xuống"
        return "Trả lại / đổi trạng thái"
    return "Sửa"


@admin.register(Article.history.model)
class EditorialLogAdmin(ReadOnlyAdmin):
    """Who created, changed, submitted, published and unpublished what, and when."""

    list_display = ["when", "who", "event", "title", "status", "reason"]
    list_display_links = ["title"]
    # One version, read only: who and when as text (a link to the user's page would refuse
    # everyone but the administrator), the body as text.
    fields = ["title", "category", "status", "published_at", "when", "who", "reason", "text"]
    readonly_fields = fields
    list_filter = [("history_type", ByKindFilter), "status", ("history_user", ByUserFilter)]
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

    @admin.display(description="thời gian", ordering="history_date")
    def when(self, record):
        return local_time(record.history_date, seconds=True)

    @admin.display(description="người thực hiện", ordering="history_user")
    def who(self, record):
        user = record.history_user
        if user is None:
            return "(hệ thống)"
        return f"{full_name(user)} ({user.get_username()})" if full_name(user) else user.username

    @admin.display(description="việc làm")
    def event(self, record):
        return event_label(record, record.previous_status)

    @admin.display(description="ghi chú")
    def reason(self, record):
        return record.history_change_reason or ""

    @admin.display(description="nội dung")
    def text(self, record):
        return shown_value(Article._meta.get_field("body"), record.body)


@register_notices
def editorial_notices(request):
    """The admin's first page: the review queue for approvers, returned drafts for writers."""
    user = request.user
    notices = []
    if can_publish(user):
        waiting = Article.objects.filter(status=REVIEW).count()
        if waiting:
            notices.append(
                (f"{waiting} bài đang chờ duyệt", reverse("admin:news_reviewqueue_changelist"))
            )
    elif user.has_perm("news.change_article"):
        count = returned(Article.objects.filter(created_by=user, status=DRAFT)).count()
        if count:
            url = reverse("admin:news_article_changelist") + "?tra_lai=1"
            notices.append((f"{count} bài bị Ban biên tập trả lại, cần sửa", url))
    return notices
