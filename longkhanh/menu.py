"""The site menu's items that apps add beside the news sections (organisation pages placed by
the editors, the work schedule, contacts), and the whole menu of the English pages. Each app
registers a function of the language ("vi" or "en") returning (label, path) pairs, in its
AppConfig.ready(); the menu is kept rendered under the chrome generation, so an app connects
what its items come from with `pagecache.connect(..., chrome=True)`."""

_sources = []


def register(source):
    if source not in _sources:
        _sources.append(source)
    return source


def items(language="vi"):
    return [item for source in _sources for item in source(language)]


# Pages of other apps that have a version in the other language without knowing it (the home
# page and the English home): {Vietnamese path: a function returning the English path}.
_english = {}


def register_english(path, english_path):
    _english[path] = english_path


def alternates_of(path):
    """{"vi": url, "en": url} for a registered Vietnamese path, else both "" (the keys there: a
    template's lookup of a missing key goes through Django's slow fallbacks)."""
    from longkhanh.site_url import absolute_url

    if path not in _english:
        return {"vi": "", "en": ""}
    return {"vi": absolute_url(None, path), "en": absolute_url(None, _english[path]())}


# The pages that are a menu item themselves: their path is the item's.
MENU_VIEWS = (
    "news:home",
    "news:category",
    "documents:list",
    "organisation:pages",
    "organisation:page",
    "organisation:schedule",
    "organisation:contacts",
)


def marks(request, within=""):
    """(the menu item the page is, the one it is within), each a path or "". The first page of a
    menu item's page (home, a section, Văn bản, an introduction page) is the item: marked
    aria-current="page"; a later page or a filtered list of it (`?truoc=…`, `?loai=…`) is within
    it, and other pages say what holds them with `within` (the `menu_within` of their context:
    an article its section, a document Văn bản, a sub-page its top page): aria-current="true".
    The kept menu and the shells (longkhanh/shell.py) vary by both."""
    if request is None:
        return "", within
    match = getattr(request, "resolver_match", None)
    menu_page = match is not None and match.view_name in MENU_VIEWS
    place = request.path if menu_page and not request.GET else ""
    return place, within or (request.path if menu_page and request.GET else "")
