"""Pages assembled from a kept shell and their own parts, instead of rendered whole.

Most of a public page is the same on every page of its kind: the head's links, the header and
its menu, the sidebar's blocks, the footer. The page cache keeps whole pages for a few seconds,
but readers spread over the whole archive open pages no one opened in those seconds, so each
would be rendered whole again. Here the part every page of a kind shares (the shell) is rendered
once per worker and kept as plain strings, split where each page's own parts go (its holes):

    shell = page_shell(request, "article", {"meta": {"feed": feed}})
    return assembled(request, shell, title=…, description=…, meta=…, content=…, canonical=…)

The shell is `templates/shell.html`: base.html with a marker in each block a page fills
(`title`, `description`, `meta`, `content`) and in `meta.canonical` (the footer's printed
address). It is kept in the worker's memory under the chrome generation (a save of what the
chrome shows retires it) and for at most SECONDS, the page cache's lifetime, since the date in
the header changes without a save.

The sidebar's blocks made from content ("most read", "Văn bản mới", "Hỏi đáp") change with saves
of content, so they are holes too: base.html wraps each in `{% content_block "name" %}`, which
renders it (kept under the content generation, as `{% cache %}` did) on a page rendered whole,
and leaves a marker in the shell, filled when a page is assembled from the same kept copy. An
article's save then costs the next page its own parts and "most read", not the shell. A block
made from one app's rows alone is kept under that app's own generation instead
(`{% content_block "new-documents" scope "documents" %}`, see pagecache.connect), so an
article's save leaves "Văn bản mới" and "Hỏi đáp" alone. The visit counter is a hole rendered
on every page (`{% content_block "visit-counter" fresh %}`): its numbers are as old as their
own cache, as on a page rendered whole.

A page's own parts are already-escaped HTML strings (the caller renders them with the template
engine, or escapes them), so a page assembled costs a join of strings, whatever the shell holds.
"""

import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.template import Context
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from longkhanh import generation, menu
from longkhanh.pagecache import current_generation

HOLES = ("title", "description", "meta", "content", "canonical")
# A marker holds a token drawn when the process starts, so that nothing the shell shows (a
# document's title with control characters in it, say) can be taken for a marker.
_TOKEN = secrets.token_hex(16)
_MARKER = re.compile(f"\x00{_TOKEN}([a-z-]+)\x00")
SECONDS = settings.CACHE_MIDDLEWARE_SECONDS
# What changes without a save ("most read": reads) is at most this old in a block, plus its own
# cache's age (news_tags.MOST_READ_SECONDS): a reader's reads show within a minute, and every
# worker's copy is as young. Rebuilding three blocks every 30 s costs a worker ~1 ms.
BLOCK_SECONDS = 30
_blocks = {}  # "block-<name>": the template nodes of base.html's {% content_block "name" %}


def _marker(name):
    return mark_safe(f"\x00{_TOKEN}{name}\x00")  # noqa: S308 (a constant: no user input)


def page_shell(request, name, context=None):
    """The shell of the pages named `name` (a kind of page, and what varies it: "article",
    "section:<slug>"), rendered with `context` the first time: a tuple of alternating text and
    hole names."""
    # The menu in it marks where the page is (a section's first page, or a page within it).
    place, within = menu.marks(request, (context or {}).get("menu_within", ""))
    key = f"shell:{current_generation(request, generation.CHROME)}:{name}:{place}:{within}"
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


def assembled(request, shell, **parts):
    """An HTML response: `shell` with each hole filled by the escaped HTML string in `parts`, and
    each content block's by its kept copy."""
    missing = set(HOLES) - set(parts)
    if missing:
        raise ValueError(f"no part for the holes {sorted(missing)}")
    pieces = []
    for index, text in enumerate(shell):
        if index % 2 == 0:
            pieces.append(text)
        elif text in parts:
            pieces.append(parts[text])
        elif text.startswith("fresh-"):
            pieces.append(_render_alone(request, text))
        else:
            pieces.append(kept_block(request, text, lambda hole=text: _render_alone(request, hole)))
    return HttpResponse("".join(pieces))


def _render_alone(request, hole):
    """A content block rendered outside its page, with only the request in its context (what the
    sidebar's tags read)."""
    nodelist, template, _ = _blocks[hole]
    context = Context({"request": request})
    with context.bind_template(template):
        return nodelist.render(context)


def content_block(context, name, nodelist, fresh=False, scope=generation.CONTENT):
    """What `{% content_block name %}` shows: its marker in a shell, else its kept copy (or, for
    a `fresh` block, itself). `scope`: the generation it is kept under (pagecache.connect)."""
    hole = f"{'fresh' if fresh else 'block'}-{name}"
    _blocks[hole] = (nodelist, context.template, scope)
    if context.get("holes") is not None:
        return _marker(hole)
    if fresh:
        return nodelist.render(context)
    return kept_block(context.get("request"), hole, lambda: nodelist.render(context))


def kept_block(request, hole, render):
    """A content block's HTML (`render()`), kept in the worker's memory under its generation:
    the content generation, or the one of the app whose rows alone it shows."""
    scope = _blocks[hole][2]
    key = f"{hole}:{scope}:{current_generation(request, scope)}"
    cache = caches["template_fragments"]
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, BLOCK_SECONDS)
    return mark_safe(html)  # rendered by the template engine, which escaped it
