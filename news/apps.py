from django.apps import AppConfig
from django.db.models.signals import post_delete


def delete_photo_files(sender, instance, **kwargs):
    """A deleted photo (or the photos of a deleted article) leaves no file behind."""
    from longkhanh.renditions import delete_when_unused

    name = instance.image.name
    delete_when_unused(
        name, instance.renditions, lambda: sender.objects.filter(image=name).exists()
    )


def shown_publicly(article):
    """Whether public pages may show this save or deletion of `article`: it is published, or was
    until this save (unpublished, taken down). A draft's or a review's saves change no public
    page, so they leave every cached page and block in place: writers save drafts often.
    `_was_public` is set by Article.save() from the stored row; unknown (a raw save, a deletion
    of an article not saved through this instance) counts as public."""
    return article.status == article.Status.PUBLISHED or getattr(article, "_was_public", True)


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from longkhanh import accounts, pagecache, search
        from news import rendered
        from news.models import Article, Category, Photo
        from news.roles import EDITOR_PERMISSIONS, WRITER_PERMISSIONS

        pagecache.connect([Article], when=shown_publicly)
        pagecache.connect([Photo])
        post_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="news-photo-files")
        pagecache.connect([Category], chrome=True)  # the menu
        rendered.connect()  # what deletes articles' stored HTML
        # Published articles are found by the site's search; drafts, articles in review and
        # unpublished ones are removed from it when saved.
        search.register(
            Article,
            Article.search_document,
            queryset=lambda: Article.objects.filter(status=Article.Status.PUBLISHED),
            excerpts=body_text_found,
        )
        accounts.register_roles("news", WRITER_PERMISSIONS, EDITOR_PERMISSIONS)


def body_text_found(wanted):
    """{article id: ("nội dung bài", the words around the first of them)}: for each article of
    `wanted` ({id: words of a search its title and summary lack}), where its text has them (a
    trial found articles by words of their text only, with nothing on their cards to say why).
    One query, for those articles of a page of results only."""
    from longkhanh.sanitize import plain_text
    from longkhanh.text import excerpt
    from news.models import Article

    found = {}
    for pk, body in Article.objects.filter(pk__in=wanted).order_by().values_list("pk", "body"):
        quoted = excerpt(plain_text(body), wanted[pk])
        if quoted:
            found[pk] = ("nội dung bài", quoted)
    return found
