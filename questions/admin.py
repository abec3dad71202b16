import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from longkhanh import comments
from longkhanh.admin_tools import LabelledDateTimes, register_notices
from questions import mail
from questions.models import Mail, Question, Settings, Topic

PERSONAL = ["name", "address", "phone", "email"]


def can_publish(user):
    return user.has_perm("questions.publish_question")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "days_to_answer", "position"]
    list_editable = ["days_to_answer", "position"]
    fields = ["name", "slug", "days_to_answer", "position"]


@admin.register(Settings)
class SettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "hourly_limit", "min_fill_seconds", "retention_days"]

    def has_add_permission(self, request):
        return not Settings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class OverdueFilter(admin.SimpleListFilter):
    title = "hạn trả lời"
    parameter_name = "qua_han"

    def lookups(self, request, model_admin):
        return [("co", "Quá hạn"), ("sap", "Đến hạn trong 3 ngày")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "co":
            return queryset.overdue()
        if self.value() == "sap":
            soon = today + timezone.timedelta(days=3)
            return queryset.filter(status__in=Question.OPEN, due_on__gte=today, due_on__lte=soon)
        return queryset


class DraftFilter(admin.SimpleListFilter):
    """Comments on drafts, grouped by the draft they are about."""

    title = "góp ý cho dự thảo"
    parameter_name = "du_thao"

    def lookups(self, request, model_admin):
        drafts = (
            Question.objects.exclude(target_key="")
            .values_list("target_key", "target_title")
            .distinct()
            .order_by("target_title")
        )
        return [(key, title[:80]) for key, title in drafts]

    def queryset(self, request, queryset):
        return queryset.filter(target_key=self.value()) if self.value() else queryset


class UnitInput(forms.TextInput):
    """A text box offering the units' names (the organisation app's, when installed) in a
    <datalist>: any other name can still be typed."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join

        attrs = {**(attrs or {}), "list": f"{(attrs or {}).get('id', name)}-units"}
        box = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "", '<option value="{}"></option>', ((u,) for u in comments.unit_names())
        )
        return format_html('{}<datalist id="{}">{}</datalist>', box, attrs["list"], options)


@admin.register(Question)
class QuestionAdmin(LabelledDateTimes, admin.ModelAdmin):
    change_list_template = "admin/questions/question/change_list.html"
    list_display = ["code", "title", "kind", "topic", "status", "assigned_to", "due_on",
                    "overdue", "consent_publish", "submitted_at"]  # fmt: skip
    list_filter = ["status", OverdueFilter, "kind", "topic", DraftFilter]
    search_fields = ["code", "title", "body", "target_title"]
    list_select_related = ["topic"]
    date_hierarchy = "submitted_at"
    actions = ["publish"]
    # The title and text stay editable: an editor removes a house number or a name the asker
    # typed into them before the question is published.
    readonly_fields = ["code", "kind", "target_shown", "attachment_shown", "consent_publish",
                       "submitted_at", "answered_at"]  # fmt: skip
    fieldsets = [
        ("Câu hỏi", {"fields": ["code", "kind", "target_shown", "topic", "title", "body",
                                "attachment_shown", "submitted_at"]}),
        ("Người hỏi (không công khai)", {"fields": [*PERSONAL, "consent_publish"]}),
        ("Xử lý", {"fields": ["status", "assigned_to", "due_on", "reject_reason"]}),
        ("Trả lời", {"fields": ["answer", "answered_at", "published_at"]}),
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["widget"] = UnitInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="hạn")
    def overdue(self, question):
        return "Quá hạn" if question.is_overdue else ""

    @admin.display(description="góp ý cho")
    def target_shown(self, question):
        return question.target_title or "–"

    @admin.display(description="tệp đính kèm")
    def attachment_shown(self, question):
        if not question.attachment:
            return "–"
        from django.utils.html import format_html

        url = reverse("admin:questions_question_attachment", args=[question.pk])
        return format_html('<a href="{}">Tải tệp đính kèm</a>', url)

    def has_add_permission(self, request):
        return False  # questions come from residents, through the form

    def view_on_site(self, question):
        return question.get_absolute_url() if question.is_public else None

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None and obj.personal_data_removed_at:
            fields += PERSONAL
        return fields if can_publish(request.user) else [*fields, "published_at"]

    def has_change_permission(self, request, obj=None):
        """Writers answer; what is published or rejected is the approvers' to change."""
        if not super().has_change_permission(request, obj):
            return False
        final = (Question.Status.PUBLISHED, Question.Status.REJECTED)
        return obj is None or can_publish(request.user) or obj.status not in final

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not can_publish(request.user):
            final = ("published", "rejected")
            field.widget.choices = [c for c in field.widget.choices if c[0] not in final]
            field.help_text = "Ban biên tập đăng câu trả lời lên trang, hoặc từ chối câu hỏi."
        return field

    def save_model(self, request, obj, form, change):
        before = Question.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
        if not can_publish(request.user) and obj.status == Question.Status.PUBLISHED:
            obj.status = Question.Status.ANSWERED  # a forged value
            obj.published_at = None
        if not can_publish(request.user) and obj.status == Question.Status.REJECTED:
            obj.status = before or Question.Status.NEW  # a forged value
        if obj.status == Question.Status.ASSIGNED and obj.due_on is None and obj.topic_id:
            obj.due_on = timezone.localdate() + timezone.timedelta(days=obj.topic.days_to_answer)
        super().save_model(request, obj, form, change)
        done = (Question.Status.ANSWERED, Question.Status.PUBLISHED)
        if obj.status in done and before not in done:
            mail.answered(obj)

    @admin.action(description="Đăng các câu hỏi đã chọn cùng câu trả lời", permissions=["publish"])
    def publish(self, request, queryset):
        count, no_answer, no_consent, personal = 0, [], [], []
        for question in queryset.exclude(status=Question.Status.PUBLISHED):
            if not question.answer_text:
                no_answer.append(question.code)
                continue
            if not question.consent_publish:
                no_consent.append(question.code)
                continue
            if question.personal_data_found():
                personal.append(question.code)
                continue
            before = question.status
            question.status = Question.Status.PUBLISHED
            question.save()
            if before != Question.Status.ANSWERED:
                mail.answered(question)
            count += 1
        if count:  # none published: the warnings below say why, not a success of nothing
            self.message_user(request, f"Đã đăng {count} câu hỏi.", messages.SUCCESS)
        if no_answer:
            self.message_user(
                request,
                f"Chưa đăng (chưa có câu trả lời): {', '.join(no_answer)}.",
                messages.WARNING,
            )
        if no_consent:
            self.message_user(
                request,
                f"Không đăng (người hỏi không đồng ý đăng công khai): {', '.join(no_consent)}.",
                messages.WARNING,
            )
        if personal:
            self.message_user(
                request,
                "Chưa đăng (tiêu đề, nội dung hoặc câu trả lời còn thông tin cá nhân: họ tên, "
                "địa chỉ, điện thoại, email; mở từng câu để xóa): " + ", ".join(personal) + ".",
                messages.WARNING,
            )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("xuat-du-lieu/", wrap(self.export_view), name="questions_question_export"),
            path("<int:pk>/tep/", wrap(self.attachment_view), name="questions_question_attachment"),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk):
        from django.http import FileResponse, Http404

        question = self.get_object(request, pk)
        if question is None or not self.has_view_or_change_permission(request, question):
            raise Http404("Không có câu hỏi này.")
        if not question.attachment:
            raise Http404("Câu hỏi không có tệp đính kèm.")
        response = FileResponse(question.attachment.open("rb"), as_attachment=True)
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def export_view(self, request):
        """Everything held about one asker, found by their tracking code: the administrator's
        answer to a data subject's request (Nghị định 13/2023/NĐ-CP)."""
        if not request.user.is_superuser:
            raise PermissionDenied
        code = request.GET.get("ma", "").strip().upper()
        question = Question.objects.filter(code=code).first() if code else None
        if question is not None and request.GET.get("tai") == "1":
            asker = Question.objects.none()
            for field in ("email", "phone"):
                value = getattr(question, field)
                if value:
                    asker |= Question.objects.filter(**{field: value})
            rows = (asker | Question.objects.filter(pk=question.pk)).distinct().order_by("pk")
            data = [
                {
                    "ma_theo_doi": q.code,
                    "gui_luc": timezone.localtime(q.submitted_at).isoformat(),
                    "ho_ten": q.name,
                    "dia_chi": q.address,
                    "dien_thoai": q.phone,
                    "email": q.email,
                    "dia_chi_mang": q.client_address,
                    "tieu_de": q.title,
                    "noi_dung": q.body,
                    "trang_thai": q.get_status_display(),
                    "dong_y_dang": q.consent_publish,
                    "da_xoa_thong_tin_ca_nhan": bool(q.personal_data_removed_at),
                    "thu_da_gui": [m.subject for m in q.mails.all()],
                }
                for q in rows
            ]
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="du-lieu-{code}.json"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Xuất dữ liệu cá nhân của một người hỏi",
            "code": code,
            "question": question,
        }
        return TemplateResponse(request, "admin/questions/question/export.html", context)


class SentFilter(admin.SimpleListFilter):
    """Sent or waiting (Django's filter for an empty field said "Theo đã gửi lúc: Rỗng")."""

    title = "tình trạng gửi"
    parameter_name = "da_gui"

    def lookups(self, request, model_admin):
        return [("chua", "Chưa gửi được"), ("roi", "Đã gửi")]

    def queryset(self, request, queryset):
        if self.value() in ("chua", "roi"):
            return queryset.filter(sent_at__isnull=self.value() == "chua")
        return queryset


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "created_at", "sent_at", "attempts", "last_error"]
    list_filter = [SentFilter]
    readonly_fields = ["question", "to", "subject", "body", "created_at", "sent_at", "attempts",
                       "last_error"]  # fmt: skip
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Gửi lại các thư đã chọn")
    def send_again(self, request, queryset):
        sent = sum(mail.send() for mail in queryset.filter(sent_at=None))
        self.message_user(request, f"Đã gửi {sent} thư.", messages.SUCCESS)


@register_notices
def question_notices(request):
    """The admin's first page: new questions, and those past their due date."""
    if not request.user.has_perm("questions.change_question"):
        return []
    url = reverse("admin:questions_question_changelist")
    notices = []
    new = Question.objects.filter(status=Question.Status.NEW).count()
    if new:
        notices.append((f"{new} câu hỏi mới chờ phân công", f"{url}?status__exact=new"))
    late = Question.objects.overdue().count()
    if late:
        notices.append((f"{late} câu hỏi quá hạn trả lời", f"{url}?qua_han=co"))
    return notices
