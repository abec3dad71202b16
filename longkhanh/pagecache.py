"""Whole-page caching for anonymous GETs, and the small caches of the chrome.

**Pages** are kept in each worker's memory (the "pages" cache alias) for
settings.CACHE_MIDDLEWARE_SECONDS, the one page-cache lifetime. Only views marked with `cached()`
(in each app's urls.py) are cached, and a page's key holds:

- the content generation (longkhanh/generation.py): any save of anything a page shows changes
  it, so every worker and every server stops serving older pages at once;
- the path and only the query parameters the view declares it uses (`cached(view, "q",
  "page")`), as given: `?utm_source=…` or `?x=<random>` cannot make a page uncached, nor fill
  the cache, and the view never sees them (`only_declared`), so nothing it renders can differ
  from what the key says;
- never the Host header: absolute URLs come from the configured site address.

A scheduled article appears by itself, with no save: the lifetime bounds how late (15 s; the
sitemaps, which crawlers read every few hours, 5 minutes: `cached(..., seconds=…)`).

What is not cached: anything but 200 responses to GET/HEAD; responses marked private or
no-store (previews); the admin and every view not marked. Browsers are told to revalidate
(`no-cache`; ConditionalGetMiddleware answers 304), so a reader's own browser never keeps an old
page either. The visit and read counters sit above this middleware, so cached pages still count.

**Fragments** (`fragment()`): data the chrome shows on every page (the menu, the site settings,
the sidebar blocks), cached under the chrome generation, which only saving what the chrome shows
changes (`connect(models, chrome=True)`): a page rendered right after an article's save costs
its own queries only. A fragment made from content (the most-read list) asks for the content
generation instead (`fragment(..., scope=CONTENT)`), so a takedown leaves it at once too.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, set_response_etag

from longkhanh import generation

FRAGMENT_SECONDS = 300  # a bound for what changes without a save (reads, the time of day)


class Retire:
    """A signal receiver: new generations (`names`) now, and again when the transaction commits
    (only for the rows `when(instance)` says public pages may show, when it is given).

    The first retires what was cached before the save. The second retires what a reader's request
    cached in between: a request that arrives after the bump but before the admin's transaction
    commits still reads the rows as they were, and would keep that old page (15 s) or old block
    (5 minutes: the menu, "most read" with an unpublished article in it) under the new
    generation. (Outside a transaction the callback runs at once: one bump more, no harm.)"""

    def __init__(self, names, when=None):
        self.names, self.when = names, when

    def bump(self):
        for name in self.names:
            generation.bump(name)

    def __call__(self, instance=None, **kwargs):
        if self.when is not None and not self.when(instance):
            return
        self.bump()
        transaction.on_commit(self.bump)


def connect(models, chrome=False, scope=None, when=None):
    """Saving or deleting any of `models` starts a new content generation: apps call this for the
    models their pages show, in their AppConfig.ready(). `chrome`: the models are (also) shown by
    the chrome's fragments, whose generation changes too. `scope`: the name of a generation of
    their own (an app's label), which the chrome's blocks made only from them are kept under
    (`{% content_block "new-documents" scope "documents" %}`), so that saving anything else does
    not retire those blocks. `when(instance)`: only the saves and deletions it says a public
    page may show retire anything (an article's: not a draft's)."""
    names = [generation.CONTENT, *([generation.CHROME] if chrome else []), *filter(None, [scope])]
    retire = Retire(names, when)
    for sender in (s for model in models for s in model_and_proxies(model)):
        label = sender._meta.label
        # Strong references: the receiver is made here and held by nothing else.
        post_save.connect(
            retire, sender=sender, weak=False, dispatch_uid=f"generation-save-{label}"
        )
        post_delete.connect(
            retire, sender=sender, weak=False, dispatch_uid=f"generation-delete-{label}"
        )


def model_and_proxies(model):
    """`model` and its proxy models: a save through a proxy (the approvers' queue saves
    news.ReviewQueue, not news.Article) sends the proxy as the signal's sender."""
    return [model] + [
        proxy
        for proxy in django_apps.get_models()
        if proxy._meta.proxy and proxy._meta.concrete_model is model
    ]


def current_generation(request, name=generation.CONTENT):
    """A generation (content or chrome), read once per request."""
    if request is None:
        return generation.current(name)
    if not hasattr(request, "_generations"):
        request._generations = {}
    if name not in request._generations:
        request._generations[name] = generation.current(name)
    return request._generations[name]


def cached(view, *params, seconds=None):
    """Marks `view` as cacheable for anonymous GETs; `params` are the query parameters it uses
    (every other one is left out of the cache key). `seconds`: a lifetime longer than the one
    every page has, for a view whose pages may show a scheduled item that late (a save retires
    them at once all the same)."""
    view.page_cache_params = tuple(sorted(params))
    if seconds is not None:
        view.page_cache_seconds = seconds
    return view


def fragment(request, name, build, seconds=FRAGMENT_SECONDS, scope=generation.CHROME):
    """`build()`, cached under the current chrome generation (for the chrome's blocks), or the
    content generation for a block made from content (`scope=generation.CONTENT`), or an app's
    own generation (`scope="documents"`: see connect())."""
    key = f"fragment:{scope}:{current_generation(request, scope)}:{name}"
    stored = caches["default"].get(key)
    if stored is None:
        stored = (build(),)  # in a tuple, so that None (no poll open) is cached too
        caches["default"].set(key, stored, seconds)
    return stored[0]


@functools.lru_cache(maxsize=1024)
def page_view(urlconf, path):
    """(query parameters, lifetime or None) of the `cached()` view at `path`, or None for a path
    whose pages are not kept. Kept per path (the last 1,024 paths, a few MB at most): resolving
    a path walks the URL patterns, a sixth of a cached page's time in Django."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    params = getattr(view, "page_cache_params", None)
    if params is None:
        return None
    return params, getattr(view, "page_cache_seconds", None)


def _settings_changed(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        page_view.cache_clear()


setting_changed.connect(_settings_changed)


def only_declared(request, params):
    """The request's query string cut to the parameters `params` (as given, empty ones too, in
    one order), which from now on is all the view sees of it: what the view renders (a filtered
    list's title, its noindex, the address printed in the footer) then cannot come from a
    parameter the cache key leaves out (`?fbclid=…`, `?utm_source=…`), and a page kept for one
    address is the page of that address for everyone."""
    query = urlencode([(name, value) for name in params for value in request.GET.getlist(name)])
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    return query


class PageCacheMiddleware:
    """Answers a cached page before sessions and authentication (public pages never depend on
    them), and stores the pages of views marked with `cached()`."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
        self.seconds = settings.CACHE_MIDDLEWARE_SECONDS

    def key(self, request):
        """(cache key, lifetime in seconds) of the request's page, or (None, None)."""
        if request.method not in ("GET", "HEAD"):
            return None, None
        found = page_view(settings.ROOT_URLCONF, request.path_info)
        if found is None:
            return None, None
        params, seconds = found
        query = only_declared(request, params)
        digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
        return f"page:{current_generation(request)}:{digest}", seconds or self.seconds

    def __call__(self, request):
        key, seconds = self.key(request)
        if key is None:
            return self.get_response(request)
        # The host check Django makes further down (CommonMiddleware) must not depend on whether
        # the page happens to be cached: a host not in ALLOWED_HOSTS gets its 400 either way.
        request.get_host()
        stored = self.cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self.storable(response):
            if request.method == "GET":
                # Kept with the page, so ConditionalGetMiddleware does not hash it for each hit.
                set_response_etag(response)
            headers = tuple(response.items())  # kept as is (longkhanh/kept.py): never changed
            self.cache.set(key, (response.status_code, headers, response.content), seconds)
        return response

    @staticmethod
    def storable(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        control = response.get("Cache-Control", "").replace(" ", "").lower().split(",")
        if "private" in control or "no-store" in control:
            return False
        patch_cache_control(response, no_cache=True)  # browsers revalidate: see the docstring
        return True
