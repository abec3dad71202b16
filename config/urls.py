import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from config.views import robots_txt, sitemap_index, sitemap_section
from longkhanh import views
from longkhanh.accounts import StaffLoginForm
from longkhanh.pagecache import cached

handler404 = "longkhanh.views.page_not_found"
handler500 = "longkhanh.views.server_error"

admin.site.site_header = "Quản trị Trang thông tin điện tử Thành phố Long Khánh"
admin.site.site_title = "Quản trị Long Khánh"
admin.site.index_title = "Quản lý nội dung"
admin.site.login_form = StaffLoginForm
admin.site.index_template = "admin/dashboard.html"
# The left-hand app list takes a fifth of a 1280 px screen from the article list; editors move
# through the index page and the breadcrumbs instead.
admin.site.enable_nav_sidebar = False

SITEMAP_SECONDS = 300

urlpatterns = [
    # News first: its pages are most of the requests, and Django tries the patterns in order
    # (no other pattern here matches an address of news.urls, nor news.urls one of theirs).
    path("", include("news.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", views.favicon),
    # Phones ask for these by habit when a page is added to the home screen (some with a size).
    re_path(r"^apple-touch-icon(-\d{2,3}x\d{2,3})?(-precomposed)?\.png$", views.touch_icon),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", cached(robots_txt), name="robots_txt"),
    # Crawlers read the sitemaps every few hours: a scheduled article may join them 5 minutes
    # late, and a page of 2,000 addresses is not made again every 15 s (a save still retires it).
    path("sitemap.xml", cached(sitemap_index, seconds=SITEMAP_SECONDS), name="sitemap"),
    path(
        "sitemap-<section>.xml",
        cached(sitemap_section, "p", seconds=SITEMAP_SECONDS),
        name="sitemap-section",
    ),
    path("tham-do/", include("polls.urls")),
    path("lien-ket/", include("links.urls")),
    path("van-ban/", include("documents.urls")),
    path("hoi-dap/", include("questions.urls")),
    path("", include("organisation.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded files, when no web server in front serves /media/ (make run). See docs/DEPLOYMENT.md.
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            views.media,
        )
    )
