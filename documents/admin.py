import shutil
import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
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
from longkhanh.admin_tools import WorkflowAdmin, review_notices


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
class DocumentAdmin(WorkflowAdmin, SimpleHistoryAdmin):
    publish_permission = "documents.publish_document"
    noun = "văn bản"
    change_list_template = "admin/documents/document/change_list.html"
    object_history_list_template = "admin/workflow_history_list.html"
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


review_notices(Document, "văn bản", can_publish)
