"""Rich text (an editor's body) as readers get it: sanitized HTML (longkhanh.sanitize, on every
save) with two additions made when it is shown.

- Images inserted in the text with the editor are served as their renditions (WebP and JPEG in
  several widths, with width and height), made once when they were uploaded
  (`longkhanh.models.StoredImage`): the uploaded original never reaches a reader.
- Blocks given by the app (an article's captioned photos) are placed after the paragraph each one
  names: `after` 0 is before the text, N after the N-th top-level block, None (or past the end)
  after the text.

A "paragraph" is a top-level block of the body: a paragraph, a heading, a list, a quotation, a
table or an image with its caption; the admin's help text says so in Vietnamese.
"""

import html
import re
from html.parser import HTMLParser

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "figure", "table", "hr"}
VOID_TAGS = {"br", "hr", "img"}
# Names of files the site stored itself: no "..", no scheme, only our upload folders.
_STORED_NAME = re.compile(r"^(?:uploads|photos)/[\w\-./]+$")


class _BodyScanner(HTMLParser):
    """Finds where each top-level block ends and where each <img> is, as offsets in the text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0
        self.block_ends = []
        self.images = []  # (start, end, attributes)

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self.position()
        if tag == "img":
            end = start + len(self.get_starttag_text())
            self.images.append((start, end, dict(attrs)))
        if tag in VOID_TAGS:
            if self.depth == 0 and tag in BLOCK_TAGS:
                self.block_ends.append(start + len(self.get_starttag_text()))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and tag in BLOCK_TAGS:
            self.block_ends.append(self.text.index(">", self.position()) + 1)


def stored_name(src):
    """The storage name of an image the site stored (a CKEditor upload), or None."""
    prefix = default_storage.url("")
    if not src or not src.startswith(prefix):
        return None
    name = src[len(prefix) :]
    if ".." in name or not _STORED_NAME.match(name):
        return None
    return name


def _scan(body):
    scanner = _BodyScanner(body)
    scanner.feed(body)
    scanner.close()
    return scanner


def pictures(images):
    """{scanned image's index: <picture> HTML} for the images the site stored; one query."""
    from longkhanh.models import StoredImage

    names = {index: stored_name(attrs.get("src")) for index, (_, _, attrs) in enumerate(images)}
    stored = {
        row.name: row.renditions.get("figure")
        for row in StoredImage.objects.filter(name__in=[n for n in names.values() if n])
    }
    out = {}
    for index, name in names.items():
        img = stored.get(name)
        if img:
            out[index] = render_to_string(
                "includes/picture.html",
                {
                    "img": img,
                    "alt": images[index][2].get("alt") or "",
                    "photo": {"alt_text": ""},  # picture.html falls back to it when alt is None
                    "sizes": "(min-width: 64rem) 46rem, 100vw",
                },
            ).strip()
    return out


def render(body, placed=()):
    """The body with stored images as renditions and `placed` [(after, html)] inserted, in order."""
    scanner = _scan(body)
    edits = []  # (offset, end, replacement), applied in order
    if scanner.images:
        for index, picture in pictures(scanner.images).items():
            start, end, _ = scanner.images[index]
            edits.append((start, end, picture))
    blocks = scanner.block_ends
    for after, block in placed:
        if after is None or after > len(blocks):
            at = len(body)
        elif after == 0:
            at = 0
        else:
            at = blocks[after - 1]
        edits.append((at, at, block))
    # Stable: insertions at one point keep their order; an image edit never overlaps a block end
    # (blocks end after their images).
    edits.sort(key=lambda edit: (edit[0], edit[1]))
    parts, last = [], 0
    for start, end, replacement in edits:
        parts += [body[last:start], replacement]
        last = end
    parts.append(body[last:])
    return mark_safe("".join(parts))  # the body was sanitized when stored; the rest we made


def stored_names(body):
    """The storage names of the stored images a body shows."""
    return [name for _, _, attrs in _scan(body).images if (name := stored_name(attrs.get("src")))]


def paragraph_openings(body, words=8):
    """The first words of each top-level block, numbered from 1 in the admin, so that editors
    see which paragraph a photo will follow."""
    scanner = _scan(body)
    starts = [0, *scanner.block_ends[:-1]]
    openings = []
    for start, end in zip(starts, scanner.block_ends, strict=True):
        text = html.unescape(re.sub(r"<[^>]*>", " ", body[start:end]))
        openings.append(" ".join(text.split()[:words]))
    return openings
