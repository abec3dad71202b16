import datetime
import functools
import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.generic import ListView, TemplateView, View

from longkhanh import search, site_url
from longkhanh.generation import CHROME, CONTENT
from longkhanh.models import SearchEntry, SiteSettings
from longkhanh.pagecache import current_generation, fragment
from longkhanh.shell import assembled, page_shell
from longkhanh.text import clean_query, words_lacking
from news import rendered, stored
from news.metadata import (
    HOME_DESCRIPTION,
    author_metadata,
    category_metadata,
    home_metadata,
    section_feed,
)
from news.models import Article, Category, newest_of
from news.templatetags.news_tags import CARD_SECONDS, SEARCH_CARD, article_card, highlighted

READ_HEADER = "X-Article-Read"
HOME_FEATURED = 5
HOME_PER_SECTION = 5
RELATED_COUNT = 6


class HomeView(View):
    """The home page: its own part (the featured articles, each section's newest) in the home
    page's shell (longkhanh/shell.py), kept per version of its lists (see below), each card
    kept per article version (`article_card`)."""

    def get(self, request):
        categories = Category.in_menu_for(request)
        # One index seek a list, all in one query: the number of sections is set by the editors
        # and stays small, whatever the size of the archive.
        lists = newest_of(
            [("featured", True, HOME_FEATURED)]
            + [("category_id", category.pk, HOME_PER_SECTION) for category in categories]
        )
        # The page's own part changes only when its lists or an article in them changes (a
        # save changes the article's updated_at; the admin saves the article with its photos),
        # or the chrome (the sections' names, the site's title): it is kept under exactly that,
        # so a save of any other article costs it one query, not forty cards.
        version = (current_generation(request, CHROME), [c.pk for c in categories], lists)
        key = "home:" + hashlib.md5(repr(version).encode(), usedforsecurity=False).hexdigest()
        cache = caches["template_fragments"]
        content = cache.get(key)
        if content is None:
            content = self.content(request, categories, lists)
            cache.set(key, content, CARD_SECONDS)
        site = SiteSettings.current(request)
        return list_page(
            request, page_shell(request, "home"), home_metadata(request), content, site.site_title
        )

    def content(self, request, categories, lists):
        articles = Article.objects.for_listing().in_bulk([i for ids in lists for i, _ in ids])
        featured, *per_section = ([articles[i] for i, _ in ids if i in articles] for ids in lists)
        sections = [(c, a) for c, a in zip(categories, per_section, strict=True) if a]
        prefetch_related_objects(
            featured + [a for _, arts in sections for a in arts], rendered.PHOTOS
        )
        context = {"featured": featured, "sections": sections}
        return render_page_part(request, "news/home_content.html", context)


def list_page(request, shell, meta, content, title=None):
    """A page of lists (home, a section) assembled in `shell`: its head tags from `meta` (a
    view's metadata: includes/page_meta.html), its own part `content` (`render_page_part`), its
    title `title` (else meta's title and the site's name)."""
    site = SiteSettings.current(request)
    return assembled(
        request,
        shell,
        title=escape(title or f"{meta['title']} – {site.site_title}"),
        description=escape(meta["description"]),
        meta=render_to_string(
            "includes/page_meta.html", {"meta": meta, "site": site}, request=request
        ),
        content=content,
        canonical=escape(meta["canonical"]),
    )


def render_page_part(request, template, context):
    """A page's own part: `template` with `context` and the site's settings."""
    site = SiteSettings.current(request)
    return render_to_string(template, {**context, "site": site}, request=request)


class Archive:
    """A list of published articles, newest first, read a page at a time by keyset: a page is
    "the PER_PAGE articles older than this one" (`?truoc=<time>-<id>` of the last one shown), or
    newer (`?sau=…`), so a page deep in the archive costs what the first page costs (an index
    seek), never a walk past every article before it. Old links with `?page=N` are redirected
    once to their cursor.
    """

    PER_PAGE = 15

    def __init__(self, request, articles, path):
        self.request, self.articles, self.path = request, articles, path

    @staticmethod
    def cursor(article):
        """`<publication time in microseconds since 1970>-<id>`: exact, so no article is skipped
        or shown twice at a page's edge."""
        return f"{micros(article.published_at)}-{article.pk}"

    @staticmethod
    def parse(value):
        """(published_at, id) from a cursor, or Http404 for anything else."""
        if not CURSOR.fullmatch(value or ""):
            raise Http404("Trang không hợp lệ.")
        count, pk = value.split("-")
        try:
            moment = EPOCH + datetime.timedelta(microseconds=int(count))
        except (OverflowError, OSError, ValueError) as exc:
            raise Http404("Trang không hợp lệ.") from exc
        if moment > timezone.now() + datetime.timedelta(days=1):
            raise Http404("Trang không hợp lệ.")
        return moment, int(pk)

    def older_than(self, moment, pk):
        """The articles after (older than) the one published at `moment` with id `pk`."""
        return self.articles.filter(published_at__lte=moment).exclude(
            published_at=moment, id__gte=pk
        )

    def legacy_redirect(self):
        """`?page=N` of the numbered pages: the same articles at their cursor's address, today.
        A temporary redirect (302): the cursor that page N leads to moves with every article
        published, and a permanent one would be kept by browsers and crawlers."""
        raw = self.request.GET.get("page")
        if raw is None or raw == "1":
            return None
        if not (raw.isascii() and raw.isdigit() and 1 < int(raw) < 100_000):
            raise Http404("Không có trang này.")
        # The last article of page N-1, found by an index walk of ids only, once per old link.
        before = self.articles.values_list("published_at", "id")[
            (int(raw) - 1) * self.PER_PAGE - 1 : (int(raw) - 1) * self.PER_PAGE
        ]
        if not before:
            raise Http404("Không có trang này.")
        published_at, pk = before[0]
        return redirect(f"{self.path}?truoc={micros(published_at)}-{pk}")

    def rows(self, limit, before=None, after=None):
        """Up to `limit` articles: the newest; or, newest first, those older than the cursor
        `before` ((published_at, id)); or, oldest first, those newer than `after`."""
        if before is not None:
            return list(self.older_than(*before)[:limit])
        if after is not None:
            moment, pk = after
            return list(
                self.articles.filter(published_at__gte=moment)
                .exclude(published_at=moment, id__lte=pk)
                .order_by("published_at", "id")[:limit]
            )
        return list(self.articles[:limit])

    def page(self):
        """The page the request asks for, or None when that is the first page under another
        address (`?sau=` of the first page's oldest article: the view redirects)."""
        older, newer = self.request.GET.get("truoc"), self.request.GET.get("sau")
        if older is not None:
            rows = self.rows(self.PER_PAGE + 1, before=self.parse(older))
            has_newer, has_older = True, len(rows) > self.PER_PAGE
            rows = rows[: self.PER_PAGE]
        elif newer is not None:
            rows = self.rows(self.PER_PAGE + 1, after=self.parse(newer))
            has_newer = len(rows) > self.PER_PAGE
            if rows and not has_newer:
                # Back to the newest articles: that is the first page, at its own address (not
                # a copy of it saying "older articles", with a canonical of its own).
                return None
            rows = rows[: self.PER_PAGE][::-1]
            # A cursor from an "older" link has articles older than its page; a hand-typed one
            # (`?sau=0-0`) may not, and its page must not offer an "older" link to nothing.
            last = rows[-1] if rows else None
            has_older = last is not None and bool(self.rows(1, before=(last.published_at, last.pk)))
        else:
            rows = self.rows(self.PER_PAGE + 1)
            has_newer, has_older = False, len(rows) > self.PER_PAGE
            rows = rows[: self.PER_PAGE]
        if not rows and (older or newer):
            raise Http404("Không có trang này.")
        first_page = older is None and newer is None
        return {
            "articles": rows,
            "first_page": first_page,
            "newer_url": f"?sau={self.cursor(rows[0])}" if rows and has_newer else None,
            "older_url": f"?truoc={self.cursor(rows[-1])}" if rows and has_older else None,
            "first_url": self.path if not first_page else None,
            "query": "" if first_page else f"?{'truoc' if older else 'sau'}=" + (older or newer),
        }


class SectionArchive(Archive):
    """A section's archive, its rows read in fixed SQL with each one's stored card
    (news.stored.section_rows): `stored` maps each row's id to its current stored card, or
    None."""

    def __init__(self, request, path, category):  # not Archive's: `articles` is made on demand
        self.request, self.path, self.category, self.stored = request, path, category, {}

    @functools.cached_property
    def articles(self):
        """The section's articles as a query: only old `?page=N` links need it (the rows are
        read in fixed SQL), so it is not built for the other pages."""
        return Article.objects.published().filter(category=self.category).for_listing()

    def rows(self, limit, before=None, after=None):
        found = stored.section_rows(self.category.pk, limit, before=before, after=after)
        self.stored.update((article.pk, row) for article, row in found)
        return [article for article, _ in found]


CURSOR = re.compile(r"\d{1,17}-\d{1,18}")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def micros(moment):
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


class ArchiveView(TemplateView):
    """A page of an archive (a section, a byline's articles): see Archive."""

    def articles(self):
        raise NotImplementedError

    def archive_of(self, request):
        return Archive(request, self.listing(self.articles()), request.path)

    def get(self, request, *args, **kwargs):
        self.archive = self.archive_of(request)
        response = self.archive.legacy_redirect()
        if response is not None:
            return response
        self.page = self.archive.page()
        if self.page is None:
            return redirect(self.archive.path)
        self.prepare(self.page["articles"])
        return super().get(request, *args, **kwargs)

    def listing(self, articles):
        return articles.for_listing()

    def prepare(self, articles):
        prefetch_related_objects(articles, rendered.PHOTOS)


class CategoryView(ArchiveView):
    """A section's page: its own part (title, cards, pagination) in the shell the section's pages
    share (longkhanh/shell.py), each card as stored with its article (news/rendered.py)."""

    def archive_of(self, request):
        self.category = Category.by_slug(request, self.kwargs["slug"])
        if self.category is None:
            raise Http404("Không có chuyên mục này.")
        return SectionArchive(request, request.path, self.category)

    def prepare(self, articles):
        """Cards not stored yet (or out of date) are rendered: those articles read whole, with
        their photos (the rows read for the page hold only what a stored card needs)."""
        self.stored = self.archive.stored
        missing = [article.pk for article in articles if self.stored.get(article.pk) is None]
        self.whole = {}
        if missing:
            whole = self.listing(Article.objects.filter(pk__in=missing))
            self.whole = {a.pk: a for a in whole.prefetch_related(rendered.PHOTOS)}

    def render_to_response(self, context, **response_kwargs):
        request, category, page = self.request, self.category, self.page
        context = {"request": request}
        cards = [
            mark_safe(self.stored[article.pk].card)  # rendered by the template engine
            if self.stored.get(article.pk) is not None
            else article_card(context, self.whole[article.pk], **rendered.SECTION_CARD)
            for article in page["articles"]
        ]
        meta = category_metadata(request, category, page)
        return list_page(
            request,
            page_shell(request, f"section:{category.pk}", {"meta": {"feed": meta["feed"]}}),
            meta,
            render_page_part(
                request,
                "news/category_content.html",
                {"category": category, "page": page, "cards": cards},
            ),
        )


class ArticleView(View):
    """An article's page, assembled (longkhanh/shell.py) from the shell every article of its
    section shares, the article's own parts as stored (news/rendered.py: rendered once after
    each save) and the section's newest articles (kept per worker until the next save)."""

    def get(self, request, slug):
        found = stored.stored_page(slug)
        if found is None:
            return self.preview(request, slug)
        article, row = found  # almost every view: one small query, and nothing else to read
        if row is None:  # not stored since its last save: read whole, rendered and stored
            article = (
                Article.objects.select_related("category").prefetch_related(rendered.PHOTOS)
            ).get(pk=article.pk)
            row = rendered.render_article(request, article)
            rendered.store([row])
        response = article_page(request, article, row)
        # Counted by longkhanh.reads.ReadCountMiddleware, outside any page cache; never sent.
        response[READ_HEADER] = str(article.pk)
        return response

    def preview(self, request, slug):
        """Drafts, articles in review and scheduled ones: shown only to staff who may change
        them, as a preview; everyone else gets the same 404 as for a missing page."""
        article = (
            Article.objects.select_related("category")
            .prefetch_related(rendered.PHOTOS)
            .filter(slug=slug)
            .first()
        )
        if article is None or not may_preview(request.user, article):
            raise Http404("Không tìm thấy bài viết.")
        response = article_page(request, article, rendered.render_article(request, article, True))
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


def article_page(request, article, row):
    category = article.category
    feed = section_feed(request, category)
    return assembled(
        request,
        page_shell(
            request,
            f"article:{category.pk}",
            {"meta": {"feed": feed}, "menu_within": category.get_absolute_url()},
        ),
        title=row.title,
        description=row.description,
        meta=row.meta,
        content=row.content + related_block(request, article),
        canonical=escape(site_url.absolute_url(request, article.get_absolute_url())),
    )


def related_block(request, article):
    """ "Tin khác cùng chuyên mục": the section's newest others. The section's newest
    RELATED_COUNT + 1 are kept as list items (until the next save, or the page cache's lifetime:
    a scheduled article appears with no save), so each article of the section takes its own out
    of the same list."""

    def items():
        newest = (
            Article.objects.published()
            .filter(category_id=article.category_id)
            .only("pk", "title", "slug", "published_at")[: RELATED_COUNT + 1]
        )
        return [
            (
                other.pk,
                format_html(
                    '<li><a href="{}">{}</a> <time datetime="{}">({})</time></li>',
                    other.get_absolute_url(),
                    other.title,
                    dateformat.format(timezone.localtime(other.published_at), "c"),
                    dateformat.format(timezone.localtime(other.published_at), "d/m/Y"),
                ),
            )
            for other in newest
        ]

    others = [
        html
        for pk, html in fragment(
            request,
            f"related:{article.category_id}",
            items,
            seconds=settings.CACHE_MIDDLEWARE_SECONDS,  # a scheduled article appears by itself
            scope=CONTENT,
        )
        if pk != article.pk
    ][:RELATED_COUNT]
    if not others:
        return ""
    return format_html(
        '\n<section class="related" aria-labelledby="related-heading">\n'
        '  <h2 id="related-heading">Tin khác cùng chuyên mục</h2>\n  <ul>\n{}\n  </ul>\n'
        "</section>",
        mark_safe("\n".join(others)),  # each escaped by format_html above
    )


def may_preview(user, article):
    """Staff who may change this article (approvers: any; writers: their own)."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("news.change_article")):
        return False
    return user.has_perm("news.publish_article") or article.created_by_id == user.pk


class SearchView(ListView):
    """The site's search (longkhanh/search.py): whole words, with or without diacritics, in
    every registered app's public content; articles shown as cards, other content by its
    entry's title and summary. See docs/ARCHITECTURE.md, "Search"."""

    context_object_name = "hits"
    paginate_by = 15

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:  # ?page= past the end, 0, or not a number
            if not hasattr(self, "results"):
                raise
            return self.past_the_end()

    def past_the_end(self):
        """A page the results do not have (an old link while results went, a number typed):
        404, but on the search page, saying how many pages there are and leading to the first
        and the last, where the site's "page not found" left the resident lost."""
        paginator = self.get_paginator(self.results.hits, self.paginate_by)
        context = {
            "query": self.query,
            "searched": self.searched(),
            "words": self.results.query.highlight,
            "missing_page": self.request.GET.get("page", "")[:20] or "?",
            "paginator": paginator,
            "page_query": urlencode({"q": self.query}),
            "results": [],
        }
        response = self.render_to_response(context)
        response.status_code = 404
        return response

    def get_queryset(self):
        self.full_query = clean_query(self.request.GET.get("q", ""), max_length=201)
        self.query = self.full_query[:200].strip()
        if len(self.full_query) > 200 and not self.full_query[200].isspace():
            # Cut between words, as the page shows it ("…hồ sơ", not "…hồ sơ tr").
            self.query = self.query.rsplit(" ", 1)[0] if " " in self.query else self.query
        self.results = search.search(self.query)
        return self.results.hits

    def searched(self):
        """What the page says it looked for: the words it read of a query cut at 10 words (the
        box keeps what was typed, to be shortened)."""
        return self.results.query.read if self.results.query.truncated else self.query

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            searched=self.searched(),
            words=self.results.query.highlight,
            capped=self.results.capped,
            recent_only=self.results.recent_only,
            cap=f"{search.SEARCH_CAP:,}".replace(",", "."),
            truncated=self.results.query.truncated or self.query != self.full_query,
            # Only punctuation or only exclusions: nothing to look for.
            no_words=bool(self.query) and not self.results.query.required,
            nothing_to_find=search.nothing_to_find(self.query),
            **kwargs,
        )
        context["results"] = self.page_results(context["hits"])
        context["page_query"] = urlencode({"q": self.query})
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context

    def render_to_response(self, context, **response_kwargs):
        """The page's own part in the search page's shell (longkhanh/shell.py): the chrome is not
        rendered again for each search."""
        request = self.request
        title = f"Tìm kiếm: {self.searched()}" if self.query else "Tìm kiếm"
        if context.get("page_obj") and context["page_obj"].number > 1:
            title += f" (trang {context['page_obj'].number})"
        if context.get("no_words"):  # refused, as the site's other searches refuse it (400)
            title = f"Lỗi: {title}"
        response = assembled(
            request,
            page_shell(request, "search"),
            title=escape(f"{title} – {SiteSettings.current(request).site_title}"),
            description=escape(HOME_DESCRIPTION),
            meta='<meta name="robots" content="noindex">',
            content=render_to_string("news/search_content.html", context, request=request),
            canonical=escape(site_url.absolute_url(request, request.get_full_path())),
        )
        if context.get("no_words"):
            response.status_code = 400
        return response

    def page_results(self, hits):
        """[(card, None) or (None, entry)] for the page's hits, in rank order: articles as their
        stored search cards with the search's words marked (one query of fixed SQL:
        news.stored.search_rows; the articles whose card is not stored yet read whole, with
        their photos), other apps' content from the index (one query, only when there is
        some); and where the text of those whose title and summary lack some of the words has
        them (search.excerpts: one query for articles, one per other app, only when needed)."""
        words = self.results.query.highlight
        article_type = ContentType.objects.get_for_model(Article).pk
        article_ids = [object_id for _, type_id, object_id in hits if type_id == article_type]
        articles = stored.search_rows(article_ids)
        missing = [pk for pk, (_, row) in articles.items() if row is None]
        whole = {}
        if missing:
            listing = Article.objects.for_listing().prefetch_related(rendered.PHOTOS)
            whole = listing.in_bulk(missing)
        # Where the text of an article has the words its title and summary lack.
        lacking = {
            pk: words_lacking(words, f"{article.title} {truncatewords(article.summary, 40)}")
            for pk, (article, _) in articles.items()
        }
        found = search.excerpts(Article, {pk: missed for pk, missed in lacking.items() if missed})
        context = {"request": self.request}
        cards = {
            pk: highlighted(row.search_card, article, words, found.get(pk))
            if row is not None
            else article_card(context, whole[pk], **SEARCH_CARD, words=words, found=found.get(pk))
            for pk, (article, row) in articles.items()
            if row is not None or pk in whole
        }
        other_ids = [entry_id for entry_id, type_id, _ in hits if type_id != article_type]
        # What their cards show (the folded text, the body's above all, can be long).
        shown = ["id", "content_type_id", "object_id", "title", "summary", "url", "published_at"]
        entries = SearchEntry.objects.only(*shown).in_bulk(other_ids) if other_ids else {}
        found_inside = {}  # model: its entries found by words their title and summary lack
        for entry in entries.values():  # what it is, said on its card ("Văn bản")
            entry.found_in, entry.excerpt = "", ""  # below, where its text has the words
            model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
            entry.kind = model._meta.verbose_name.capitalize() if model else ""
            # A unit of the city government has no date of its own to show (its entry's is when
            # it was added): a model says so with `search_shows_date = False`.
            entry.dated = getattr(model, "search_shows_date", True)
            lacking = words_lacking(words, f"{entry.title} {truncatewords(entry.summary, 40)}")
            if lacking:
                found_inside.setdefault(model, {})[entry.object_id] = (entry, lacking)
        for model, inside in found_inside.items():  # where they are (a document's file)
            wanted = {pk: lacking for pk, (_, lacking) in inside.items()}
            found = search.excerpts(model, wanted)
            for pk, (entry, _) in inside.items():
                entry.found_in, entry.excerpt = found.get(pk, ("", ""))
        results = []
        for entry_id, type_id, object_id in hits:
            if type_id == article_type and object_id in cards:
                results.append((cards[object_id], None))
            elif entry_id in entries:
                results.append((None, entries[entry_id]))
        return results


class AuthorView(ArchiveView):
    """The published articles of one byline, newest first: where a byline's link leads."""

    template_name = "news/author.html"

    def articles(self):
        articles = Article.objects.published().filter(author_slug=self.kwargs["slug"])
        self.author = articles.values_list("author", flat=True).first()
        if self.author is None:
            raise Http404("Không có tác giả này.")
        return articles

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            author=self.author,
            page=self.page,
            articles=self.page["articles"],
            meta=author_metadata(self.request, self.author, self.request.path, self.page),
            **kwargs,
        )


class FeedsView(TemplateView):
    """What RSS is and every feed the site offers: where the footer's link leads residents, who
    would otherwise meet a page of XML."""

    template_name = "news/feeds.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=Category.in_menu_for(self.request), **kwargs)
