"""`manage.py render_articles [--all]`: renders and stores the published articles whose stored
HTML is missing or out of date (news/rendered.py), in batches; `--all` renders every one.

Each article is also rendered on its first view after a save, so this is never needed for the
site to be right: run it after an import or a deploy that changes how articles look, so the first
readers of each old article do not pay for its render. Run it with the site's own environment:
the stored HTML holds the site's address (DJANGO_SITE_URL), and rows rendered for another
address are never served (the address is part of their version), so it says which it used."""

from django.conf import settings
from django.core.management.base import BaseCommand

from news import rendered
from news.models import Article

BATCH = 500


class Command(BaseCommand):
    help = "Dựng sẵn HTML của các bài viết đã xuất bản chưa có hoặc đã cũ."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="dựng lại mọi bài")

    def handle(self, *args, **options):
        published = Article.objects.published()
        # Which ones, from three short columns: the stored HTML is read only to be replaced.
        rows = list(published.values_list("pk", "updated_at", "rendered__version").order_by("pk"))
        ids = [
            pk
            for pk, updated_at, stored in rows
            if options["all"] or stored != rendered.version(updated_at)
        ]
        for start in range(0, len(ids), BATCH):
            batch = published.filter(pk__in=ids[start : start + BATCH])
            batch = batch.select_related("category").prefetch_related(rendered.PHOTOS)
            rendered.store([rendered.render_article(None, article) for article in batch])
        self.stdout.write(
            f"Đã dựng {len(ids)} trong {len(rows)} bài đã xuất bản, cho địa chỉ "
            f"{settings.SITE_URL} (DJANGO_SITE_URL: phải là địa chỉ của trang đang chạy)."
        )
