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
    """{"vi": url, "en": url} for a registered Vietnamese path, else {}."""
    from longkhanh.site_url import absolute_url

    if path not in _english:
        return {}
    return {"vi": absolute_url(None, path), "en": absolute_url(None, _english[path]())}
