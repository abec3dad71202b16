"""Pages assembled from a kept shell and their own parts, instead of rendered whole.

Most of a public page is the same on every page of its kind: the head's links, the header and
its menu, the sidebar's blocks, the footer. The page cache keeps whole pages for a few seconds,
but readers spread over the whole archive open pages no one opened in those seconds, so each
would be rendered whole again. Here the part every page of a kind shares (the shell) is rendered
once per worker and kept as plain strings, split where each page's own parts go (its holes):

    shell = page_shell(request, "article", {"meta": {"feed": feed}})
    return assembled(shell, title=…, description=…, meta=…, content=…, canonical=…)

The shell is `templates/shell.html`: base.html with a marker in each block a page fills
(`title`, `description`, `meta`, `content`) and in `meta.canonical` (the footer's printed
address). It is kept in the worker's memory under both generations (a save of content or of the
chrome retires it, as it retires the chrome's blocks) and for at most SECONDS, the page cache's
lifetime, since the visit counter in the sidebar changes without a save. A page's own parts are
already-escaped HTML strings (the caller renders them with the template engine, or escapes them),
so a page assembled costs a join of strings, whatever the shell holds.
"""

import re

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from longkhanh import generation
from longkhanh.pagecache import current_generation

HOLES = ("title", "description", "meta", "content", "canonical")
_MARKER = re.compile("\x00([a-z]+)\x00")
SECONDS = settings.CACHE_MIDDLEWARE_SECONDS


def _marker(name):
    return mark_safe(f"\x00{name}\x00")  # noqa: S308 (a constant: no user input)


def page_shell(request, name, context=None):
    """The shell of the pages named `name` (a kind of page, and what varies it: "article",
    "section:<slug>"), rendered with `context` the first time: a tuple of alternating text and
    hole names."""
    key = ":".join(
        (
            "shell",
            current_generation(request, generation.CONTENT),
            current_generation(request, generation.CHROME),
            name,
        )
    )
    cache = caches["template_fragments"]
    shell = cache.get(key)
    if shell is None:
        holes = {hole: _marker(hole) for hole in HOLES}
        values = dict(context or {})
        values["meta"] = {**values.get("meta", {}), "canonical": holes["canonical"]}
        html = render_to_string("shell.html", {**values, "holes": holes}, request=request)
        shell = tuple(_MARKER.split(html))
        cache.set(key, shell, SECONDS)
    return shell


def assembled(shell, **parts):
    """An HTML response: `shell` with each hole filled by the escaped HTML string in `parts`."""
    missing = set(HOLES) - set(parts)
    if missing:
        raise ValueError(f"no part for the holes {sorted(missing)}")
    pieces = [text if index % 2 == 0 else parts[text] for index, text in enumerate(shell)]
    return HttpResponse("".join(pieces))
