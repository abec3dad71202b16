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
            # A card found by words of its text only says where (from a trial).
            excerpts=search.text_found(Article, "body", "nội dung bài"),
        )
        accounts.register_roles("news", WRITER_PERMISSIONS, EDITOR_PERMISSIONS)
