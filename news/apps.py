from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate


def delete_photo_files(sender, instance, **kwargs):
    """A deleted photo (or the photos of a deleted article) leaves no file behind."""
    from longkhanh.renditions import delete_when_unused

    name = instance.image.name
    delete_when_unused(
        name, instance.renditions, lambda: sender.objects.filter(image=name).exists()
    )


class NewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from longkhanh import pagecache, search
        from news import rendered
        from news.models import Article, Category, Photo
        from news.roles import ensure_roles

        pagecache.connect([Article, Photo])
        post_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="news-photo-files")
        pagecache.connect([Category], chrome=True)  # the menu
        rendered.connect()  # what deletes articles' stored HTML
        # Published articles are found by the site's search; drafts, articles in review and
        # unpublished ones are removed from it when saved.
        search.register(
            Article,
            Article.search_document,
            queryset=lambda: Article.objects.filter(status=Article.Status.PUBLISHED),
        )
        post_migrate.connect(ensure_roles, sender=self, dispatch_uid="news-roles")
