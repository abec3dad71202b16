from django.urls import path

from documents import feeds, views
from longkhanh.pagecache import cached

app_name = "documents"

FILTERS = ("q", "loai", "co_quan", "linh_vuc", "hieu_luc", "nam", "tu", "den", "page")

urlpatterns = [
    path("", cached(views.document_list, *FILTERS), name="list"),
    path("rss/", cached(feeds.LatestDocumentsFeed()), name="feed"),
    path("<slug:slug>/", cached(views.document_detail), name="detail"),
    path("<slug:slug>/tep/<int:pk>/", views.download, name="download"),
]
