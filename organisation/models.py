"""Who the city government is and how to reach it (Nghị định 42/2022/NĐ-CP, Điều 4 and 7):
the introduction pages, the units with their functions and contacts, the people who lead and
answer them, and the leaders' weekly work schedule; each with its English fields beside the
Vietnamese ones, shown under /en/ when an editor has filled them."""

import contextlib
import contextvars
import datetime
import re
import textwrap

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_ckeditor_5.fields import CKEditor5Field
from simple_history.models import HistoricalRecords

from longkhanh import search
from longkhanh.images import reencode, validate_image_upload
from longkhanh.models import unguessable_path
from longkhanh.paths import slug_path
from longkhanh.renditions import make_all
from longkhanh.sanitize import clean_html, plain_text
from longkhanh.text import WEEKDAYS, fold, unique_slug


class Status(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    REVIEW = "review", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"


def tel_target(phone):
    """A tel: link's target for a phone as editors write it ("02513.877.172", or two numbers
    "02513.877.185, 0913.456.789" / "… - …"): the first number's digits and a leading +."""
    import re

    first = re.split(r"[,;/]| - | – ", phone or "")[0]
    return "".join(c for c in first if c.isdigit() or c == "+")


class Workflow(models.Model):
    """What pages and weekly schedules share: the writer → approver workflow."""

    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người tạo",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)  # as the form keeps it
        super().save(*args, **kwargs)

    def clean(self):
        """Published with no time given: published now (what the form's empty time means)."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now().replace(microsecond=0)

    @property
    def is_public(self):
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Page(Workflow):
    """An introduction page (Giới thiệu chung, Lịch sử…), in a tree under /gioi-thieu/."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="trang cha",
        help_text="Để trống: trang ở cấp đầu của mục Giới thiệu.",
    )
    title = models.CharField("tiêu đề", max_length=200)
    slug = models.SlugField(
        "đường dẫn",
        max_length=200,
        unique=True,
        blank=True,
        help_text="Để trống: tạo từ tiêu đề (không dấu).",
    )
    summary = models.TextField("tóm tắt", blank=True, max_length=500)
    body = CKEditor5Field("nội dung", blank=True)
    title_en = models.CharField(
        "tiêu đề tiếng Anh",
        max_length=200,
        blank=True,
        help_text="Có tiêu đề và nội dung tiếng Anh thì trang hiện ở phần tiếng Anh (/en/).",
    )
    body_en = CKEditor5Field("nội dung tiếng Anh", blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    in_menu = models.BooleanField(
        "hiện trên thanh menu",
        default=False,
        help_text="Chỉ áp dụng cho trang cấp đầu đã xuất bản.",
    )
    history = HistoricalRecords(
        verbose_name="phiên bản trang",
        verbose_name_plural="phiên bản trang",
        excluded_fields=["created_at", "updated_at"],
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = "trang giới thiệu"
        verbose_name_plural = "trang giới thiệu"
        permissions = [("publish_page", "Có thể xuất bản và gỡ trang giới thiệu")]
        ordering = ["position", "title"]
        get_latest_by = "published_at"
        indexes = [models.Index(fields=["status", "parent", "position"], name="page_tree_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="page_published_has_time",
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="page_not_own_parent"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Page, self.title, self.pk)
        self.body = clean_html(self.body)
        self.body_en = clean_html(self.body_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_path("organisation:page", self.slug)

    def get_english_url(self):
        return slug_path("organisation:en-page", self.slug) if self.has_english else ""

    @property
    def has_english(self):
        return bool(self.title_en and plain_text(self.body_en))

    def ancestors(self):
        """The pages above this one, the top first (a few queries; trees are shallow)."""
        chain, page, seen = [], self.parent, {self.pk}
        while page is not None and page.pk not in seen:
            chain.insert(0, page)
            seen.add(page.pk)
            page = page.parent
        return chain

    def search_document(self):
        return search.Document(
            title=self.title,
            url=self.get_absolute_url(),
            published_at=self.published_at,
            summary=self.summary or plain_text(self.body)[:300],
            text=plain_text(self.body),
            # Published: the search itself skips it until its time (as for articles).
            public=self.status == Status.PUBLISHED,
        )


class Unit(models.Model):
    """A part of the city government: the People's Committee, an office or department, a public
    service unit, a ward or commune."""

    search_shows_date = False  # its search entry's time is when it was added: not shown

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", "Lãnh đạo, điều hành"
        OFFICE = "office", "Cơ quan chuyên môn"
        SERVICE = "service", "Đơn vị sự nghiệp"
        WARD = "ward", "Phường, xã"
        OTHER = "other", "Khác"

    KIND_EN = {
        Kind.LEADERSHIP: "Leadership",
        Kind.OFFICE: "Specialised agencies",
        Kind.SERVICE: "Public service units",
        Kind.WARD: "Wards and communes",
        Kind.OTHER: "Other units",
    }

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="đơn vị cấp trên",
    )
    name = models.CharField("tên đơn vị", max_length=200)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    kind = models.CharField("nhóm", max_length=12, choices=Kind.choices, default=Kind.OFFICE)
    duties = CKEditor5Field("chức năng, nhiệm vụ", blank=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    fax = models.CharField("fax", max_length=100, blank=True)
    email = models.EmailField("email", blank=True)
    website = models.URLField("trang web", blank=True)
    name_en = models.CharField(
        "tên tiếng Anh",
        max_length=200,
        blank=True,
        help_text="Có tên tiếng Anh thì đơn vị hiện ở phần tiếng Anh (/en/).",
    )
    duties_en = CKEditor5Field("chức năng, nhiệm vụ (tiếng Anh)", blank=True)
    address_en = models.CharField("địa chỉ (tiếng Anh)", max_length=300, blank=True)
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField(
        "đang hiển thị", default=True, help_text="Bỏ chọn để ẩn đơn vị khỏi trang công khai."
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["active", "parent", "position"], name="unit_tree_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Unit, self.name, self.pk)
        self.duties = clean_html(self.duties)
        self.duties_en = clean_html(self.duties_en)
        super().save(*args, **kwargs)
        # The directory finds people by their unit's name: their keys follow a rename, in one
        # query (no per-person save: the unit's own save already re-indexes and retires pages).
        people = list(self.people.all())
        for person in people:
            person.unit = self
            person.search_key = person.directory_key()
        Person.objects.bulk_update(people, ["search_key"])

    def get_absolute_url(self):
        return slug_path("organisation:unit", self.slug)

    def get_english_url(self):
        return slug_path("organisation:en-unit", self.slug) if self.name_en else ""

    @property
    def tel(self):
        return tel_target(self.phone)

    @property
    def kind_en(self):
        return self.KIND_EN.get(self.kind, "")

    def search_document(self):
        return search.Document(
            title=self.name,
            url=self.get_absolute_url(),
            published_at=self.updated_at,  # always findable; newer first among equals
            summary=" · ".join(x for x in [self.address, self.phone, self.email] if x),
            text=plain_text(self.duties),  # its people have entries of their own (Person)
            public=self.active,
        )


def person_photo_path(instance, filename):
    return unguessable_path("photos", filename)


PORTRAIT = {"portrait": ((160, 320), 4 / 3, True)}  # 3:4 portraits, as in official directories


class Person(models.Model):
    search_shows_date = False  # its search entry's time is its unit's: not shown

    name = models.CharField("họ và tên", max_length=150, help_text="Họ trước tên: Nguyễn Văn A.")
    title = models.CharField("chức vụ", max_length=200)
    title_en = models.CharField("chức vụ (tiếng Anh)", max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name="đơn vị"
    )
    photo = models.ImageField(
        "ảnh chân dung",
        upload_to=person_photo_path,
        blank=True,
        validators=[validate_image_upload],
        help_text="JPEG, PNG hoặc WebP, tối đa 10 MB; ảnh đứng 3×4.",
    )
    renditions = models.JSONField(default=dict, editable=False)
    phone = models.CharField("điện thoại", max_length=100, blank=True)
    email = models.EmailField("email", blank=True)
    is_leader = models.BooleanField(
        "lãnh đạo thành phố",
        default=False,
        help_text="Hiện ở trang Lãnh đạo và trong lịch công tác.",
    )
    is_contact_point = models.BooleanField(
        "đầu mối cung cấp thông tin",
        default=False,
        help_text="Người tiếp nhận yêu cầu cung cấp thông tin (Luật Tiếp cận thông tin).",
    )
    position = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField(
        "đang công tác", default=True, help_text="Bỏ chọn khi người này thôi giữ chức vụ."
    )
    search_key = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = "cán bộ"
        verbose_name_plural = "cán bộ"
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["active", "is_leader", "position"], name="person_idx")]

    def __str__(self):
        return f"{self.name} – {self.title}"

    def save(self, *args, **kwargs):
        self.search_key = self.directory_key()
        if self.photo and not self.photo._committed:
            image = reencode(self.photo.file)  # metadata gone, scaled down if huge
            self.photo.save(image.name, image, save=False)
            self.renditions = make_all(self.photo.name, source=image.decoded[0], specs=PORTRAIT)
        elif not self.photo:
            self.renditions = {}
        super().save(*args, **kwargs)

    def search_document(self):
        """A resident searching an official's name finds the official (name, title, unit and
        contacts, as the directory shows them), on the unit's page; not the unit alone, with
        nothing on its card to say why."""
        unit = self.unit
        return search.Document(
            title=self.name,
            url=f"{unit.get_absolute_url()}#{self.anchor}",
            published_at=unit.updated_at,  # a person has no time of their own
            summary=" · ".join(x for x in [self.title, unit.name, self.phone, self.email] if x),
            public=self.active and unit.active,
        )

    @property
    def anchor(self):
        return f"can-bo-{self.pk}"

    def directory_key(self):
        """Name, title and unit folded, words between spaces and a space at each end: the
        directory matches whole words ("an" is not found in "Khánh")."""
        words = re.findall(r"[0-9a-z]+", fold(f"{self.name} {self.title} {self.unit.name}").lower())
        return f" {' '.join(words)} "

    @property
    def portrait(self):
        return self.renditions.get("portrait")

    @property
    def tel(self):
        return tel_target(self.phone)


class WeekQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


# The weeks whose entries are being changed together (Week.entries_kept_once).
_kept_once = contextvars.ContextVar("weeks_kept_once", default=frozenset())


class WeekVersion(models.Model):
    """What a week's versions hold beside the week's own fields: its entries (Entry.kept), as
    they were until the next version was saved (an admin save writes the week, then its
    entries: Week.entries_saved follows every entry's save, delete and leaders). None: a version
    saved before versions held entries."""

    entries = models.JSONField(null=True, editable=False)

    class Meta:
        abstract = True


class Week(Workflow):
    """The leaders' work schedule of one week (lịch công tác tuần), published by an approver."""

    starts_on = models.DateField(
        "tuần bắt đầu (thứ Hai)", unique=True, help_text="Ngày thứ Hai của tuần."
    )
    note = models.TextField("ghi chú", blank=True)
    history = HistoricalRecords(
        verbose_name="phiên bản lịch tuần",
        verbose_name_plural="phiên bản lịch tuần",
        excluded_fields=["created_at", "updated_at"],
        bases=[WeekVersion],
    )

    objects = WeekQuerySet.as_manager()

    class Meta:
        verbose_name = "lịch công tác tuần"
        verbose_name_plural = "lịch công tác tuần"
        permissions = [("publish_week", "Có thể xuất bản và gỡ lịch công tác")]
        ordering = ["-starts_on"]
        get_latest_by = "starts_on"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="week_published_has_time",
            ),
        ]

    def __str__(self):
        end = self.starts_on + datetime.timedelta(days=6)
        return f"Tuần {self.starts_on:%d/%m} – {end:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        # Whether residents could read the week before this save: entries saved with the save
        # that publishes it are part of the publication, not changes to it (Entry.save).
        self.was_public = (
            self.pk is not None
            and Week.objects.filter(
                pk=self.pk, status=Status.PUBLISHED, published_at__lte=timezone.now()
            ).exists()
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return f"{reverse('organisation:schedule')}?tuan={iso_week(self.starts_on)}"

    def search_document(self):
        """A resident searching "lịch công tác", a leader's name or a meeting's words finds the
        week's schedule: its entries are the text (Entry.search_text), the note or the first
        entries the summary. Entries change apart from the week: Week.entries_saved."""
        prefetched = "entries" in getattr(self, "_prefetched_objects_cache", {})  # a rebuild's
        entries = self.entries.all() if prefetched else self.entries.prefetch_related("leaders")
        lines = [entry.search_text() for entry in entries]
        return search.Document(
            title=f"Lịch công tác {self}".replace(" Tuần ", " tuần "),
            url=self.get_absolute_url(),
            published_at=self.published_at,
            summary=textwrap.shorten(self.note or "; ".join(lines), 300, placeholder="…"),
            text=" ".join([self.note, *lines]),
            public=self.status == Status.PUBLISHED,
        )

    def unique_error_message(self, model_class, unique_check):
        """A week that has its schedule already: where to find it, also for a writer, whose
        list shows only their own weeks (Django said the week "already exists")."""
        if tuple(unique_check) == ("starts_on",) and self.starts_on:
            from django.core.exceptions import ValidationError

            return ValidationError(
                f"Tuần bắt đầu ngày {self.starts_on:%d/%m/%Y} đã có lịch công tác. Ban biên "
                "tập mở lịch đó trong danh sách để thêm hoặc sửa mục; phóng viên chỉ mở được "
                "lịch do mình lập: cần thêm mục vào tuần này thì xin nhờ Ban biên tập.",
                code="unique",
            )
        return super().unique_error_message(model_class, unique_check)

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_on and self.starts_on.weekday() != 0:
            raise ValidationError({"starts_on": "Ngày bắt đầu tuần phải là thứ Hai."})

    def kept_entries(self):
        """The entries as a version keeps them (Entry.kept), in the schedule's order."""
        return _kept_entries(self.pk)

    @classmethod
    def entries_saved(cls, week_id):
        """After its entries changed: the newest version of the week holds them as they are now,
        and the week's search entry says them. The week's row is locked first (PostgreSQL), so
        that two saves of its entries at once write their lists one after the other, the last
        one whole. Not while `entries_kept_once` holds it."""
        if week_id in _kept_once.get():
            return
        with transaction.atomic():
            week = cls.objects.select_for_update().filter(pk=week_id).first()
            if week is None:
                return  # the week is gone
            versions = cls.history.filter(id=week_id).exclude(history_type="-")
            newest = versions.order_by("-history_date", "-history_id").first()
            if newest is not None:
                versions.filter(history_id=newest.history_id).update(entries=_kept_entries(week_id))
            search.index(week)

    @contextlib.contextmanager
    def entries_kept_once(self):
        """Many entries changed at once (a restore, a copy): the newest version takes them
        once, at the end, not after each entry's save (each reads every entry of the week)."""
        token = _kept_once.set(_kept_once.get() | {self.pk})
        try:
            yield
        finally:
            _kept_once.reset(token)
        Week.entries_saved(self.pk)

    def leader_clashes(self):
        """[(day, time, leader's name, [contents])]: a leader with two entries or more at the
        same day and time, not postponed (a copied standing meeting on top of one already
        planned, say): what the week's editor is warned of, not refused (a leader may chair
        one and open the other)."""
        at = {}
        for entry in self.entries.filter(cancelled=False).prefetch_related("leaders"):
            for person in entry.leaders.all():
                at.setdefault((entry.day, entry.starts_at, person.name), []).append(entry.content)
        return [(*key, contents) for key, contents in sorted(at.items()) if len(contents) > 1]

    def clashes_said(self):
        """The clashes as the admin's warning says them, or ""."""
        clashes = self.leader_clashes()
        if not clashes:
            return ""
        said = "; ".join(
            f"{said_when(day, time)}, {name}: "
            + " và ".join(f"“{textwrap.shorten(c, 50, placeholder='…')}”" for c in contents)
            for day, time, name, contents in clashes
        )
        return f"Lưu ý, {self} có lãnh đạo dự hai việc cùng giờ: {said}."

    def copy_recurring_from_previous(self):
        """Last week's recurring entries, on the same weekday and time of this week, unless
        already there: what an editor does each Friday. The week is saved first, a version of
        its own ("Chép N mục…", by whoever copied), which then holds the copies. Returns how
        many were added."""
        previous = Week.objects.filter(starts_on=self.starts_on - datetime.timedelta(days=7))
        previous = previous.first()
        if previous is None:
            return 0
        wanted = [
            entry
            for entry in previous.entries.filter(recurring=True).prefetch_related("leaders")
            if not self.entries.filter(
                day=entry.day + datetime.timedelta(days=7),
                starts_at=entry.starts_at,
                content=entry.content,
            ).exists()
        ]
        if not wanted:
            return 0
        self._change_reason = f"Chép {len(wanted)} mục lặp lại từ tuần trước"
        self.save()
        with self.entries_kept_once():
            for entry in wanted:
                copy = Entry.objects.create(
                    week=self,
                    day=entry.day + datetime.timedelta(days=7),
                    **{name: getattr(entry, name) for name in Entry.COPIED},
                )
                copy.leaders.set(entry.leaders.all())
        return len(wanted)


def _kept_entries(week_id):
    entries = Entry.objects.filter(week_id=week_id).prefetch_related("leaders")
    return [entry.kept() for entry in entries]


def said_when(day, time):
    """An entry's day and time as messages, the history and the search say them: "Thứ hai
    07/12 08:00"."""
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m} {time:%H:%M}"


def iso_week(day):
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class Entry(models.Model):
    week = models.ForeignKey(
        Week, on_delete=models.CASCADE, related_name="entries", verbose_name="tuần"
    )
    day = models.DateField("ngày")
    starts_at = models.TimeField("giờ")
    content = models.TextField("nội dung")
    leaders = models.ManyToManyField(
        Person,
        blank=True,
        related_name="schedule_entries",
        verbose_name="lãnh đạo dự",
        limit_choices_to={"is_leader": True},
    )
    place = models.CharField("địa điểm", max_length=300, blank=True)
    participants = models.TextField("thành phần", blank=True)
    preparer = models.CharField(
        "cơ quan chuẩn bị", max_length=200, blank=True, help_text="Đơn vị chuẩn bị nội dung."
    )
    recurring = models.BooleanField(
        "lặp lại hằng tuần",
        default=False,
        help_text="Chép sang tuần sau bằng thao tác “Chép các mục lặp lại…” của danh sách lịch.",
    )
    changed = models.BooleanField(
        "điều chỉnh",
        default=False,
        help_text="Tự đánh dấu khi mục được thêm hoặc sửa sau khi lịch tuần đã xuất bản.",
    )
    cancelled = models.BooleanField("hoãn", default=False)

    class Meta:
        verbose_name = "mục lịch công tác"
        verbose_name_plural = "mục lịch công tác"
        ordering = ["day", "starts_at", "id"]
        indexes = [models.Index(fields=["week", "day", "starts_at"], name="entry_week_idx")]

    def __str__(self):
        content = textwrap.shorten(self.content, 60, placeholder="…")  # cut between words
        return f"{self.day:%d/%m} {self.starts_at:%H:%M} – {content}"

    MARKED = ["day", "starts_at", "content", "place", "participants", "preparer", "cancelled"]
    COPIED = ["starts_at", "content", "place", "participants", "preparer", "recurring"]
    KEPT = [*MARKED, "recurring", "changed"]  # what a week's version keeps, with the leaders

    def save(self, *args, **kwargs):
        """A change to a week residents could already read is marked ("điều chỉnh"), so those
        who read the schedule earlier see what moved; not one made with the save that publishes
        it, or while it waits for its publication time (Week.was_public: the week as it was
        before its last save in this request, else as it is)."""
        week = self.week
        was_public = getattr(week, "was_public", None)
        if was_public is None:
            was_public = week.is_public
        if was_public and not self.changed:
            before = Entry.objects.filter(pk=self.pk).values(*self.MARKED).first()
            after = {name: getattr(self, name) for name in self.MARKED}
            self.changed = before is None or before != after
        super().save(*args, **kwargs)

    def search_text(self):
        """The entry as its week's search entry says it: "Thứ hai 30/11 08:00 Họp giao ban …,
        Phòng họp số 1, Chủ tịch UBND thành phố Nguyễn Văn Minh …" (the leaders as the schedule
        names them, title then name)."""
        leaders = [f"{person.title} {person.name}" for person in self.leaders.all()]
        parts = [self.content, self.place, *leaders, self.participants, self.preparer]
        cancelled = " (hoãn)" if self.cancelled else ""
        return f"{said_when(self.day, self.starts_at)}{cancelled} " + ", ".join(
            part for part in parts if part
        )

    def kept(self):
        """The entry as a version of its week keeps it (WeekVersion.entries): JSON."""
        kept = {"id": self.pk, **{name: getattr(self, name) for name in self.KEPT}}
        kept["day"], kept["starts_at"] = self.day.isoformat(), self.starts_at.isoformat()
        kept["leaders"] = sorted(person.pk for person in self.leaders.all())
        return kept

    @staticmethod
    def kept_form(fields):
        """`fields` (as from_kept gives them) as kept() writes them."""
        kept = dict(fields)
        kept["day"], kept["starts_at"] = fields["day"].isoformat(), fields["starts_at"].isoformat()
        return kept

    @classmethod
    def from_kept(cls, kept):
        """(the fields of a kept entry, as the model takes them; its leaders' ids)."""
        fields = {name: kept[name] for name in cls.KEPT if name in kept}
        fields["day"] = datetime.date.fromisoformat(kept["day"])
        fields["starts_at"] = datetime.time.fromisoformat(kept["starts_at"])
        return fields, kept.get("leaders", [])

    def clean(self):
        from django.core.exceptions import ValidationError

        week = getattr(self, "week", None) if self.week_id else None
        if (
            week
            and self.day
            and not (week.starts_on <= self.day <= week.starts_on + datetime.timedelta(days=6))
        ):
            end = week.starts_on + datetime.timedelta(days=6)
            raise ValidationError(
                {"day": f"Ngày phải trong tuần từ {week.starts_on:%d/%m} đến {end:%d/%m/%Y}."}
            )


# The rows Django makes for Entry.leaders, named in Vietnamese (the admin lists them when a week
# is deleted: "Entry-person relationship: Entry_leaders object (1)" otherwise).
_leaders = Entry.leaders.through
_leaders._meta.verbose_name = "lãnh đạo dự"
_leaders._meta.verbose_name_plural = "lãnh đạo dự"
_leaders.__str__ = lambda row: f"{row.person.name} dự {row.entry}"
