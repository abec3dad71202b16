from django.urls import path

from longkhanh.pagecache import cached
from news import feeds, uploads, views

app_name = "news"

# cached(view, params…): the page cache keeps the view's pages, keyed by those query parameters.
urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path(
        "chuyen-muc/<slug:slug>/",
        cached(views.CategoryView.as_view(), "page", "truoc", "sau"),
        name="category",
    ),
    path("tin-tuc/<slug:slug>/", cached(views.ArticleView.as_view()), name="article"),
    path(
        "tac-gia/<slug:slug>/",
        cached(views.AuthorView.as_view(), "page", "truoc", "sau"),
        name="author",
    ),
    path("tim-kiem/", cached(views.SearchView.as_view(), "q", "page"), name="search"),
    path("rss/", cached(feeds.LatestArticlesFeed()), name="feed"),
    path("kenh-rss/", cached(views.FeedsView.as_view()), name="feeds"),
    path("rss/<slug:slug>/", cached(feeds.CategoryFeed()), name="category_feed"),
    path("quan-tri/tai-anh/", uploads.editor_upload, name="editor_upload"),
]
