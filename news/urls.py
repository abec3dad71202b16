from django.urls import path

from news import feeds, uploads, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tin-tuc/<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("tac-gia/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("rss/", feeds.LatestArticlesFeed(), name="feed"),
    path("kenh-rss/", views.FeedsView.as_view(), name="feeds"),
    path("rss/<slug:slug>/", feeds.CategoryFeed(), name="category_feed"),
    path("quan-tri/tai-anh/", uploads.editor_upload, name="editor_upload"),
]
