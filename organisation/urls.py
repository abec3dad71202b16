from django.urls import path

from longkhanh.pagecache import cached
from organisation import views
from organisation.views import english

app_name = "organisation"

urlpatterns = [
    path("gioi-thieu/", cached(views.page_index), name="pages"),
    path("gioi-thieu/<slug:slug>/", cached(views.page_detail), name="page"),
    path("co-cau-to-chuc/", cached(views.structure), name="structure"),
    path("co-cau-to-chuc/chon/", views.go_to_unit, name="go"),
    path("co-cau-to-chuc/<slug:slug>/", cached(views.unit_detail), name="unit"),
    path("lanh-dao/", cached(views.leaders), name="leaders"),
    path("lien-he/", cached(views.contacts, "q"), name="contacts"),
    path("lich-cong-tac/", cached(views.schedule, "tuan"), name="schedule"),
    path("lich-cong-tac/ban-in/", cached(views.schedule_print, "tuan"), name="schedule-print"),
    # English (Nghị định 42/2022/NĐ-CP, Điều 7): what has an English version.
    path("en/", cached(english(views.en_home)), name="en-home"),
    path("en/about/<slug:slug>/", cached(english(views.en_page)), name="en-page"),
    path("en/organisation/", cached(english(views.en_structure)), name="en-structure"),
    path("en/organisation/<slug:slug>/", cached(english(views.en_unit)), name="en-unit"),
    path("en/leaders/", cached(english(views.en_leaders)), name="en-leaders"),
    path("en/contact/", cached(english(views.en_contacts), "q"), name="en-contacts"),
]
