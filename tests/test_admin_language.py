"""The admin speaks Vietnamese: every page each role can reach, crawled, has no English words.

Each role logs in and follows every link under /admin/ from the index, breadth first. The text a
reader sees on each page (text nodes, the title, placeholder, aria-label and alt attributes, the
labels of buttons) must hold no English interface word, no raw UTC time and none of Django's
Vietnamese that misleads (tests/helpers.py).
"""

import re
from collections import deque
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.test import Client

from news.models import Article, Category
from tests.conftest import article_form
from tests.helpers import load_demo, offences, visible_texts

PASSWORD = "mat-khau-rat-dai-2026"
# What a browser sends; django-axes records both headers of every login.
BROWSER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0",
    "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8",
}

# How many pages of one shape (the same path with other ids, the same query keys) are read: the
# shapes are what differ, not the rows.
PER_SHAPE = 3


# Pages a role is refused on purpose: simple-history links each version's author to the user's
# admin page, which only the administrator may open.
REFUSED = re.compile(r"^/admin/auth/user/\d+/change/$")


def shape(url):
    parts = urlsplit(url)
    keys = sorted(key for key, _ in parse_qsl(parts.query, keep_blank_values=True))
    return re.sub(r"/\d+/", "/<n>/", parts.path) + ("?" + "&".join(keys) if keys else "")


def normalise(url, base):
    """The URL to crawl for a link on page `base`, or None for links the crawl leaves alone."""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/admin/") or parts.path.startswith("/admin/logout/"):
        return None
    # The filters a change form keeps for "back to the list" make no new page.
    query = [(k, v) for k, v in parse_qsl(parts.query, True) if k != "_changelist_filters"]
    keys = {key for key, _ in query}
    if "o" in keys or any(k.endswith(("__month", "__day")) for k in keys):
        return None  # sorting, and date drill-downs below the year
    if len(query) > 1:
        return None  # combinations of filters: each filter alone is enough
    return parts.path + ("?" + urlencode(query) if query else "")


def crawl(client):
    """Reads every admin page the client reaches from /admin/; returns {url: response}."""
    seen, per_shape, pages = {"/admin/"}, {}, {}
    queue = deque(["/admin/"])
    while queue:
        url = queue.popleft()
        response = client.get(url)
        pages[url] = response
        if response.status_code == 302:
            links = [response["Location"]]
        elif response.status_code == 200 and "html" in response["Content-Type"]:
            soup = BeautifulSoup(response.content.decode(), "html.parser")
            links = [a["href"] for a in soup.find_all("a", href=True)]
        else:
            continue
        for link in filter(None, (normalise(link, url) for link in links)):
            if link in seen:
                continue
            seen.add(link)
            per_shape[shape(link)] = per_shape.get(shape(link), 0) + 1
            if per_shape[shape(link)] <= PER_SHAPE:
                queue.append(link)
    return pages


def log_in(username):
    client = Client(**BROWSER)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, f"{username} could not log in"
    return client


@pytest.fixture
def editorial_office(db):
    """The demo site, its three kinds of staff, articles with versions, a failed login."""
    load_demo()
    for username, group in [("phongvien", "Phóng viên"), ("bientap", "Ban biên tập")]:
        user = User.objects.create_user(
            username, password=PASSWORD, is_staff=True, first_name="Lan", last_name="Nguyễn"
        )
        user.groups.add(Group.objects.get(name=group))
    User.objects.create_superuser("quantri", "qt@example.com", PASSWORD)

    # Wrong passwords for a name no one logs in with (a login clears the count): a lockout
    # record for django-axes' pages.
    for _ in range(2):
        Client(**BROWSER).post("/admin/login/", {"username": "nguoila", "password": "sai"})
    assert AccessAttempt.objects.filter(username="nguoila").exists()

    # The writer's own article, through the admin: written, corrected, submitted; then published.
    category = Category.objects.get(slug="tin-tuc-su-kien")
    writer = log_in("phongvien")
    form = article_form(category, title="Họp báo quý I", status="draft", summary="Bản đầu")
    assert writer.post("/admin/news/article/add/", form).status_code == 302
    published = Article.objects.get(title="Họp báo quý I")
    change = f"/admin/news/article/{published.pk}/change/"
    form.update(summary="Bản đã sửa", slug=published.slug)
    assert writer.post(change, form).status_code == 302
    assert writer.post(change, {**form, "status": "review"}).status_code == 302
    assert log_in("bientap").post(change, {**form, "status": "published"}).status_code == 302
    published.refresh_from_db()
    assert published.status == "published" and published.history.count() == 4

    # And one still in draft, which the writer may go on changing.
    form = article_form(category, title="Lịch tiếp công dân", status="draft")
    assert writer.post("/admin/news/article/add/", form).status_code == 302
    return {"published": published, "draft": Article.objects.get(title="Lịch tiếp công dân")}


def must_reach(role, articles):
    """Pages each role's crawl must have read (a crawl that misses them proves nothing)."""
    published, draft = articles["published"], articles["draft"]
    version = published.history.latest("history_date").history_id
    pages = {
        "/admin/",
        "/admin/news/article/",
        "/admin/news/article/?_facets=True",
        "/admin/news/article/add/",
        f"/admin/news/article/{draft.pk}/change/",
        f"/admin/news/article/{published.pk}/history/",
        f"/admin/news/article/{published.pk}/history/{version}/",
        "/admin/news/historicalarticle/",
        "/admin/password_change/",
    }
    from organisation.models import Unit, Week

    week, unit = Week.objects.earliest("starts_on"), Unit.objects.earliest("pk")
    pages |= {"/admin/organisation/page/", "/admin/organisation/week/", "/admin/organisation/unit/"}
    if role != "phongvien":
        pages |= {
            f"/admin/organisation/week/{week.pk}/delete/",  # lists the leaders' rows it takes
            f"/admin/organisation/unit/{unit.pk}/change/",
            "/admin/news/reviewqueue/",
            f"/admin/news/article/{published.pk}/change/",
            f"/admin/news/article/{published.pk}/delete/",
        }
    if role == "quantri":
        pages |= {
            "/admin/auth/user/",
            "/admin/auth/user/add/",
            "/admin/auth/group/",
            "/admin/auth/group/add/",
            "/admin/axes/accessattempt/",
            "/admin/axes/accesslog/",
            "/admin/axes/accessfailurelog/",
            "/admin/longkhanh/sitesettings/1/change/",
            "/admin/polls/poll/",
            "/admin/links/link/",
        }
        for user in User.objects.all():
            pages |= {
                f"/admin/auth/user/{user.pk}/change/",
                f"/admin/auth/user/{user.pk}/password/",
            }
        for group in Group.objects.all():
            pages.add(f"/admin/auth/group/{group.pk}/change/")
        attempt = AccessAttempt.objects.get(username="nguoila")
        pages.add(f"/admin/axes/accessattempt/{attempt.pk}/change/")
    return pages


@pytest.mark.parametrize("role", ["phongvien", "bientap", "quantri"])
def test_every_admin_page_a_role_reaches_is_in_vietnamese(editorial_office, role):
    pages = crawl(log_in(role))

    missed = must_reach(role, editorial_office) - {
        u for u, r in pages.items() if r.status_code == 200
    }
    assert not missed, f"{role}: the crawl did not read {sorted(missed)}"

    problems = []
    for url, response in pages.items():
        path = urlsplit(url).path
        if response.status_code == 403 and role != "quantri" and REFUSED.match(path):
            continue
        if response.status_code not in (200, 302):
            problems.append(f"{url}: HTTP {response.status_code}")
            continue
        if response.status_code == 302 or "html" not in response["Content-Type"]:
            continue
        for text, words in offences(visible_texts(response.content.decode())):
            problems.append(f"{url}: {words} in {text!r}")
    assert not problems, f"{role}: English on {len(problems)} places:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "add_page, said",
    [
        ("/admin/news/article/add/", "Thêm một ảnh"),
        ("/admin/organisation/week/add/", "Thêm một mục lịch công tác"),
        ("/admin/documents/document/add/", "Thêm một tệp đính kèm"),
        ("/admin/organisation/unit/add/", "Thêm một cán bộ"),
        ("/admin/links/linkgroup/add/", "Thêm một liên kết"),
        ("/admin/polls/poll/add/", "Thêm một phương án"),
    ],
)
def test_an_inlines_add_link_names_its_item_in_lower_case(admin_client, add_page, said):
    """Django wrote "Thêm một Ảnh ": the item's name capitalised mid-sentence, and a space
    after it."""
    import json

    from bs4 import BeautifulSoup

    page = BeautifulSoup(admin_client.get(add_page).content.decode(), "html.parser")
    texts = [
        json.loads(group["data-inline-formset"])["options"]["addText"]
        for group in page.select("[data-inline-formset]")
    ]
    assert said in texts, texts
