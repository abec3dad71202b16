"""What several test modules share: reading pages, the seed article's address, a browser's user
agent, cookies as the site signs them, and the admin-language checks (the crawl and the browser
test). Test modules import from here, never from one another."""

import ast
import io
import re
import shutil
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString

# The article of the old page we rebuilt (seed_demo loads it word for word).
SEED_URL = "/tin-tuc/hoi-nghi-danh-gia-ket-qua-cong-tac-cai-cach-hanh-chinh-6-thang-dau-nam/"
# A desktop browser's user agent: counted as a visitor, not as a crawler.
BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 "
    "Safari/537.36"
)
# Queries every page makes for its chrome on a cold cache (settings, menu, sidebar blocks…).
# + "Văn bản mới" (documents); + the organisation's menu items (its pages in the menu) and the
# "Website Xã - Phường" block (the wards among its units); + "Hỏi đáp" (the newest answers).
CHROME_QUERIES = 10
# Prints (visits today, all visits) from a server's database, through `manage.py shell -c`.
COUNT_VISITS = (
    "from django.utils import timezone; from longkhanh.models import VisitDay as V; "
    "print(V.totals(timezone.localdate()))"
)


# The demo content as this test process first made it: rows as fixture JSON, and its files.
_demo = {}


def load_demo():
    """The demo content (`seed_demo`) in the test database and the test's MEDIA_ROOT. The first
    call in a test process runs the command; later calls load the rows and files it made, which
    is the same content without encoding every photo's renditions again (seconds per test).
    The idempotency tests run the command again on top of it; tests/test_seed_demo.py also runs
    it twice on an empty database."""
    from django.conf import settings
    from django.core.management import call_command

    media = Path(settings.MEDIA_ROOT)
    if not _demo:
        call_command("seed_demo", stdout=io.StringIO())
        store = Path(tempfile.mkdtemp(prefix="longkhanh-demo-"))
        with (store / "demo.json").open("w") as out:
            call_command(
                "dumpdata",
                *("longkhanh", "news", "polls", "links", "documents", "organisation", "questions"),
                natural_foreign=True,
                natural_primary=True,
                stdout=out,
            )
        shutil.copytree(media, store / "media")
        _demo["store"] = store
        return
    call_command("loaddata", _demo["store"] / "demo.json", stdout=io.StringIO())
    shutil.copytree(_demo["store"] / "media", media, dirs_exist_ok=True)


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def writes(queries):
    """The INSERT and UPDATE statements among captured queries."""
    return [q["sql"] for q in queries if q["sql"].split()[0].upper() in {"INSERT", "UPDATE"}]


def cookie_value(name, signed_value):
    """The value inside one of the site's signed cookies (longkhanh.cookies)."""
    from longkhanh import cookies

    return cookies.unsigned(name, signed_value)


# English interface words that never occur in Vietnamese text (Vietnamese syllables such as
# "an", "in", "to", "can", "may", "no" or "the" are left out on purpose: "ấm no", "In bài").
ENGLISH_WORDS = frozenset(
    """
    the and of or add change changed changes delete deleted deleting view save saved history
    historical user users username group groups password passwords show hide counts count choose
    chosen select selected all none yes not filter search date dates time object objects action
    actions home log logs entry entries attempt attempts access failure failures failed permission
    permissions staff status active revert created reason please enter you your this with from for
    is are by raw stored authentication based set reset enable enabled disable disabled login
    logins logout remove clear today now yesterday tomorrow midnight noon calendar clock cancel
    close available page results total previous next welcome recent my unknown true false required
    help field fields information important joined designates whether should instead accounts
    assigned granted specific theme toggle navigation sidebar breadcrumbs skip main content error
    errors expires expired expiration remaining locked out data meta agent path accept session
    key type comment as edit link list model name first last address there these has have been
    will be which what when where who why how other others only more any some also
    sunday monday tuesday wednesday thursday friday saturday january february march april june
    july august september october november december sun mon tue wed thur fri sat
    draft review published thumbnail store
    """.split()
)

# Tokens that look English but are names, abbreviations or loanwords the Vietnamese admin uses;
# never reported, whatever the list above holds.
ALLOWED_WORDS = frozenset(
    """
    email rss url urls ckeditor axes id ip http get post csv jpeg png webp mb html utc ubnd
    phongvien bientap quantri
    """.split()
)

# Addresses, paths and form data ("/admin/login/", "https://…", "username=****") are data, not
# interface text.
# Data, not interface text: paths, URLs, key=value, and runs with a digit or an asterisk (ids,
# the masked password hash "3b48be****", whose letters are random).
DATA = re.compile(r"(?<!\S)/\S*|\S+://\S*|\b\w+=\S*|\S*[\d*]\S*")
# Django's own Vietnamese that misleads: "Bản ghi nhớ" (a memo) for the history of versions.
WRONG_VIETNAMESE = re.compile(r"bản ghi nhớ", re.IGNORECASE)
# Whole words, Vietnamese ones included ("Người" is one word, not "Ng" and "i").
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A datetime printed as Python writes it in UTC ("2026-03-01 02:00:00+00:00"): never meant for
# editors, who read local time.
RAW_TIME = re.compile(r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\+00:00|Z)\b")
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def english_words(text):
    """The English interface words in `text`, in order (case kept)."""
    found = []
    for match in WORD.finditer(DATA.sub(" ", text)):
        word = match.group()
        base = re.split(r"['’]", word)[0].lower()  # "you’ll" is "you"
        if base in ENGLISH_WORDS and base not in ALLOWED_WORDS:
            found.append(word)
    return found


def raw_times(text):
    return RAW_TIME.findall(text)


def visible_texts(html):
    """What a reader sees (or hears) on a page: its text nodes and the attributes shown as text."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    # Content in English is data, not the interface: an element marked lang="en" (the English
    # fields' widgets) and the admin's rows of English fields (`field-<name>_en`: their values
    # shown read-only to writers).
    for tag in soup.find_all(lambda t: t.get("lang") == "en" or any(
        re.fullmatch(r"field-\w+_en", c) for c in t.get("class", [])
    )):  # fmt: skip
        tag.decompose()
    # Only plain text nodes: comments, the doctype and CDATA are subclasses that no one sees.
    texts = [s.strip() for s in soup.find_all(string=True) if type(s) is NavigableString]
    texts = [text for text in texts if text]
    for tag in soup.find_all(True):
        texts.extend(tag[a].strip() for a in ATTRIBUTES if tag.get(a, "").strip())
        default_type = "submit" if tag.name == "button" else "text"
        is_button = tag.get("type", default_type) in ("submit", "button", "reset")
        if tag.name in ("button", "input") and is_button and tag.get("value", "").strip():
            texts.append(tag["value"].strip())
    return texts


def offences(texts):
    """(text, [what is wrong]) for each text with English words, a raw UTC time or wrong words."""
    found = []
    for text in texts:
        bad = english_words(text) + raw_times(text) + WRONG_VIETNAMESE.findall(text)
        if bad:
            found.append((text, bad))
    return found


def parse_po(path):
    """The entries of a .po file: dicts with msgctxt, msgid, msgid_plural, msgstr (a list)."""
    entries, entry, key = [], {}, None

    def flush():
        if entry.get("msgid"):  # the header has an empty msgid
            entries.append(
                {
                    "msgctxt": entry.get("msgctxt"),
                    "msgid": entry["msgid"],
                    "msgid_plural": entry.get("msgid_plural"),
                    "msgstr": [entry[k] for k in sorted(entry) if k.startswith("msgstr")],
                    "fuzzy": entry.get("fuzzy", False),
                }
            )

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    flush()
    return entries
