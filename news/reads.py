"""Counting each article's reads once per browser, for "Tin đọc nhiều".

The article view marks its response with the article's id (news.views.READ_HEADER); this
middleware, which sits outside any page cache, takes the mark off and counts the read unless the
browser's signed cookie lists the article already. A repeat read writes nothing. The cookie keeps
the last KEEP articles a browser read.
"""

from django.db import DatabaseError
from django.db.models import F
from django.utils.cache import patch_cache_control

from longkhanh import cookies
from longkhanh.visits import is_bot
from news.models import Article
from news.views import READ_HEADER

COOKIE = "lk_read"
KEEP = 100
COOKIE_AGE = 365 * 24 * 3600


def read_ids(request):
    value = cookies.read(request, COOKIE, max_age=COOKIE_AGE) or ""
    return [item for item in value.split(".") if item.isdigit()]


class ReadCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        article_id = response.get(READ_HEADER)
        if article_id is not None:
            del response[READ_HEADER]
        if (
            article_id
            and request.method == "GET"
            and response.status_code == 200
            and not is_bot(request)
        ):
            read = read_ids(request)
            if article_id not in read:
                try:
                    Article.objects.filter(pk=int(article_id)).update(
                        read_count=F("read_count") + 1
                    )
                except DatabaseError:  # serve the page; this read goes uncounted
                    return response
                cookies.write(
                    response, COOKIE, ".".join([article_id, *read][:KEEP]), max_age=COOKIE_AGE
                )
                patch_cache_control(response, private=True)
        return response
