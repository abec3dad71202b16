from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from documents.models import Document, DocumentFile, DocumentType, Field, IssuingBody, Relation

PUBLISHED, REVIEW = Document.Status.PUBLISHED, Document.Status.REVIEW


def can_publish(user):
    return user.has_perm("documents.publish_document")


@admin.register(DocumentType, IssuingBody, Field)
class ListAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    fields = ["name", "slug", "position"]


class FileInline(admin.TabularInline):
    model = DocumentFile
    extra = 1
    fields = ["file", "name", "position", "kind_shown", "size_shown"]
    readonly_fields = ["kind_shown", "size_shown"]

    @admin.display(description="định dạng")
    def kind_shown(self, obj):
        return obj.kind_label if obj.pk else "–"

    @admin.display(description="dung lượng")
    def size_shown(self, obj):
        return f"{obj.size / 1024:,.0f} KB".replace(",", ".") if obj.pk else "–"


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["number", "doc_type", "issuer", "issued_on", "effect", "status"]
    list_filter = ["status", "effect", "doc_type", "issuer", "field", "is_draft"]
    # Số ký hiệu first: editors look a document up by it.
    search_fields = ["number", "number_key", "summary", "signer"]
    show_full_result_count = False
    list_select_related = ["doc_type", "issuer"]
    inlines = [FileInline, RelationInline]
    fieldsets = [
        (None, {"fields": ["number", "doc_type", "issuer", "field", "summary", "slug"]}),
        ("Ký và hiệu lực", {
            "fields": ["signer", "signer_title", "issued_on", "effective_on", "expires_on",
                       "effect"],
        }),
        ("Nội dung", {"fields": ["full_text"]}),
        ("Dự thảo lấy ý kiến", {"fields": ["is_draft", "comment_deadline"]}),
        ("Xuất bản", {"fields": ["status", "published_at"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        documents = super().get_queryset(request)
        if can_publish(request.user):
            return documents
        return documents.filter(created_by=request.user)

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

    def get_readonly_fields(self, request, obj=None):
        return [] if can_publish(request.user) else ["published_at"]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not can_publish(request.user):
            field.widget.choices = [c for c in field.widget.choices if c[0] != PUBLISHED]
            field.help_text = "Chọn “Chờ duyệt” để gửi văn bản cho Ban biên tập."
        return field

    def save_model(self, request, obj, form, change):
        if not can_publish(request.user):
            if obj.status == PUBLISHED:  # a forged value
                obj.status = REVIEW
            obj.published_at = (
                Document.objects.filter(pk=obj.pk).values_list("published_at", flat=True).first()
                if change
                else None
            )
        if obj.status == REVIEW and (not change or form.initial.get("status") != REVIEW):
            messages.info(request, "Văn bản đã được gửi cho Ban biên tập duyệt.")
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
