import datetime

from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from longkhanh.admin_tools import WorkflowAdmin, review_notices
from organisation.models import Entry, Page, Person, Unit, Week


class EnglishFields:
    """The English fields' widgets say so (lang="en"): screen readers read them in English."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name.endswith("_en"):
            field.widget.attrs["lang"] = "en"
        return field


class PersonInline(admin.StackedInline):  # stacked: each box has its label (axe "label")
    model = Person
    extra = 0
    fields = [("name", "title"), ("phone", "email"), ("is_leader", "is_contact_point", "position")]
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(EnglishFields, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as links/admin.py
    list_display = ["name", "kind", "parent", "phone", "position", "active"]
    list_editable = ["position"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["parent"]
    inlines = [PersonInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "parent", "slug", "position", "active"]}),
        ("Liên hệ", {"fields": ["address", "phone", "fax", "email", "website"]}),
        ("Chức năng, nhiệm vụ", {"fields": ["duties"]}),
        ("Tiếng Anh", {"fields": ["name_en", "address_en", "duties_en"], "classes": ["collapse"]}),
    ]  # fmt: skip


@admin.register(Person)
class PersonAdmin(EnglishFields, admin.ModelAdmin):
    list_display = ["name", "title", "unit", "phone", "is_leader", "is_contact_point", "active"]
    list_filter = ["is_leader", "is_contact_point", "active", "unit__kind"]
    search_fields = ["name", "title", "search_key"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fields = [
        "name", "title", "title_en", "unit", "photo", "phone", "email",
        "is_leader", "is_contact_point", "position", "active",
    ]  # fmt: skip


@admin.register(Page)
class PageAdmin(EnglishFields, WorkflowAdmin, SimpleHistoryAdmin):
    publish_permission = "organisation.publish_page"
    noun = "trang"
    kept_on_restore = [*WorkflowAdmin.kept_on_restore, "in_menu", "position", "parent"]
    object_history_list_template = "admin/workflow_history_list.html"
    list_display = ["title", "parent", "position", "in_menu", "status", "english"]
    list_filter = ["status", "in_menu"]
    search_fields = ["title", "title_en"]
    fieldsets = [
        (None, {"fields": ["title", "parent", "slug", "summary", "body"]}),
        ("Vị trí", {"fields": ["position", "in_menu"]}),
        ("Tiếng Anh", {"fields": ["title_en", "body_en"], "classes": ["collapse"]}),
        ("Xuất bản", {"fields": ["status", "published_at"]}),
    ]  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Any page can be the parent, also for writers, who list only their own pages."""
        if db_field.name == "parent":
            kwargs["queryset"] = Page.objects.order_by("title")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="có bản tiếng Anh", boolean=True)
    def english(self, page):
        return page.has_english


class EntryFormSet(BaseInlineFormSet):
    def clean(self):
        """Each entry's day is in its week (a new week's Monday is known only here: the entries
        of a week being added have no week yet when they are cleaned)."""
        super().clean()
        start = self.instance.starts_on
        if not start:
            return
        end = start + datetime.timedelta(days=6)
        for form in self.forms:
            day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
            if day and not form.cleaned_data.get("DELETE") and not start <= day <= end:
                form.add_error("day", f"Ngày phải trong tuần từ {start:%d/%m} đến {end:%d/%m/%Y}.")


class EntryInline(admin.StackedInline):
    model = Entry
    formset = EntryFormSet
    extra = 1
    fields = [
        ("day", "starts_at"), "content", "leaders", "place", "participants", "preparer",
        ("recurring", "cancelled", "changed"),
    ]  # fmt: skip
    readonly_fields = ["changed"]
    filter_horizontal = ["leaders"]


@admin.register(Week)
class WeekAdmin(WorkflowAdmin, SimpleHistoryAdmin):
    publish_permission = "organisation.publish_week"
    noun = "lịch tuần"
    object_history_list_template = "admin/workflow_history_list.html"
    list_display = ["__str__", "status", "entry_count", "published_at"]
    list_filter = ["status"]
    date_hierarchy = "starts_on"
    inlines = [EntryInline]
    fields = ["starts_on", "note", "status", "published_at"]
    actions = [*WorkflowAdmin.actions, "copy_recurring"]
    # Entries have no versions of their own yet: a restore must not look as if it brought them
    # back (a trial restored a week and its edited entry stayed as it was).
    restore_note = (
        "Phiên bản của lịch tuần chỉ gồm ngày bắt đầu và ghi chú của tuần; các mục lịch không "
        "có phiên bản và không được khôi phục: hãy sửa chúng ở trang của tuần."
    )

    @admin.display(description="số mục")
    def entry_count(self, week):
        return week.entries.count()

    @admin.action(description="Chép các mục lặp lại hằng tuần từ tuần trước")
    def copy_recurring(self, request, queryset):
        added = 0
        for week in queryset:
            if not self.has_change_permission(request, week):
                continue
            added += week.copy_recurring_from_previous()
        if added:
            self.message_user(request, f"Đã chép {added} mục từ tuần trước.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                "Không có mục lặp lại nào để chép (tuần trước chưa có, hoặc đã chép rồi).",
                messages.WARNING,
            )

    def get_changeform_initial_data(self, request):
        """A new week starts on the Monday after the newest one (usually next week)."""
        import datetime

        from django.utils import timezone

        from organisation.models import monday_of

        newest = Week.objects.order_by("-starts_on").values_list("starts_on", flat=True).first()
        today = monday_of(timezone.localdate())
        start = max(today, newest + datetime.timedelta(days=7)) if newest else today
        return {"starts_on": start, **super().get_changeform_initial_data(request)}


review_notices(Page, "trang giới thiệu", lambda user: user.has_perm("organisation.publish_page"))
review_notices(Week, "lịch công tác", lambda user: user.has_perm("organisation.publish_week"))
