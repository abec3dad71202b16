"""The chrome every page wears: date line, slogan banner, footer, visit counter."""

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from longkhanh import generation, menu, shell, site_url, visits
from longkhanh.models import SiteSettings
from longkhanh.pagecache import current_generation
from longkhanh.security import TEXT_SIZE_SCRIPT
from longkhanh.text import WEEKDAYS, highlight_spans

register = template.Library()


@register.filter
def highlight(text, words):
    """`text`, escaped, with its whole words matching the search `words` in <mark>
    (longkhanh.text.highlight_spans): for every app's search results."""
    text = str(text or "")
    parts, last = [], 0
    for start, end in highlight_spans(text, words or []):
        parts += [escape(text[last:start]), "<mark>", escape(text[start:end]), "</mark>"]
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # every piece of `text` was escaped above


@register.filter
def vi_date_line(day):
    """The seed's date line: "Thứ bảy, ngày 4/6/2016"."""
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day}/{day.month}/{day.year}"


@register.filter
def vi_weekday(day):
    """ "Thứ hai" … "Chủ nhật"."""
    return WEEKDAYS[day.weekday()]


@register.filter
def vi_number(value):
    """Vietnamese digit grouping: 7448251 → "7.448.251"."""
    return f"{int(value):,}".replace(",", ".")


@register.simple_tag(takes_context=True)
def site_settings(context):
    return SiteSettings.current(context.get("request"))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`{% absolute_url path %}`: the page's absolute URL for `path` (see longkhanh/site_url.py)."""
    return site_url.absolute_url(context["request"], path)


class Generations:
    """`gen.chrome`, `gen.content`: the generations a page's kept blocks follow, each read once
    per request, and only when a block asks for it."""

    def __init__(self, request):
        self.request = request

    @property
    def chrome(self):
        return current_generation(self.request, generation.CHROME)

    @property
    def content(self):
        return current_generation(self.request, generation.CONTENT)


@register.simple_tag(takes_context=True)
def generations(context):
    """`{% generations as gen %}`, for the keys of Django's `{% cache %}` blocks: a block of the
    chrome is kept with `gen.chrome` among its keys, one made from content with `gen.content`,
    so a save that changes what it shows retires it on every worker (base.html)."""
    return Generations(context.get("request"))


@register.simple_tag(takes_context=True)
def menu_place(context):
    """The menu item the page is, else "" (longkhanh.menu.marks): aria-current="page"."""
    return menu.marks(context.get("request"), context.get("menu_within", ""))[0]


@register.simple_tag(takes_context=True)
def menu_within(context):
    """The menu item the page is within, else "" (longkhanh.menu.marks): aria-current="true"."""
    return menu.marks(context.get("request"), context.get("menu_within", ""))[1]


@register.simple_tag(takes_context=True)
def page_alternates(context):
    """The page's versions in both languages: what its view gave (`alternates`), or what an app
    registered for its path (the home page's English version: longkhanh/menu.py)."""
    if context.get("alternates"):
        return context["alternates"]
    request = context.get("request")
    return menu.alternates_of(request.path if request is not None else "")


@register.inclusion_tag("includes/english_menu.html", takes_context=True)
def english_menu(context):
    """The English pages' menu: only what has an English version (longkhanh/menu.py)."""
    request = context.get("request")
    return {"items": menu.items("en"), "current_path": request.path if request else ""}


@register.simple_tag
def today():
    return timezone.localdate()


_counter = {}  # the last rendered counter: {(language, numbers): html}


@register.simple_tag(takes_context=True)
def visit_counter(context):
    """The visit counter (includes/visit_counter.html), rendered again only when its numbers or
    the language change: every page shows it, and its numbers change at most every STATS_TTL."""
    stats = visits.stats(context.get("request"))
    key = (translation.get_language(), stats["online"], stats["today"], stats["total"])
    html = _counter.get(key)
    if html is None:
        html = render_to_string("includes/visit_counter.html", {"stats": stats})
        _counter.clear()
        _counter[key] = html
    return mark_safe(html)  # rendered by the template engine, which escaped it


@register.simple_tag
def text_size_script():
    """The inline script the Content-Security-Policy allows by its hash."""
    return format_html("<script>{}</script>", mark_safe(TEXT_SIZE_SCRIPT))


class ContentBlockNode(template.Node):
    def __init__(self, name, nodelist, fresh, scope):
        self.name, self.nodelist, self.fresh, self.scope = name, nodelist, fresh, scope

    def render(self, context):
        return shell.content_block(
            context, self.name, self.nodelist, fresh=self.fresh, scope=self.scope
        )


@register.tag
def content_block(parser, token):
    """`{% content_block "most-read" %}…{% endcontent_block %}`: a block of the chrome made from
    content, kept under the content generation, and a hole of its own in a page's shell
    (longkhanh/shell.py), so that an article's save does not retire the shell.
    `{% content_block "new-documents" scope "documents" %}`: kept under the documents' own
    generation (made from documents alone: an article's save leaves it).
    `{% content_block "visit-counter" fresh %}`: rendered on every page, never kept."""
    bits = [bit.strip("\"'") for bit in token.split_contents()]
    name, options = (bits[1] if len(bits) > 1 else ""), bits[2:]
    fresh = options == ["fresh"]
    scoped = len(options) == 2 and options[0] == "scope" and options[1]
    if not name or not (options == [] or fresh or scoped):
        raise template.TemplateSyntaxError(
            '{% content_block "name" [fresh | scope "app"] %} takes one name'
        )
    nodelist = parser.parse(("endcontent_block",))
    parser.delete_first_token()
    return ContentBlockNode(name, nodelist, fresh, options[1] if scoped else generation.CONTENT)
