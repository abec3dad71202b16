"""The allow-list every stored rich-text body passes through (nh3, on every model save).

Templates mark a body safe only because it went through `clean_html` when it was saved.
"""

import re

import nh3

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
    return _EMPTY_PARAGRAPH.sub("", cleaned).strip()
