"""The visit counter: "Lượt truy cập" (online now, today, total).

A visit is a browser's first page view without a visit cookie, or with one idle for 30 minutes.
Only new visits write to the database: one atomic UPDATE (an INSERT the first time each day) of
the day's row, so N new browsers add exactly N whatever the number of workers or servers, and
nothing is lost on restart. Later page views only read a signed cookie.

"Online now" is the number of browsers seen in the last 5 minutes. A browser is marked as seen
at most once a minute (the cookie carries the time of the last mark), in Redis when REDIS_URL is
set (shared by every server) or else in a folder of tiny files (shared by the workers of one
server); never in the database.

The numbers shown are cached for up to STATS_TTL seconds.
"""

import logging
import os
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.cache import patch_cache_control

from longkhanh import cookies
from longkhanh.models import SiteSettings, VisitDay

logger = logging.getLogger(__name__)

COOKIE = "lk_visit"
VISIT_IDLE = 30 * 60  # seconds without a page view before the next one is a new visit
ONLINE_WINDOW = 5 * 60
MARK_EVERY = 60  # seconds between two "seen" marks of one browser
STATS_TTL = 15  # + the page cache's 15 s: shown numbers lag by 30 s at most
STATS_KEY = "visits:stats"

BOTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|mediapartners|"
    r"python-requests|python-urllib|aiohttp|httpx|curl|wget|go-http-client|java/|okhttp|"
    r"libwww|scrapy|headless|lighthouse|pingdom|uptimerobot|statuscake",
    re.IGNORECASE,
)
SKIPPED_PATHS = ("/admin/", "/static/", "/media/", "/quan-tri/")


def is_bot(request):
    agent = request.headers.get("User-Agent", "")
    return not agent or bool(BOTS.search(agent))


def read_cookie(request):
    """(visitor id, time of the last mark) from a valid visit cookie, or None."""
    value = cookies.read(request, COOKIE, max_age=VISIT_IDLE)
    try:
        visitor, marked = value.split(":")
        return visitor, int(marked)
    except (AttributeError, ValueError):
        return None


def record_new_visit(day):
    """Adds one visit to `day`, exactly, under any concurrency."""
    if VisitDay.objects.filter(day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            VisitDay.objects.create(day=day, count=1)
    except IntegrityError:  # another process created the day's row first
        VisitDay.objects.filter(day=day).update(count=F("count") + 1)


class FilePresence:
    """Browsers seen lately, as files in one folder: one per browser, its mtime the last mark."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def mark(self, visitor, now):
        path = self.folder / visitor
        try:
            path.touch()
        except FileNotFoundError:  # the first mark, or the folder was emptied away
            self.folder.mkdir(parents=True, exist_ok=True)
            path.touch()
        os.utime(path, (now, now))

    def count(self, now):
        online = 0
        try:
            entries = list(os.scandir(self.folder))
        except FileNotFoundError:
            return 0
        for entry in entries:
            try:
                if entry.stat().st_mtime >= now - ONLINE_WINDOW:
                    online += 1
                else:
                    os.unlink(entry.path)
            except FileNotFoundError:  # removed by another worker meanwhile
                pass
        return online


class RedisPresence:
    """Browsers seen lately, as a Redis sorted set scored by the time of the last mark."""

    key = "longkhanh:visits:online"

    def __init__(self, url):
        import redis

        self.client = redis.Redis.from_url(url)

    def mark(self, visitor, now):
        self.client.zadd(self.key, {visitor: now})

    def count(self, now):
        pipe = self.client.pipeline()
        pipe.zremrangebyscore(self.key, "-inf", f"({now - ONLINE_WINDOW}")  # keep the boundary
        pipe.zcard(self.key)
        return pipe.execute()[1]


_presence = None


def presence():
    global _presence
    if _presence is None:
        if settings.REDIS_URL:
            _presence = RedisPresence(settings.REDIS_URL)
        else:
            _presence = FilePresence(settings.VISITS_PRESENCE_DIR)
    return _presence


def stats(request=None):
    """{"online", "today", "total"}: cached for up to STATS_TTL seconds."""
    numbers = cache.get(STATS_KEY)
    if numbers is None:
        today, total = VisitDay.totals(timezone.localdate())
        numbers = {
            "online": presence().count(time.time()),
            "today": today,
            "total": total,
        }
        cache.set(STATS_KEY, numbers, STATS_TTL)
    offset = SiteSettings.current(request).visits_offset
    return {**numbers, "total": numbers["total"] + offset}


class VisitMiddleware:
    """Counts new visits and marks browsers as seen; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(SKIPPED_PATHS)
            and not is_bot(request)
        ):
            self.track(request, response)
        return response

    def track(self, request, response):
        try:
            self._track(request, response)
        except DatabaseError:
            # The page (perhaps from the cache) is still worth sending while the database is
            # away; this one visit goes uncounted.
            logger.warning("Visit not counted: the database did not answer", exc_info=True)

    def _track(self, request, response):
        now = int(time.time())
        cookie = read_cookie(request)
        if cookie is not None and now - cookie[1] < MARK_EVERY:
            return  # seen less than a minute ago: nothing to write
        if cookie is None or now - cookie[1] >= VISIT_IDLE:
            visitor = uuid.uuid4().hex
            record_new_visit(timezone.localdate())
        else:
            visitor = cookie[0]
        presence().mark(visitor, now)
        cookies.write(response, COOKIE, f"{visitor}:{now}", max_age=VISIT_IDLE)
        # A shared cache must not hand this response, with its cookie, to another browser.
        patch_cache_control(response, private=True)
