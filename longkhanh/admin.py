from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    UserChangeForm,
)
from django.contrib.auth.models import Group, User
from django.db.models import OuterRef, Subquery, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from longkhanh import logins
from longkhanh.accounts import EDITOR_GROUPS, full_name
from longkhanh.admin_tools import ReadOnlyAdmin
from longkhanh.models import SiteSettings, VisitDay


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list goes straight to its form."""

    fieldsets = [
        (None, {"fields": ["site_title", "slogan"]}),
        (
            "Chân trang",
            {"fields": ["agency", "responsible", "address", "email", "phones", "hotline"]},
        ),
        ("Tiếng Anh (các trang /en/)", {"fields": ["site_title_en", "agency_en", "address_en"]}),
        ("Bộ đếm truy cập", {"fields": ["visits_offset"]}),
    ]

    def changelist_view(self, request, extra_context=None):
        SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:longkhanh_sitesettings_change", args=[1]))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(VisitDay)
class VisitDayAdmin(ReadOnlyAdmin):
    """Visits per day, read-only: they are counted by the site, never typed in."""

    list_display = ["day", "count"]
    date_hierarchy = "day"


NAME_NEEDED = (
    "Phóng viên và Ban biên tập cần có họ tên: tên này đứng ở cuối các bài họ viết. "
    "Hãy điền họ hoặc tên."
)


def require_a_name(form, editor):
    """An editor's account needs a name (the byline of what they write): an error on the family
    name field when `editor` and both name fields are empty."""
    data = form.cleaned_data
    if editor and not (data.get("last_name", "").strip() or data.get("first_name", "").strip()):
        form.add_error("last_name", NAME_NEEDED)


class EditorCreationForm(AdminUserCreationForm):
    """A new account with its name (for bylines) and its editorial role, in one step."""

    role = forms.ChoiceField(
        label="Vai trò",
        required=False,
        choices=[("", "Không (chỉ tạo tài khoản)")] + [(name, name) for name in EDITOR_GROUPS],
        help_text="Phóng viên viết và gửi bài, văn bản; Ban biên tập duyệt và xuất bản. "
        "Tài khoản có vai trò được vào trang quản trị ngay.",
    )

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "last_name", "first_name", "email")

    def clean(self):
        data = super().clean()
        require_a_name(self, bool(data.get("role")))
        return data

    def _save_m2m(self):
        super()._save_m2m()
        if self.cleaned_data.get("role"):
            self.instance.groups.add(Group.objects.get(name=self.cleaned_data["role"]))


class EditorChangeForm(UserChangeForm):
    """An account's form: one in an editorial role keeps a name."""

    def clean(self):
        data = super().clean()
        groups = data.get("groups")
        require_a_name(self, groups is not None and groups.filter(name__in=EDITOR_GROUPS).exists())
        return data


class PasswordForm(AdminPasswordChangeForm):
    """Setting a user's password: Django adds an English warning to the field's help."""

    usable_password_help_text = (
        "Người dùng có đăng nhập bằng mật khẩu hay không. "
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ bị xóa.</li></ul>"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "usable_password" in self.fields:
            self.fields["usable_password"].help_text = self.usable_password_help_text


# Permissions editors are never given: internal tables of Django (and of sorl-thumbnail, which
# older releases used: its permissions stay in databases that had it).
INTERNAL_APPS = ["contenttypes", "sessions", "thumbnail"]


def assignable_permissions(queryset):
    return queryset.select_related("content_type").exclude(
        content_type__app_label__in=INTERNAL_APPS
    )


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["queryset"] = assignable_permissions(db_field.remote_field.model.objects)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    # Family name first, as Vietnamese names are written (and as the add form asks).
    fieldsets = (
        UserAdmin.fieldsets[0],
        (UserAdmin.fieldsets[1][0], {"fields": ("last_name", "first_name", "email")}),
        *UserAdmin.fieldsets[2:],
    )
    form = EditorChangeForm
    add_form = EditorCreationForm
    change_password_form = PasswordForm
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "last_name", "first_name", "email")}),
        ("Vai trò", {"classes": ("wide",), "fields": ("role",)}),
        (
            "Mật khẩu",
            {"classes": ("wide",), "fields": ("usable_password", "password1", "password2")},
        ),
    )
    list_display = ["username", "full_name", "email", "roles", "is_staff", "is_active"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "user_permissions":
            kwargs["queryset"] = assignable_permissions(db_field.remote_field.model.objects)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    @admin.display(description="họ và tên", ordering="last_name")
    def full_name(self, user):
        return full_name(user)

    @admin.display(description="vai trò")
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())


class LockoutAdmin(AccessAttemptAdmin):
    """Failed logins as the administrator needs them: who, from where, how many, and whether that
    locks the account from that address or the whole address (longkhanh/logins.py); the
    actions lift either lock."""

    list_display = [
        "attempt_time",
        "username",
        "ip_address",
        "failures_since_start",
        "lock_state",
    ]
    list_filter = ["attempt_time"]
    actions = ["unlock", "unlock_addresses", "cleanup_expired_attempts"]

    def get_queryset(self, request):
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=logins.cool_off_start(), ip_address=OuterRef("ip_address")
        ).order_by()

        def total(attempts):
            sums = attempts.values("ip_address").annotate(total=Sum("failures_since_start"))
            return Subquery(sums.values("total")[:1])

        return (
            super()
            .get_queryset(request)
            .annotate(
                pair_failures=total(recent.filter(username=OuterRef("username"))),
                address_failures=total(recent),
            )
        )

    @admin.display(description="trạng thái")
    def lock_state(self, attempt):
        if attempt.attempt_time < logins.cool_off_start():
            return "Đã hết hạn khóa"
        until = timezone.localtime(attempt.attempt_time + settings.AXES_COOLOFF_TIME)
        if (attempt.address_failures or 0) >= settings.LOGIN_FAILURES_PER_ADDRESS:
            return f"Đang khóa cả địa chỉ này (mọi tài khoản) đến {until:%H:%M}"
        if (attempt.pair_failures or 0) >= settings.AXES_FAILURE_LIMIT:
            return f"Đang khóa tài khoản này từ địa chỉ này đến {until:%H:%M}"
        return f"Còn {settings.AXES_FAILURE_LIMIT - (attempt.pair_failures or 0)} lần thử"

    @admin.action(description="Mở khóa (xóa các lần đăng nhập sai đã chọn)", permissions=["delete"])
    def unlock(self, request, queryset):
        count = AccessAttempt.objects.filter(pk__in=queryset.values("pk")).delete()[0]
        self.message_user(request, f"Đã mở khóa {count} mục.", messages.SUCCESS)

    @admin.action(
        description="Bỏ chặn cả địa chỉ (xóa mọi lần đăng nhập sai từ các địa chỉ đã chọn)",
        permissions=["delete"],
    )
    def unlock_addresses(self, request, queryset):
        addresses = set(queryset.values_list("ip_address", flat=True))
        count = AccessAttempt.objects.filter(ip_address__in=addresses).delete()[0]
        self.message_user(
            request, f"Đã bỏ chặn {len(addresses)} địa chỉ ({count} mục).", messages.SUCCESS
        )


if admin.site.is_registered(AccessAttempt):  # unless AXES_ENABLE_ADMIN is off
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, LockoutAdmin)
