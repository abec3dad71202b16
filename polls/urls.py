from django.urls import path

from longkhanh.pagecache import cached
from polls import views

app_name = "polls"

urlpatterns = [
    path("<int:pk>/", cached(views.detail), name="detail"),
    path("<int:pk>/binh-chon/", views.vote, name="vote"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
]
