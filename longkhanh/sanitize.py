"""The allow-list every stored rich-text body passes through (nh3, on every model save).

Templates mark a body safe only because it went through `clean_html` when it was saved.
"""

import html as html_module
import re

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6",
    "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "hr",
    "a", "figure", "img", "figcaption",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_CLASSES = {"figure": {"image", "table"}}
URL_SCHEMES = {"http", "https", "mailto"}

# What Word leaves behind when text is pasted: paragraphs with nothing but spaces in them.
_EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|&nbsp;|\u00a0|<br>)*</p>", re.IGNORECASE)
# Line breaks and non-breaking spaces at the start or the end of a paragraph, a heading, an item
# or a cell (Word's "<br>&nbsp;", an editor's Shift+Enter at the end): a blank line or an indent
# that readers see and no one meant. Between words they stay.
_FILL = r"(?:\s|&nbsp;|\u00a0|<br>)+"
_LEADING_FILL = re.compile(rf"(<(?:p|h[2-6]|li|td|th)>){_FILL}", re.IGNORECASE)
_TRAILING_FILL = re.compile(rf"{_FILL}(</(?:p|h[2-6]|li|td|th)>)", re.IGNORECASE)
# Blocks' tags, and the whitespace around them, which no browser shows: CKEditor 5 writes none,
# so a body stored with none (from the demo, an import or a paste) reads back from the editor
# unchanged, and saving it untouched changes nothing.
BLOCK_TAGS = (
    "p|h[1-6]|ul|ol|li|blockquote|hr|figure|figcaption|table|caption|thead|tbody|tfoot|tr|th|td"
)
_AROUND_BLOCK_TAGS = re.compile(rf"\s*(</?(?:{BLOCK_TAGS})\b[^>]*>)\s*", re.IGNORECASE)
_BREAKS = re.compile(rf"<(?:/?(?:{BLOCK_TAGS})\b[^>]*|br\b[^>]*)>", re.IGNORECASE)


def clean_html(html):
    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _TRAILING_FILL.sub(r"\1", _LEADING_FILL.sub(r"\1", cleaned))
    return _AROUND_BLOCK_TAGS.sub(r"\1", _EMPTY_PARAGRAPH.sub("", cleaned)).strip()


def plain_text(html):
    """The text of stored rich text, for search, descriptions and summaries: blocks and line
    breaks become spaces (stored bodies have no whitespace between blocks, so stripping the tags
    alone would join the last word of a paragraph to the first of the next), entities
    unescaped, whitespace collapsed."""
    return " ".join(html_module.unescape(strip_tags(_BREAKS.sub(" ", html or ""))).split())
