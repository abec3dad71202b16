from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organisation"
    verbose_name = "Giới thiệu và tổ chức"

    def ready(self):
        from longkhanh.accounts import register_roles
        from organisation.roles import APPROVER_PERMISSIONS, WRITER_PERMISSIONS

        register_roles("organisation", WRITER_PERMISSIONS, APPROVER_PERMISSIONS)
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from django.urls import reverse
        from simple_history.signals import pre_create_historical_record

        from longkhanh import comments, menu, pagecache, search
        from organisation.models import Entry, Page, Person, Status, Unit, Week

        # Pages can be in the menu and the wards are a sidebar block: both are the chrome's.
        pagecache.connect([Page, Unit], chrome=True)
        pagecache.connect([Person, Week, Entry, Entry.leaders.through])
        search.register(
            Page,
            Page.search_document,
            queryset=lambda: Page.objects.filter(status=Status.PUBLISHED),
            # Found by words of its text only, its card says where (from trials: "2019" found
            # "Lịch sử hình thành", "hồ sơ" "Phòng Tài nguyên và Môi trường", with nothing to
            # say why).
            excerpts=search.text_found(Page, "body", "nội dung trang"),
        )
        search.register(
            Unit,
            Unit.search_document,
            queryset=lambda: Unit.objects.filter(active=True),
            excerpts=search.text_found(Unit, "duties", "chức năng, nhiệm vụ"),
        )

        # Module-level receivers: Django holds receivers by weak reference, and a function
        # made here would be gone once ready() returned.
        search.register(Person, Person.search_document, queryset=people_with_units)
        search.register(
            Week, Week.search_document, queryset=weeks_with_entries, excerpts=entries_found
        )
        post_save.connect(reindex_people, sender=Unit, dispatch_uid="organisation-unit-people")
        # A week's version holds its entries (WeekVersion): as they are when it is made, then
        # as each entry's save, delete or leaders change leaves them, until the next version.
        pre_create_historical_record.connect(
            version_holds_entries,
            sender=Week.history.model,
            dispatch_uid="organisation-week-version-entries",
        )
        for signal in (post_save, post_delete):
            signal.connect(entries_changed, sender=Entry, dispatch_uid="organisation-entry-kept")
        m2m_changed.connect(
            entries_changed, sender=Entry.leaders.through, dispatch_uid="organisation-leaders-kept"
        )
        menu.register(menu_pages)
        menu.register_english("/", lambda: reverse("organisation:en-home"))
        comments.register_units(
            lambda: list(Unit.objects.filter(active=True).values_list("name", flat=True))
        )


def people_with_units():
    from organisation.models import Person

    return Person.objects.select_related("unit")


def weeks_with_entries():
    from organisation.models import Week

    return Week.objects.filter(status="published").prefetch_related("entries__leaders")


def entries_found(wanted):
    """{week id: ("mục lịch", the entry)}: for each week of `wanted` ({id: words of a search its
    title and summary lack}), the entry that has the most of them, as the search says it (a
    trial found a week by a leader's name and could not see on the card where it was)."""
    from longkhanh.text import excerpt, folded_word, terms
    from organisation.models import Entry

    best = {}
    for entry in Entry.objects.filter(week_id__in=wanted).prefetch_related("leaders"):
        text = entry.search_text()
        lacking = wanted[entry.week_id]
        score = len({folded_word(word) for word in lacking} & set(terms(text)))
        if score and score > best.get(entry.week_id, (0, ""))[0]:
            best[entry.week_id] = (score, excerpt(text, lacking))
    return {week_id: ("mục lịch", quoted) for week_id, (_, quoted) in best.items()}


def reindex_people(sender, instance, raw=False, **kwargs):
    """A person's entry names their unit and is public while it is active: a unit's save
    reaches its people's entries."""
    from longkhanh import search

    if not raw:
        for person in instance.people.select_related("unit"):
            search.index(person)


def version_holds_entries(sender, instance, history_instance, **kwargs):
    if history_instance.history_type != "-":
        history_instance.entries = instance.kept_entries() if instance.pk else []


def entries_changed(sender, instance, raw=False, action="", reverse=False, **kwargs):
    from django.db.models import QuerySet

    from organisation.models import Entry, Week

    origin = kwargs.get("origin")  # what a delete began with
    if isinstance(origin, Week) or (isinstance(origin, QuerySet) and origin.model is Week):
        return  # a week deleted with its entries: its versions keep what they held
    if raw or action in ("pre_add", "pre_remove"):
        return
    if not reverse:
        if action != "pre_clear":
            Week.entries_saved(instance.week_id)
        return
    # A person's entries changed from the person's side (the admin changes them from the
    # entry's): the weeks of those entries (of all the person's, before a clear empties them).
    if action == "pre_clear":
        instance._weeks_before_clear = set(
            instance.schedule_entries.values_list("week_id", flat=True)
        )
        return
    if action == "post_clear":
        weeks = getattr(instance, "_weeks_before_clear", set())
    else:
        weeks = set(
            Entry.objects.filter(pk__in=kwargs.get("pk_set") or ()).values_list(
                "week_id", flat=True
            )
        )
    for week_id in weeks:
        Week.entries_saved(week_id)


def menu_pages(language):
    """The menu's items: the published top-level pages the editors put in it, in their order (the
    schedule and the contacts are in the header's top bar); in English, what has an English
    version, with the organisation, the leaders and the contacts."""
    from django.urls import reverse

    from organisation.models import Page

    pages = (
        Page.objects.published()
        .filter(parent=None, in_menu=True)
        .only("title", "title_en", "body_en", "slug")
    )
    if language == "en":
        return [
            ("Home", reverse("organisation:en-home")),
            *((page.title_en, page.get_english_url()) for page in pages if page.has_english),
            ("Organisation", reverse("organisation:en-structure")),
            ("Leaders", reverse("organisation:en-leaders")),
            ("Contact", reverse("organisation:en-contacts")),
        ]
    return [(page.title, page.get_absolute_url()) for page in pages]
