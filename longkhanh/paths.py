"""The paths of pages named by one slug (an article, a section, a byline), made without
re-matching the URL patterns each time: a list page shows dozens of them, and `reverse()` costs
more than the rest of an article's card.

`slug_path("news:article", slug)` is exactly `reverse("news:article", kwargs={"slug": slug})`:
the path is reversed once with a marker in place of the slug (per URL configuration and script
prefix, so a site served under a sub-path or a test's own URLs get theirs), then the slug is put
in its place. A value the `slug` converter would not take goes through `reverse()` itself, and
fails there as it always did.
"""

import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

MARKER = "slug-marker-7f3a"
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_shapes = {}


def slug_path(view_name, slug):
    if not SLUG.fullmatch(slug or ""):
        return reverse(view_name, kwargs={"slug": slug})
    key = (view_name, get_script_prefix(), id(get_resolver(get_urlconf())))
    shape = _shapes.get(key)
    if shape is None:
        before, after = reverse(view_name, kwargs={"slug": MARKER}).split(MARKER)
        shape = _shapes[key] = (before, after)
    return shape[0] + slug + shape[1]
