from django.urls import path

from news import uploads, views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("chuyen-muc/<slug:slug>/", views.CategoryView.as_view(), name="category"),
    path("tin-tuc/<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("quan-tri/tai-anh/", uploads.editor_upload, name="editor_upload"),
]
