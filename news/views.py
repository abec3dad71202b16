from urllib.parse import urlencode

from django.db.models import Case, IntegerField, Prefetch, Q, When, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView, ListView, TemplateView

from longkhanh.models import SiteSettings
from news.models import Article, Category, Photo
from news.templatetags.news_tags import renditions
from news.text import clean_query, query_words

READ_HEADER = "X-Article-Read"
HOME_FEATURED = 5
HOME_PER_SECTION = 5
RELATED_COUNT = 6

PHOTOS = Prefetch("photos", queryset=Photo.objects.order_by("position", "id"))


class HomeView(TemplateView):
    template_name = "news/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public = Article.objects.published().for_listing()
        featured = list(public.filter(featured=True)[:HOME_FEATURED])
        sections = []
        for category in Category.in_menu_for(self.request):
            # One small indexed query a section: the number of sections is set by the editors
            # and stays small, whatever the size of the archive.
            articles = list(public.filter(category=category)[:HOME_PER_SECTION])
            if articles:
                sections.append((category, articles))
        prefetch_related_objects(featured + [a for _, arts in sections for a in arts], PHOTOS)
        context.update(featured=featured, sections=sections)
        return context


class CategoryView(ListView):
    template_name = "news/category.html"
    context_object_name = "articles"
    paginate_by = 15

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return (
            Article.objects.published()
            .for_listing()
            .filter(category=self.category)
            .prefetch_related(PHOTOS)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(category=self.category, **kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class ArticleView(DetailView):
    template_name = "news/article.html"
    context_object_name = "article"
    preview = False

    def get_queryset(self):
        return Article.objects.published().select_related("category").prefetch_related(PHOTOS)

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            # Drafts, articles in review and scheduled ones: shown only to staff who may change
            # them, as a preview; everyone else gets the same 404 as for a missing page.
            article = (
                Article.objects.select_related("category")
                .prefetch_related(PHOTOS)
                .filter(slug=self.kwargs["slug"])
                .first()
            )
            if article is None or not may_preview(self.request.user, article):
                raise
            self.preview = True
            return article

    def get_context_data(self, **kwargs):
        article = self.object
        related = list(
            Article.objects.published()
            .for_listing()
            .filter(category=article.category)
            .exclude(pk=article.pk)[:RELATED_COUNT]
        )
        return super().get_context_data(
            related=related,
            meta=article_metadata(self.request, article),
            preview=self.preview,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        else:
            # Counted by longkhanh.reads.ReadCountMiddleware, outside any page cache; never sent.
            response[READ_HEADER] = str(self.object.pk)
        return response


def may_preview(user, article):
    """Staff who may change this article (approvers: any; writers: their own)."""
    if not (user.is_authenticated and user.is_staff and user.has_perm("news.change_article")):
        return False
    return user.has_perm("news.publish_article") or article.created_by_id == user.pk


def article_metadata(request, article):
    """Canonical URL, OpenGraph/Twitter image and JSON-LD (NewsArticle, BreadcrumbList)."""
    absolute = request.build_absolute_uri
    canonical = absolute(article.get_absolute_url())
    photo = next(iter(article.photos.all()), None)
    image = None
    if photo is not None:
        rendition = renditions(photo.image, (1200,), photo.width)
        image = absolute(rendition["src"]) if rendition else None
    site = SiteSettings.current(request)
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.description,
        "datePublished": timezone.localtime(article.published_at or article.created_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "author": {"@type": "Person", "name": article.author or site.site_title},
        "publisher": {
            "@type": "GovernmentOrganization",
            "name": site.site_title,
            "logo": {"@type": "ImageObject", "url": absolute(static("img/logo.svg"))},
        },
        "mainEntityOfPage": canonical,
        "articleSection": article.category.name,
        "inLanguage": "vi",
    }
    if image:
        news_article["image"] = [image]
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(
                [
                    ("Trang chủ", absolute(reverse("news:home"))),
                    (article.category.name, absolute(article.category.get_absolute_url())),
                    (article.title, canonical),
                ],
                start=1,
            )
        ],
    }
    return {"canonical": canonical, "image": image, "json_ld": [news_article, breadcrumbs]}


class SearchView(ListView):
    """Search that ignores diacritics and case, in title, summary and body text.

    Every word must appear; articles whose title has them all come first, then those whose
    summary has them all, then the rest; newest first within each. See docs/ARCHITECTURE.md.
    """

    template_name = "news/search.html"
    context_object_name = "articles"
    paginate_by = 15

    def get_queryset(self):
        self.query = clean_query(self.request.GET.get("q", ""))
        self.words = query_words(self.query)
        if not self.words:
            return Article.objects.none()
        in_text, in_title, in_summary = Q(), Q(), Q()
        for word in self.words:
            in_text &= Q(search_text__contains=word)
            in_title &= Q(search_title__contains=word)
            in_summary &= Q(search_summary__contains=word)
        return (
            Article.objects.published()
            .filter(in_text)
            .annotate(
                rank=Case(
                    When(in_title, then=3),
                    When(in_summary, then=2),
                    default=1,
                    output_field=IntegerField(),
                )
            )
            .for_listing()
            .order_by("-rank", "-published_at", "-id")
            .prefetch_related(PHOTOS)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, words=self.words, **kwargs)
        context["page_query"] = urlencode({"q": self.query})
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class AuthorView(ListView):
    """The published articles of one byline, newest first: where a byline's link leads."""

    template_name = "news/author.html"
    context_object_name = "articles"
    paginate_by = 15

    def get_queryset(self):
        articles = (
            Article.objects.published()
            .for_listing()
            .filter(author_slug=self.kwargs["slug"])
            .prefetch_related(PHOTOS)
        )
        self.author = articles.values_list("author", flat=True).first()
        if self.author is None:
            raise Http404("Không có tác giả này.")
        return articles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.author, **kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context
