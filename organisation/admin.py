import datetime
import textwrap

from django.contrib import admin, messages
from django.db import models
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from longkhanh.admin_tools import InlineAddText, WorkflowAdmin, review_notices
from organisation.models import Entry, Page, Person, Unit, Week, said_when


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
class UnitAdmin(InlineAddText, EnglishFields, admin.ModelAdmin):
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
    # Versions saved before they held their entries (organisation.models.WeekVersion).
    restore_note = (
        "Phiên bản này được lưu trước khi phiên bản của lịch tuần giữ các mục lịch: chỉ ngày "
        "bắt đầu và ghi chú của tuần được khôi phục; các mục lịch giữ nguyên như hiện tại."
    )

    def restore_note_for(self, version):
        if version.entries is None:
            return self.restore_note
        return (
            f"Khôi phục phiên bản này cũng đưa các mục lịch về như trong phiên bản "
            f"({len(version.entries)} mục, liệt kê dưới đây): mục đã sửa được trả lại, mục đã "
            "xóa được thêm lại, mục thêm sau phiên bản này bị xóa, hoặc đánh dấu hoãn nếu lịch "
            "đã công bố (người dân đã có thể thấy); vẫn có thể lấy lại bằng cách khôi phục "
            "phiên bản mới hơn."
        )

    def version_context(self, version):
        if version.entries is None:
            return {}
        leaders = dict(Person.objects.values_list("pk", "name"))
        rows = []
        for kept in version.entries:
            fields, leader_ids = Entry.from_kept(kept)
            rows.append(
                {
                    **fields,
                    "leaders": [leaders[pk] for pk in leader_ids if pk in leaders],
                }
            )
        return {"version_entries": rows}

    # Entries named in a version's changes; more are counted ("và 3 mục khác").
    NAMED_ENTRIES = 8

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """The history's "Những thay đổi" also says what changed in the entries, version to
        version, when both versions hold them: how many were added, changed, deleted, then
        each (its day, time and content) with what changed in it ("địa điểm: Phường Xuân An
        → Phường Xuân Trung"), as for the week's own fields (from a trial: counts alone)."""
        super().set_history_delta_changes(request, historical_records, **kwargs)
        records = list(historical_records)
        people = None
        first = records[-1] if records else None
        if first is not None and first.entries is not None and first.prev_record is None:
            # The week's first version: what it began with.
            said = f"tạo với {len(first.entries)} mục" if first.entries else "tạo, chưa có mục"
            changes = list(getattr(first, "history_delta_changes", None) or [])
            first.history_delta_changes = [*changes, {"field": "Mục lịch", "summary": said}]
        for newer, older in zip(records, records[1:], strict=False):
            if newer.entries is None or older.entries is None:
                continue
            then = {kept["id"]: kept for kept in older.entries}
            now = {kept["id"]: kept for kept in newer.entries}
            added = [now[pk] for pk in now if pk not in then]
            edited = [(then[pk], now[pk]) for pk in now if pk in then and now[pk] != then[pk]]
            deleted = [then[pk] for pk in then if pk not in now]
            counts = [("thêm", len(added)), ("sửa", len(edited)), ("xóa", len(deleted))]
            said = ", ".join(f"{verb} {count} mục" for verb, count in counts if count)
            if not said:
                continue
            if people is None:
                people = dict(Person.objects.values_list("pk", "name"))
            lines = [{"field": "Mục lịch", "summary": said}]
            lines += [{"field": "Thêm", "summary": _entry_named(kept)} for kept in added]
            lines += [
                {
                    "field": "Sửa",
                    "summary": f"{_entry_named(new)} ({_entry_changes(old, new, people)})",
                }
                for old, new in edited
            ]
            lines += [{"field": "Xóa", "summary": _entry_named(kept)} for kept in deleted]
            if len(lines) > self.NAMED_ENTRIES + 1:
                more = len(lines) - 1 - self.NAMED_ENTRIES
                lines = [
                    *lines[: self.NAMED_ENTRIES + 1],
                    {"field": "…", "summary": f"và {more} mục khác"},
                ]
            changes = list(getattr(newer, "history_delta_changes", None) or [])
            newer.history_delta_changes = [*changes, *lines]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A week opened by someone who may change it says its leaders' clashes, as its save
        does (a trial opened a week with a clash copied in earlier and was told nothing); once,
        when the save's warning is already on the page ("Lưu và tiếp tục")."""
        if request.method == "GET":
            week = self.get_object(request, object_id)
            said = week.clashes_said() if week is not None else None
            if (
                said
                and self.has_change_permission(request, week)
                and all(str(message) != said for message in messages.get_messages(request))
            ):
                messages.warning(request, said)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        """The entries' forms saved: the newest version and the search entry take the entries
        once, after all of them (Week.entries_saved), not after each entry's save."""
        with form.instance.entries_kept_once():
            super().save_related(request, form, formsets, change)
        said = form.instance.clashes_said()
        if said:
            messages.warning(request, said)

    def restore_related(self, request, week, version):
        """The week's entries made what `version` kept: changed ones put back, deleted ones
        added again (with their ids when free), later ones deleted, or marked postponed when
        residents could read the week; each a change the entries' own rules see (a published
        week's entry stays marked "điều chỉnh" once it was). Only
        for those who may add, change and delete entries, as the week's form lets them."""
        if version.entries is None:
            super().restore_related(request, week, version)
            return
        needed = [f"organisation.{what}_entry" for what in ("add", "change", "delete")]
        if not request.user.has_perms(needed):
            messages.warning(
                request,
                "Bạn không có quyền thêm, sửa và xóa mục lịch: chỉ ngày bắt đầu và ghi chú của "
                "tuần được khôi phục; các mục lịch giữ nguyên như hiện tại.",
            )
            return
        # Residents could read the week before this restore: an entry added since is marked
        # postponed, not deleted (what editors are asked to do with an announced meeting).
        announced = getattr(week, "was_public", week.is_public)
        with week.entries_kept_once():
            back, again, gone = self._restore_entries(week, version.entries, announced)
        done = [
            f"{back} mục được sửa lại như lúc đó" if back else "",
            f"{again} mục đã xóa được thêm lại" if again else "",
            f"{gone} mục thêm sau đó được đánh dấu hoãn (lịch đã công bố)"
            if gone and announced
            else f"{gone} mục thêm sau đó bị xóa"
            if gone
            else "",
        ]
        done = "; ".join(part for part in done if part)
        messages.info(
            request,
            f"Các mục lịch: {done}." if done else "Các mục lịch đã như trong phiên bản này.",
        )

    @staticmethod
    def _restore_entries(week, kept_entries, announced=False):
        """(changed, added again, deleted or, `announced`, marked postponed) counts."""
        now = {entry.pk: entry for entry in week.entries.prefetch_related("leaders")}
        people = set(Person.objects.values_list("pk", flat=True))
        back, again = 0, 0
        for kept in kept_entries:
            fields, leader_ids = Entry.from_kept(kept)
            leader_ids = sorted(pk for pk in leader_ids if pk in people)  # some may be gone
            entry = now.pop(kept["id"], None)
            if entry is None:
                free = not Entry.objects.filter(pk=kept["id"]).exists()
                entry = Entry(pk=kept["id"] if free else None, week=week, **fields)
                entry.save(force_insert=True)
                entry.leaders.set(leader_ids)
                again += 1
                continue
            fields["changed"] = fields.get("changed", False) or entry.changed
            if entry.kept() == {**kept, **Entry.kept_form(fields), "leaders": leader_ids}:
                continue
            for name, value in fields.items():
                setattr(entry, name, value)
            entry.save()
            entry.leaders.set(leader_ids)
            back += 1
        for entry in now.values():
            if not announced:
                entry.delete()
            elif not entry.cancelled:
                entry.cancelled = True
                entry.save()  # marked "điều chỉnh" too: residents saw it as it was
        return back, again, len(now)

    @admin.display(description="số mục")
    def entry_count(self, week):
        return week.entries.count()

    @admin.action(description="Chép các mục lặp lại hằng tuần từ tuần trước")
    def copy_recurring(self, request, queryset):
        added, clashes = 0, []
        for week in queryset:
            if not self.has_change_permission(request, week):
                continue
            added += week.copy_recurring_from_previous()
            clashes.append(week.clashes_said())
        if added:
            self.message_user(request, f"Đã chép {added} mục từ tuần trước.", messages.SUCCESS)
        else:
            self.message_user(
                request,
                "Không có mục lặp lại nào để chép (tuần trước chưa có, hoặc đã chép rồi).",
                messages.WARNING,
            )
        for said in filter(None, clashes):  # a standing meeting on top of one already planned
            self.message_user(request, said, messages.WARNING)

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


def _entry_named(kept):
    """A kept entry as the history names it: "Thứ hai 07/12 08:00 – Kiểm tra công trình…"."""
    fields, _ = Entry.from_kept(kept)
    content = textwrap.shorten(fields["content"], 80, placeholder="…")
    return f"{said_when(fields['day'], fields['starts_at'])} – {content}"


def _entry_changes(old, new, people):
    """What changed between two kept versions of an entry: "địa điểm: A → B; giờ: …"."""
    parts = []
    for name in Entry.KEPT:
        if old.get(name) == new.get(name) or name == "changed":
            continue
        label = Entry._meta.get_field(name).verbose_name
        before, after = old.get(name), new.get(name)
        if isinstance(after, bool) or isinstance(before, bool):
            before, after = ("có" if before else "không"), ("có" if after else "không")
        elif name == "starts_at":
            before, after = (before or "")[:5], (after or "")[:5]
        elif name == "day":
            before, after = (
                f"{datetime.date.fromisoformat(v):%d/%m}" if v else "" for v in (before, after)
            )
        parts.append(f"{label}: {_short(before)} → {_short(after)}")
    if sorted(old.get("leaders", [])) != sorted(new.get("leaders", [])):
        label = Entry._meta.get_field("leaders").verbose_name

        def names(ids):
            return ", ".join(people.get(pk, "?") for pk in ids) or "không"

        parts.append(f"{label}: {names(old.get('leaders', []))} → {names(new.get('leaders', []))}")
    return "; ".join(parts) or "đánh dấu điều chỉnh"


def _short(value):
    return (
        textwrap.shorten(str(value), 60, placeholder="…") if value not in ("", None) else "(trống)"
    )
