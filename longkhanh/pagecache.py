"""Whole-page caching for anonymous GETs, and clearing it when content changes.

Pages are kept in each worker's memory (the "pages" cache alias) for
settings.CACHE_MIDDLEWARE_SECONDS, the one page-cache lifetime. Saving or
deleting anything a page shows clears the saving process's copy at once; other workers and
servers drop theirs within that lifetime. That bound also keeps scheduled articles (which appear
by themselves, with no save) and the visit counter within their promises: see
docs/ARCHITECTURE.md, "Caching".

What is not cached: anything but 200 responses to GET/HEAD, responses marked private or
no-store (previews, new visitors' and new readers' cookies, which are added outside the cache),
the poll's results, the admin.
"""

from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils.cache import get_max_age


def clear_pages(**kwargs):
    caches["pages"].clear()


def connect(models):
    for model in models:
        post_save.connect(clear_pages, sender=model, dispatch_uid=f"pages-save-{model._meta.label}")
        post_delete.connect(
            clear_pages, sender=model, dispatch_uid=f"pages-delete-{model._meta.label}"
        )


class RevalidateMiddleware:
    """The server keeps pages for CACHE_MIDDLEWARE_SECONDS, but browsers are told to ask
    again each time (`no-cache`; an unchanged page costs a 304 through Django's
    ConditionalGetMiddleware). So an edit, an unpublished article or a takedown shows at the
    reader's next view, never later because the reader's own browser kept the old page. Sits
    just above the page cache, which stores pages with its own max-age before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        control = response.get("Cache-Control", "")
        if (get_max_age(response) or 0) > 0 and not {"private", "no-store"} & set(
            control.replace(" ", "").split(",")
        ):
            response.headers.pop("Expires", None)
            response["Cache-Control"] = "no-cache"
        return response
