"""The content generation: one number every process of every server reads on each request, and
that any save of public content changes.

Cached pages and the chrome's small caches carry it in their keys, so a save (an edit, an
unpublished article, a legal takedown) makes every worker and every server stop serving what it
cached before, at once, without knowing who cached what. Old entries are never read again and
age out by themselves.

It lives in Redis when REDIS_URL is set (shared by every server), else in a file's modification
time (shared by the workers of one server; several servers need Redis anyway). Reading it costs a
`stat()` or one Redis GET; a failure to read it (Redis away) gives a fresh number, so nothing
stale is served, only less is cached.

A second number, the chrome generation, changes only when what every page's chrome shows is
saved (site settings, sections, the poll, the link blocks). The chrome's small caches carry it
instead, so an article's save retires the pages but not the menu and sidebar every page
rebuilds.
"""

import functools
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings

KEY = "longkhanh:generation"
CONTENT, CHROME = "content", "chrome"
logger = logging.getLogger(__name__)

_redis = None


def _client():
    global _redis
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1)
    return _redis


def _key(name):
    return KEY if name == CONTENT else f"{KEY}:{name}"


def _path(name=CONTENT):
    return _file(settings.CACHE_GENERATION_FILE, name)


@functools.lru_cache(maxsize=64)
def _file(setting, name):
    """The generation's file as a string, made once (each request stats it: a Path made for
    every stat cost more than the stat)."""
    path = Path(setting)
    return str(path if name == CONTENT else path.with_name(f"{path.name}.{name}"))


def current(name=CONTENT):
    """The current generation (CONTENT or CHROME), as a short string for cache keys."""
    if settings.REDIS_URL:
        try:
            client = _client()
            value = client.get(_key(name))
            if value is None:  # never set, or Redis emptied: start where no old key can be
                client.set(_key(name), time.time_ns(), nx=True)
                value = client.get(_key(name))
        except Exception:  # Redis away: cache nothing rather than serve stale pages
            return uuid.uuid4().hex
        return value.decode()
    try:
        return str(os.stat(_path(name)).st_mtime_ns)
    except FileNotFoundError:  # the first request, or var/ emptied: a time no key used before
        bump(name)
        return str(os.stat(_path(name)).st_mtime_ns)


def bump(name=CONTENT, **kwargs):
    """A new generation (also a signal receiver: takes and ignores the signal's arguments)."""
    if settings.REDIS_URL:
        try:
            client = _client()
            client.set(_key(name), time.time_ns(), nx=True)
            client.incr(_key(name))
        except Exception:  # the save itself went through; pages age out within their lifetime
            logger.warning("Could not bump the %s generation in Redis", name, exc_info=True)
        return
    path = Path(_path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    # Strictly later than any time this file has had, even on a coarse clock.
    now = max(time.time_ns(), os.stat(path).st_mtime_ns + 1)
    os.utime(path, ns=(now, now))


def bump_chrome(**kwargs):
    """New content and chrome generations (a signal receiver, for what the chrome shows)."""
    bump(CONTENT)
    bump(CHROME)
