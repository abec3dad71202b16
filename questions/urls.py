from django.urls import path

from longkhanh.pagecache import cached
from questions import feeds, views

app_name = "questions"

urlpatterns = [
    path("", cached(views.archive, "chu-de", "q", "page"), name="archive"),
    # The form, its answer and following a question are per visitor: never cached.
    path("gui-cau-hoi/", views.ask, name="ask"),
    path("da-gui/<str:code>/", views.sent, name="sent"),
    path("theo-doi/", views.follow, name="follow"),
    path("bao-ve-du-lieu-ca-nhan/", cached(views.privacy), name="privacy"),
    path("rss/", cached(feeds.LatestAnswersFeed()), name="feed"),
    path("<slug:slug>/", cached(views.detail), name="detail"),
]
