from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organisation"
    verbose_name = "Giới thiệu và tổ chức"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.urls import reverse

        from longkhanh import comments, menu, pagecache, search
        from organisation.models import Entry, Page, Person, Status, Unit, Week

        # Pages can be in the menu and the wards are a sidebar block: both are the chrome's.
        pagecache.connect([Page, Unit], chrome=True)
        pagecache.connect([Person, Week, Entry, Entry.leaders.through])
        search.register(
            Page,
            Page.search_document,
            queryset=lambda: Page.objects.filter(status=Status.PUBLISHED),
        )
        search.register(
            Unit, Unit.search_document, queryset=lambda: Unit.objects.filter(active=True)
        )

        def reindex_unit(sender, instance, raw=False, **kwargs):
            """A unit is found by its people's names: their changes reach its index entry."""
            if not raw:
                unit = Unit.objects.filter(pk=instance.unit_id).first()
                if unit is not None:
                    search.index(unit)

        post_save.connect(reindex_unit, sender=Person, dispatch_uid="organisation-person-index")
        post_delete.connect(reindex_unit, sender=Person, dispatch_uid="organisation-person-gone")
        menu.register(menu_pages)
        menu.register_english("/", lambda: reverse("organisation:en-home"))
        comments.register_units(
            lambda: list(Unit.objects.filter(active=True).values_list("name", flat=True))
        )


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
