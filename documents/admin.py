import shutil
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from documents import importer
from documents.models import (
    Document,
    DocumentFile,
    DocumentType,
    Field,
    IssuingBody,
    Relation,
    number_key,
)
from longkhanh.admin_tools import VietnameseChanges, register_notices

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


class ImportForm(forms.Form):
    sheet = forms.FileField(
        label="Bảng tính (CSV hoặc XLSX)",
        help_text="Mỗi dòng một văn bản; dòng đầu là tên cột (xem hướng dẫn bên dưới).",
    )
    archive = forms.FileField(
        label="Tệp nén ZIP các văn bản",
        required=False,
        help_text="Các tệp mà cột “Tệp” nhắc tới. Không bắt buộc.",
    )


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    change_list_template = "admin/documents/document/change_list.html"
    object_history_list_template = "admin/documents/document/history_list.html"
    list_display = ["number", "doc_type", "issuer", "issued_on", "effect", "status"]
    list_filter = ["status", "effect", "doc_type", "issuer", "field", "is_draft"]
    # Số ký hiệu first: editors look a document up by it.
    search_fields = ["number", "number_key", "summary", "signer"]
    show_full_result_count = False
    list_select_related = ["doc_type", "issuer"]
    inlines = [FileInline, RelationInline]
    actions = ["publish", "unpublish"]
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

    def get_search_results(self, request, queryset, search_term):
        """Also the số ký hiệu as typed any way ("125 kh ubnd" finds 125/KH-UBND)."""
        results, duplicates = super().get_search_results(request, queryset, search_term)
        key = number_key(search_term)
        if any(c.isdigit() for c in key):
            results |= queryset.filter(number_key__startswith=key)
        return results, duplicates

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("nhap/", view, name="documents_document_import"), *super().get_urls()]

    def import_view(self, request):
        """Bulk import: a dry run that writes nothing and names each bad row by its line, then
        the editor's confirmation imports what the dry run showed (documents/importer.py)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        plan = error = token = None
        if request.method == "POST" and "confirm" in request.POST:
            folder = self._stash(request, request.POST.get("token", ""))
            if folder is None:
                messages.error(request, "Lần chạy thử đã hết hạn: hãy tải bảng tính lên lại.")
                return redirect("admin:documents_document_import")
            try:
                with (folder / "sheet").open("rb") as sheet:
                    archive = (
                        (folder / "archive").open("rb") if (folder / "archive").exists() else None
                    )
                    try:
                        plan = importer.check(sheet, archive)
                    finally:
                        if archive:
                            archive.close()
                created = importer.run(plan, request.user)
            except importer.ImportError_ as exc:
                error = str(exc)
            else:
                shutil.rmtree(folder, ignore_errors=True)
                request.session.pop("document_import", None)
                messages.success(
                    request,
                    f"Đã nhập {created} văn bản mới; {len(plan.existing)} văn bản đã có từ trước "
                    "được giữ nguyên.",
                )
                return redirect("admin:documents_document_changelist")
        elif request.method == "POST" and form.is_valid():
            try:
                plan = importer.check(form.cleaned_data["sheet"], form.cleaned_data["archive"])
            except importer.ImportError_ as exc:
                error = str(exc)
            else:
                ready = plan.new and not plan.refused
                token = self._keep(request, form.cleaned_data) if ready else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Nhập văn bản từ bảng tính",
            "form": form,
            "plan": plan,
            "error": error,
            "token": token,
            "columns": importer.COLUMNS,
            "publishes": can_publish(request.user),
        }
        return TemplateResponse(request, "admin/documents/document/import.html", context)

    @staticmethod
    def _keep(request, data):
        """The dry run's files, kept for the confirmation (private folder; the token is the
        session's own)."""
        token = uuid.uuid4().hex
        folder = Path(settings.DOCUMENT_IMPORT_DIR) / token
        folder.mkdir(parents=True)
        for name in ("sheet", "archive"):
            if data.get(name):
                data[name].seek(0)
                with (folder / name).open("wb") as out:
                    shutil.copyfileobj(data[name], out)
        request.session["document_import"] = token
        return token

    @staticmethod
    def _stash(request, token):
        if not token or token != request.session.get("document_import"):
            return None
        folder = Path(settings.DOCUMENT_IMPORT_DIR) / token
        return folder if (folder / "sheet").exists() else None

    def has_publish_permission(self, request):
        return can_publish(request.user)

    @admin.action(description="Xuất bản các văn bản đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        for document in queryset.exclude(status=PUBLISHED):
            document.status = PUBLISHED
            document.published_at = document.published_at or timezone.now().replace(microsecond=0)
            document.save()  # a version, the search index, the pages
            count += 1
        self.message_user(request, f"Đã xuất bản {count} văn bản.", messages.SUCCESS)

    @admin.action(description="Gỡ xuống (trả về bản nháp)", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for document in queryset.filter(status=PUBLISHED):
            document.status = Document.Status.DRAFT
            document.save()
            count += 1
        self.message_user(request, f"Đã gỡ {count} văn bản xuống.", messages.SUCCESS)

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

    def _document_or_404(self, request, object_id):
        """Writers see the history of their own documents only, as the list shows them."""
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404("Không có văn bản này.")

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseChanges(self.model, historical_record)  # labels and local times

    def history_view(self, request, object_id, extra_context=None):
        self._document_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version, and restoring it: the text and data come back, the workflow (status,
        publication time) stays as it is now, and the version says what was restored."""
        self._document_or_404(request, object_id)
        request._restoring_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        restoring = getattr(request, "_restoring_version", None)
        if restoring is not None:
            now = Document.objects.get(pk=obj.pk)
            version = Document.history.get(history_id=restoring)
            obj.status, obj.published_at = now.status, now.published_at
            local = timezone.localtime(version.history_date)
            obj._change_reason = f"Khôi phục phiên bản lúc {local:%H:%M ngày %d/%m/%Y}"
            super().save_model(request, obj, form, change)
            return
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


@register_notices
def document_notices(request):
    """The admin's first page: documents waiting for an approver."""
    if not can_publish(request.user):
        return []
    waiting = Document.objects.filter(status=REVIEW).count()
    if not waiting:
        return []
    url = reverse("admin:documents_document_changelist") + "?status__exact=review"
    return [(f"{waiting} văn bản đang chờ duyệt", url)]
