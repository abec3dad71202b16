import datetime
import functools
import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.template_utils import HistoricalRecordContextHelper

from longkhanh.sanitize import plain_text


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the site writes by itself (visits, votes, versions): listed, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# What waits for the signed-in editor, shown on the admin's first page. Each app registers a
# function taking the request and returning a list of (text, url) notices: apps add their own
# queues without the admin's index knowing them.
_notice_sources = []


def register_notices(source):
    _notice_sources.append(source)
    return source


def notices_for(request):
    return [notice for source in _notice_sources for notice in source(request)]


# Versions (django-simple-history) as editors read them, for every app's history pages.


def local_time(moment, seconds=False):
    """A time as editors read it: "14:05 ngày 29/11/2026" ("14:05:09 …" with `seconds`: a
    version's, so that two saves in a minute read apart), in Asia/Ho_Chi_Minh."""
    local = timezone.localtime(moment)
    return f"{local:{'%H:%M:%S' if seconds else '%H:%M'}} ngày {local:%d/%m/%Y}"


def shown_value(field, value):
    """A field's stored value as an editor reads it: labels, local times, no raw values."""
    if value is None or value == "":
        return "(trống)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, datetime.datetime):
        return local_time(value)
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(field, CKEditor5Field):  # a body: its text, paragraphs apart
        return plain_text(value)
    return str(value)


# Not compared between versions: set by the site on every save.
NOT_COMPARED = ["updated_at", "created_at"]


def changes_between(newer, older):
    """What changed from version `older` to `newer`, but for a time the admin's form wrote back
    to the second (an imported row's times have microseconds)."""
    return [
        change
        for change in newer.diff_against(older, excluded_fields=NOT_COMPARED).changes
        if not (
            isinstance(change.old, datetime.datetime)
            and isinstance(change.new, datetime.datetime)
            and change.old.replace(microsecond=0) == change.new.replace(microsecond=0)
        )
    ]


def remember_updated_at(request, obj):
    """Called by save_model before a change is saved: the row's `updated_at` then, which
    `drop_empty_version` puts back when the save changed nothing."""
    request._updated_before = (
        type(obj)._default_manager.filter(pk=obj.pk).values_list("updated_at", flat=True).first()
    )


def drop_empty_version(obj, formsets, updated_before):
    """After the admin saved `obj` and its inline `formsets`: a save that changed nothing (no
    versioned field, no inline row) leaves no version to list or restore, and `updated_at` as
    it was before the save (`updated_before`, read by save_model: the workflow models' versions
    leave it out, and a demo article's differs from its first version's), so readers see no
    "cập nhật" time and the sitemap no new date. True when it dropped one."""
    if any(fs.new_objects or fs.changed_objects or fs.deleted_objects for fs in formsets):
        return False
    version = obj.history.order_by("-history_date").first()
    older = version.prev_record if version is not None else None
    if older is None or version.history_change_reason or changes_between(version, older):
        return False
    version.delete()
    if updated_before is not None:
        type(obj)._default_manager.filter(pk=obj.pk).update(updated_at=updated_before)
        obj.updated_at = updated_before
    return True


def changed_part(old, new, context=6):
    """(old, new) of a long text cut to the words around where they differ, "…" where words
    were left out: a paragraph added to a body reads as the words before it and the paragraph,
    where simple-history cut both sides to their first and last characters."""
    before, after = old.split(), new.split()
    shortest = min(len(before), len(after))
    start = next((i for i in range(shortest) if before[i] != after[i]), shortest)
    end = next(
        (i for i in range(shortest - start) if before[-1 - i] != after[-1 - i]), shortest - start
    )

    def part(words):
        first, last = max(0, start - context), len(words) - max(0, end - context)
        return " ".join(
            (["…"] if first else []) + words[first:last] + (["…"] if last < len(words) else [])
        )

    return part(before), part(after)


class VietnameseChanges(HistoricalRecordContextHelper):
    """simple-history's list of changes, with labels and local times instead of raw values."""

    def prepare_delta_change_value(self, change, value):
        return shown_value(self.model._meta.get_field(change.field), value)

    def context_for_delta_changes(self, delta):
        """Without the changes that read the same once shown: a time kept to the microsecond
        and saved again by a form that keeps it to the minute ("Hạn góp ý: 06:53 ngày
        31/12/2026 → 06:53 ngày 31/12/2026", from a trial)."""
        return [
            change
            for change in super().context_for_delta_changes(delta)
            if change["old"] != change["new"]
        ]

    def stringify_delta_change_values(self, change, old, new):
        """Both sides in full, or around the change when long (`changed_part`), escaped."""
        old, new = str(old), str(new)
        if len(old) + len(new) > LONG_CHANGE:
            old, new = changed_part(old, new)
        return conditional_escape(old), conditional_escape(new)


# Changes longer than this (both sides, in characters) are shown around where they differ.
LONG_CHANGE = 200


class LabelledDateTimes:
    """Django's admin splits a date and time into two boxes that no label names (axe: "label",
    critical; the text "Ngày:"/"Giờ:" beside them is not a label): each box gets its name."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widgets = getattr(getattr(field, "widget", None), "widgets", None)
        if isinstance(db_field, models.DateTimeField) and widgets and len(widgets) == 2:
            label = str(db_field.verbose_name)
            label = label[:1].upper() + label[1:]
            widgets[0].attrs["aria-label"] = f"{label}: ngày"
            widgets[1].attrs["aria-label"] = f"{label}: giờ"
        return field


class InlineAddText:
    """Django's "Add another …" under an inline says the item's name as the model has it, in
    lower case mid-sentence ("Thêm một ảnh", "Thêm một mục lịch công tác"), where Django
    capitalises it ("Thêm một Ảnh")."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            inline_formset.inline_formset_data = functools.partial(
                _inline_formset_data, inline_formset
            )
        return inline_formsets


def _inline_formset_data(inline_formset):
    data = json.loads(helpers.InlineAdminFormSet.inline_formset_data(inline_formset))
    text = gettext("Add another %(verbose_name)s") % {
        "verbose_name": inline_formset.opts.verbose_name
    }
    data["options"]["addText"] = text.strip()  # Django's Vietnamese ends with a space
    return json.dumps(data)


class NumberedVersions:
    """Each version in a row's history list has its number, the first saved being 1: two saved
    in the same second, with the same title, looked alike (from a trial). The history view
    passes the page of versions, newest first, to set_history_delta_changes."""

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        super().set_history_delta_changes(request, historical_records, *args, **kwargs)
        number_versions(historical_records)


def version_number(version):
    """The number `version` has in its row's history (the first saved being 1), as the history
    list shows it."""
    return type(version).objects.filter(id=version.id, history_id__lte=version.history_id).count()


def number_versions(page):
    """`version_number` on each version of a page of a row's history (newest first)."""
    first = page.paginator.count - page.start_index() + 1  # the page's newest
    for offset, record in enumerate(page.object_list):
        record.version_number = first - offset


class UnchangedSaveMessage:
    """A save that changed nothing (drop_empty_version dropped its version: the admin marks the
    request with `_unchanged`) says so, where Django's message said the row "was changed"."""

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        unchanged = getattr(request, "_unchanged", None)
        if unchanged is not None and level == messages.SUCCESS:
            name = unchanged._meta.verbose_name
            message = format_html("Không có gì thay đổi: {} “{}” được giữ nguyên.", name, unchanged)
            level = messages.INFO
        super().message_user(request, message, level, *args, **kwargs)


class OthersRowsRefused:
    """Writers list and open only their own rows (`get_queryset`): the address of another
    editor's row (a link passed on, a number typed) is refused in plain words (403, the message
    on the page), where Django said it "does not exist, perhaps deleted"."""

    def get_object(self, request, object_id, from_field=None):
        row = super().get_object(request, object_id, from_field)
        if row is None:
            self.refuse_others(object_id)
        return row

    def refuse_others(self, object_id):
        """PermissionDenied, in plain words, when the row `object_id` exists (a writer's list
        does not have it); nothing when it does not."""
        if str(object_id).isdigit() and self.model._default_manager.filter(pk=object_id).exists():
            name = self.model._meta.verbose_name
            raise PermissionDenied(
                f"{capfirst(name)} này do người khác viết: phóng viên chỉ xem được "
                f"{self.model._meta.verbose_name_plural} của mình. Cần sửa thì xin nhờ Ban biên "
                "tập."
            )


class WorkflowAdmin(
    InlineAddText,
    NumberedVersions,
    OthersRowsRefused,
    UnchangedSaveMessage,
    LabelledDateTimes,
    admin.ModelAdmin,
):
    """The writer → approver workflow of a model with `status` (draft, review, published),
    `published_at`, `created_by` and django-simple-history versions (documents, pages, weekly
    schedules): writers ("Phóng viên") see and change only what they created and has not been
    published, send it for review, and never set a publication time; approvers ("Ban biên tập"),
    who hold `publish_permission`, publish and take down, from the form or the list. Restoring a
    version brings back text and data and keeps the workflow as it is now.

    A subclass sets `publish_permission` ("app.codename") and `noun` (how messages name the rows,
    "văn bản", "trang"), and lists SimpleHistoryAdmin after this class among its bases."""

    publish_permission = ""
    noun = "mục"
    # What restoring a version leaves as it is now: the workflow, and where the row is shown.
    kept_on_restore = ["status", "published_at"]
    # What a version does not hold, said on its page and after a restore (weeks: their entries).
    restore_note = ""
    actions = ["publish", "unpublish"]

    def can_publish(self, request):
        return request.user.has_perm(self.publish_permission)

    def view_on_site(self, obj):
        """ "Xem trên trang web" only for what the public can see (a draft's address is a 404)."""
        return obj.get_absolute_url() if obj.is_public else None

    def has_publish_permission(self, request):
        return self.can_publish(request)

    @admin.action(description="Xuất bản các mục đã chọn", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        for obj in queryset.exclude(status="published"):
            obj.status = "published"
            obj.published_at = obj.published_at or timezone.now().replace(microsecond=0)
            obj.save()  # a version, the search index, the pages
            count += 1
        self.message_user(request, f"Đã xuất bản {count} {self.noun}.", messages.SUCCESS)

    @admin.action(description="Gỡ xuống (trả về bản nháp)", permissions=["publish"])
    def unpublish(self, request, queryset):
        count = 0
        for obj in queryset.filter(status="published"):
            obj.status = "draft"
            obj.save()
            count += 1
        self.message_user(request, f"Đã gỡ {count} {self.noun} xuống.", messages.SUCCESS)

    def get_actions(self, request):
        """The actions named for what they act on ("Xuất bản các văn bản đã chọn")."""
        actions = super().get_actions(request)
        if "publish" in actions:
            func, name, _ = actions["publish"]
            actions["publish"] = (func, name, f"Xuất bản các {self.noun} đã chọn")
        return actions

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows if self.can_publish(request) else rows.filter(created_by=request.user)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.can_publish(request):
            return True
        return obj.created_by_id == request.user.pk and obj.status != "published"

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self.can_publish(request) or obj.status != "published"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(request, "_version_view_only", False):  # a version one may not restore
            editable = [f.name for f in self.opts.get_fields() if getattr(f, "editable", False)]
            return [*fields, *(name for name in editable if name not in fields)]
        if getattr(request, "_restoring_version", None) is not None:
            # A restore keeps them as they are now (the version page says so): not a field
            # to change there, whose change would be dropped without a word.
            fields += [f for f in self.kept_on_restore if f not in fields]
        return fields if self.can_publish(request) else [*fields, "published_at"]

    def get_fieldsets(self, request, obj=None):
        """A version's page leaves out what a restore keeps as it is now (the status and the
        publication time: the page says so), where it showed the version's, read-only."""
        fieldsets = super().get_fieldsets(request, obj)
        if getattr(request, "_restoring_version", None) is None:
            return fieldsets
        kept = set(self.kept_on_restore)

        def shown(fields):
            for field in fields:
                if isinstance(field, list | tuple):
                    row = [name for name in field if name not in kept]
                    if row:
                        yield row
                elif field not in kept:
                    yield field

        return [(name, {**options, "fields": list(shown(options["fields"]))})
                for name, options in fieldsets]  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A writer opening their row once it is published reads why the form is read-only
        (as for articles)."""
        if request.method == "GET":
            obj = self.get_object(request, object_id)  # another's: refused (OthersRowsRefused)
            if obj is not None and not self.has_change_permission(request, obj):
                messages.warning(  # not the green mark of a success (a trial read it so)
                    request,
                    f"{capfirst(self.noun)} đã xuất bản: chỉ Ban biên tập được sửa hoặc gỡ. Bạn "
                    "xem được nội dung và lịch sử các phiên bản.",
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        field = super().formfield_for_choice_field(db_field, request, **kwargs)
        if db_field.name == "status" and not self.can_publish(request):
            field.widget.choices = [c for c in field.widget.choices if c[0] != "published"]
            field.help_text = f"Chọn “Chờ duyệt” để gửi {self.noun} cho Ban biên tập."
        return field

    def _own_or_404(self, request, object_id):
        """Writers see the history of their own rows only, as the list shows them: another's
        is refused in plain words (as its form is), a missing one is a 404."""
        if not (
            str(object_id).isdigit() and self.get_queryset(request).filter(pk=object_id).exists()
        ):
            self.refuse_others(object_id)
            raise Http404(f"Không có {self.noun} này.")

    def get_historical_record_context_helper(self, request, historical_record):
        return VietnameseChanges(self.model, historical_record)  # labels and local times

    def history_view(self, request, object_id, extra_context=None):
        self._own_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._own_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404("Không có phiên bản này.")
        version = self.model.history.filter(id=object_id, history_id=version_id).first()
        if version is None:
            raise Http404("Không có phiên bản này.")
        request._restoring_version = version_id  # save_model: who may restore (the row now)
        request._version_said = (  # the title's and the message's "phiên bản 2 (lúc …)"
            f"phiên bản {version_number(version)} "
            f"(lúc {local_time(version.history_date, seconds=True)})"
        )
        now = self.model.objects.filter(pk=object_id).first()
        if now is not None and not self.has_change_permission(request, now):
            request._version_view_only = True  # every field shown, none to change
            notes = {
                "kept_note": f"Bạn chỉ xem được phiên bản này: {self.noun} đã xuất bản, chỉ Ban "
                "biên tập khôi phục được."
            }
        else:
            notes = {
                "restore_note": self.restore_note_for(version),
                "kept_note": "Trạng thái và thời gian xuất bản giữ nguyên như hiện tại, không "
                "theo phiên bản này.",
            }
        extra_context = {**(extra_context or {}), **notes, **self.version_context(version)}
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except IntegrityError:  # the same restore, sent twice at once (rolled back)
            messages.error(
                request,
                "Phiên bản này vừa được khôi phục bởi một yêu cầu khác: không có gì thay đổi "
                "thêm. Hãy xem lại trang trước khi thử lại.",
            )
            return redirect(request.path)

    def history_form_view_title(self, request, obj):
        """Which version this is, by the number the history list shows and its time (two
        versions' pages read alike)."""
        title = super().history_form_view_title(request, obj)
        said = getattr(request, "_version_said", None)
        return f"{title}: {said}" if said else title

    def revert_disabled(self, request, obj=None):
        """No "Khôi phục" button for those who may not change the row as it is now."""
        if obj is not None:
            now = self.model.objects.filter(pk=obj.pk).first()
            if now is None or not self.has_change_permission(request, now):
                return True
        return super().revert_disabled(request, obj)

    def response_change(self, request, obj):
        """After a restore: which version came back, on the row's own page (Django's message
        said the row "was changed", and led to the list)."""
        version_id = getattr(request, "_restoring_version", None)
        if version_id is None:
            return super().response_change(request, obj)
        messages.success(
            request,
            format_html(
                "Đã khôi phục {} “{}” về {}. Trạng thái và thời gian xuất bản giữ nguyên như "
                "hiện tại.",
                self.noun,
                obj,
                request._version_said,
            ),
        )
        opts = self.model._meta
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def restore_note_for(self, version):
        """What the version page says a restore of `version` does beside the form's fields."""
        return self.restore_note

    def version_context(self, version):
        """More of `version` for its page (weeks: their entries then)."""
        return {}

    def restore_related(self, request, obj, version):
        """After `obj` was saved as `version` was: what else the version holds (weeks: their
        entries)."""
        if self.restore_note:
            messages.warning(request, self.restore_note)

    def save_model(self, request, obj, form, change):
        restoring = getattr(request, "_restoring_version", None)
        model = type(obj)
        if restoring is not None:
            with transaction.atomic():
                # simple-history asked about the version's row (a draft, in a first version):
                # whether one may restore is a question about the row as it is now (a writer's
                # row, once published, is no longer theirs to change, by a restore either),
                # locked (PostgreSQL) until the restore is written: an approver publishing it
                # meanwhile, or the same restore sent twice, waits.
                now = model.objects.select_for_update().get(pk=obj.pk)
                if not self.has_change_permission(request, now):
                    raise PermissionDenied(
                        f"Chỉ Ban biên tập khôi phục được phiên bản của {self.noun} đã xuất bản."
                    )
                version = model.history.get(history_id=restoring)
                for name in self.kept_on_restore:
                    setattr(obj, name, getattr(now, name))
                when = local_time(version.history_date, seconds=True)
                obj._change_reason = f"Khôi phục phiên bản lúc {when}"
                super().save_model(request, obj, form, change)
                self.restore_related(request, obj, version)
            return
        if not self.can_publish(request):
            if obj.status == "published":  # a forged value
                obj.status = "review"
            obj.published_at = (
                model.objects.filter(pk=obj.pk).values_list("published_at", flat=True).first()
                if change
                else None
            )
        if obj.status == "review" and (not change or form.initial.get("status") != "review"):
            messages.info(request, f"{self.noun.capitalize()} đã được gửi cho Ban biên tập duyệt.")
        if not change:
            obj.created_by = request.user
        else:
            remember_updated_at(request, obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and getattr(request, "_restoring_version", None) is None:
            before = getattr(request, "_updated_before", None)
            if drop_empty_version(form.instance, formsets, before):
                request._unchanged = form.instance


def review_notices(model, noun, can_publish):
    """The admin's first page: how many `model` rows wait for an approver."""

    def notices(request):
        if not can_publish(request.user):
            return []
        waiting = model.objects.filter(status="review").count()
        if not waiting:
            return []
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return [(f"{waiting} {noun} đang chờ duyệt", f"{url}?status__exact=review")]

    return register_notices(notices)
