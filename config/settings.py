"""Settings for the Long Khánh city portal.

Everything that differs between machines comes from the environment; the table of variables is
in docs/CONFIGURATION.md. Defaults are safe: DEBUG is off unless asked for, and a server started
without DJANGO_SECRET_KEY refuses to start (only DEBUG mode may make up a local one).
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from longkhanh.security import TEXT_SIZE_SCRIPT, script_hash

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; it is {value!r}.") from None


def env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)


def _secret_key():
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production must set it (see docs/CONFIGURATION.md); "
            "`make run` makes a local one in var/secret_key."
        )
    # DEBUG only: a key made once for this checkout, kept out of the repository.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_ckeditor_5",
    "simple_history",
    "axes",
    "csp",
    "config",
    "longkhanh",
    "news",
    "polls",
    "links",
    "documents",
    "organisation",
    "questions",
]

MIDDLEWARE = [
    # Request ids for the logs, Permissions-Policy.
    "longkhanh.security.RequestMiddleware",
    # Security headers on every response, static files and 405s included.
    "django.middleware.security.SecurityMiddleware",
    "longkhanh.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "longkhanh.security.MethodsMiddleware",
    # Request bodies over the limit are refused (413) before anything reads them.
    "longkhanh.security.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Count visits and article reads; they must stay outside (above) the page cache so that
    # cached pages count too.
    "longkhanh.visits.VisitMiddleware",
    "news.reads.ReadCountMiddleware",
    # Browsers revalidate every page (304 when unchanged). Cached pages are answered by the page
    # cache, before sessions and authentication (public pages never depend on them). See
    # longkhanh/pagecache.py.
    "django.middleware.http.ConditionalGetMiddleware",
    "longkhanh.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each saved version of an article.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks an account after repeated failed logins; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login protection (longkhanh/logins.py). After 5 wrong passwords an account is locked *from that
# address* (the pair user name + address) for 30 minutes, even against the right password: a
# flood from one place never locks the editor out from another. An address is refused every
# login once its failures in those 30 minutes reach LOGIN_FAILURES_PER_ADDRESS, checked before
# any password is hashed; generous, since an office or a carrier's NAT shares one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "longkhanh.logins.LoginHandler"
AXES_CLIENT_IP_CALLABLE = "longkhanh.logins.client_address"
AXES_LOCKOUT_CALLABLE = "longkhanh.logins.lockout_response"
LOGIN_FAILURES_PER_ADDRESS = env_int("DJANGO_LOGIN_FAILURES_PER_ADDRESS", 30)
if LOGIN_FAILURES_PER_ADDRESS < 1:
    raise ImproperlyConfigured("DJANGO_LOGIN_FAILURES_PER_ADDRESS must be 1 or more.")
# Attempts refused while locked are not written down: a flood then costs no database write
# (axes would otherwise append each one's form data to the same row), and a lock ends 30
# minutes after the failure that set it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The proxies in front (nginx), whose X-Forwarded-For names the client: the variable gunicorn
# reads for the same purpose (gunicorn.conf.py).
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Staff sessions end after 8 hours without a request, or when the browser closes. Each request
# renews them, and an open article form asks the server every few minutes
# (static/js/admin-keepalive.js), so an editor writing a long article is never logged out on save.
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, or an SQLite file under var/.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so that
    # concurrent writers wait for it (up to `timeout` seconds) instead of failing with
    # "database is locked" when a read transaction is upgraded. Connections are kept (60 s, as
    # on PostgreSQL): opening one with these pragmas cost each request about 1.3 ms, more than
    # an article page's own work (docs/PERFORMANCE.md). Between requests a kept connection holds
    # no transaction (autocommit), so it neither blocks writers nor WAL checkpoints.
    # mmap_size: pages read from the file through a memory map (up to SQLite's own cap, 2 GB),
    # not copied by a system call each: a search reads a thousand rows scattered over the
    # archive (alternated, at 100,000 articles: its query 4.2 → 3.7–4.1 ms; distinct searches
    # under wrk 244–258 → 277 a second; random articles unchanged).
    # A disk's read error then stops the worker (SIGBUS; gunicorn starts another) instead of
    # failing the request.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=2147418112;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every server), else this process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "longkhanh",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole pages, in each worker's memory for a few seconds: no network round trip on a hit, and
# nothing to share (see longkhanh/pagecache.py). The one page-cache lifetime is this one.
CACHE_MIDDLEWARE_SECONDS = 15
# Kept as they are, not pickled (longkhanh/kept.py): a hit is a dictionary lookup, not a copy
# of the page.
CACHES["pages"] = {
    "BACKEND": "longkhanh.kept.KeptAsIs",
    "LOCATION": "pages",
    "TIMEOUT": CACHE_MIDDLEWARE_SECONDS,
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHE_MIDDLEWARE_ALIAS = "pages"
# The chrome's rendered HTML (header, menu, sidebar blocks, footer), kept by Django's
# {% cache %} tag in each worker's memory. Every key holds the generation its content follows
# (longkhanh/generation.py), so a worker never serves a block another worker's save retired.
# Kept as they are, not pickled (longkhanh/kept.py): every value here is a string or a tuple
# that nothing changes once it is made; unpickling a page's shell and its blocks was a tenth of
# a random article's time in Django.
CACHES["template_fragments"] = {
    "BACKEND": "longkhanh.kept.KeptAsIs",
    "LOCATION": "template-fragments",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 500},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
# English is the language of the /en/ pages only (Nghị định 42/2022/NĐ-CP, Điều 7): the admin
# and every other page are Vietnamese. See organisation/views.py.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The project's own translations (missing or wrong in Django's and the packages' catalogs) come
# first; see locale/README.md.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Dates typed and shown as 29/11/2026 (longkhanh/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["longkhanh.formats"]
USE_I18N = True
USE_TZ = True

# Static files are served by WhiteNoise, compressed and with hashed names (cached for a year).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Served by Django only when no web server sits in front (make run); see docs/DEPLOYMENT.md.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)

# With several servers, uploads can live in an S3-compatible object store (django-storages).
S3_BUCKET = os.environ.get("DJANGO_S3_BUCKET", "").strip()
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "access_key": os.environ.get("DJANGO_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("DJANGO_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("DJANGO_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # photos are public: plain, cacheable URLs
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    SERVE_MEDIA = False

# The content generation, which a save changes to retire every cached page at once, when Redis is
# not configured: a file whose time every worker of this server reads (longkhanh/generation.py).
CACHE_GENERATION_FILE = Path(
    os.environ.get("DJANGO_CACHE_GENERATION_FILE") or VAR_DIR / "cache-generation"
)

# Article reads ("Tin đọc nhiều") are added up in each worker and written once per this many
# seconds, off the request path (news/reads.py); 0 writes each read in its own request.
READS_FLUSH_SECONDS = float(os.environ.get("DJANGO_READS_FLUSH_SECONDS", "1"))

# The visit counter's "online now" marks when Redis is not configured (see longkhanh/visits.py).
VISITS_PRESENCE_DIR = Path(os.environ.get("DJANGO_VISITS_DIR") or VAR_DIR / "online")

# Uploads: the most an editor may send in one image, and the most pixels Pillow will decode
# (a larger image is refused as a decompression bomb).
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_PIXELS = 40_000_000
# A larger photo is scaled down to this many pixels on its long side when it is uploaded: more
# than any screen shows, and every later rendition decodes far fewer pixels.
UPLOAD_MAX_EDGE = 3200
# A document's attached file (documents/files.py): at most this many MB each.
DOCUMENT_MAX_UPLOAD_MB = int(os.environ.get("DJANGO_DOCUMENT_MAX_UPLOAD_MB") or 20)
# A bulk import's spreadsheet and ZIP, kept between its dry run and the editor's confirmation
# (documents/admin.py): private, never under MEDIA_ROOT; removed once imported.
DOCUMENT_IMPORT_DIR = Path(os.environ.get("DJANGO_DOCUMENT_IMPORT_DIR") or VAR_DIR / "imports")
# Request bodies (longkhanh.security.BodyLimitMiddleware), with or without nginx in front: 1 MB
# on every path (a vote, a login, a search are a few hundred bytes), 25 MB on the admin's paths,
# where photos and documents' files are uploaded (a 20 MB file and the rest of the form). Files
# count too, unlike DATA_UPLOAD_MAX_MEMORY_SIZE, which bounds only the form fields Django keeps
# in memory.
REQUEST_MAX_BYTES = 1024 * 1024
EDITOR_REQUEST_MAX_BYTES = (DOCUMENT_MAX_UPLOAD_MB + 5) * 1024 * 1024
EDITOR_UPLOAD_PATHS = ["/admin/", "/quan-tri/"]
# Residents' questions may carry a 10 MB attachment (questions/forms.py): 11 MB on that form.
PUBLIC_UPLOAD_PATHS = ["/hoi-dap/gui-cau-hoi/"]
PUBLIC_UPLOAD_MAX_BYTES = 11 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# An uploaded file over 2.5 MB is written to a temporary file while it is read, not kept in
# memory (Django's default, stated here because the limits above depend on it).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440


# Mail to residents who ask a question (questions/mail.py): acknowledgements and notices of the
# answer. By default written as files to var/mail/ (no mail server needed); set EMAIL_URL
# (smtp://user:password@host:587?tls=1, or smtps://… for SSL) to send through SMTP. A message
# that fails is kept and sent again by `manage.py send_question_mail` (docs/OPERATIONS.md).
def _email_settings(url):
    from urllib.parse import parse_qs, unquote, urlsplit

    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(VAR_DIR / "mail"),
        }
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ImproperlyConfigured("EMAIL_URL must start with smtp:// or smtps://.")
    query = parse_qs(parts.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in ("1", "true"),
    }


globals().update(_email_settings(os.environ.get("EMAIL_URL", "").strip()))
EMAIL_TIMEOUT = 10  # seconds: a mail server that does not answer never holds a request long
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL") or "khongtraloi@localhost"

# Behind a TLS-terminating proxy (nginx) that sets X-Forwarded-Proto.
HTTPS = env_bool("DJANGO_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    # Off unless asked for: the wards' own sites may live on subdomains of the portal's name, and
    # HSTS there would lock residents out of any of them without working HTTPS for a year.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_INCLUDE_SUBDOMAINS:
        SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]  # the choice above
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if host != "*"]


def _site_url():
    """The site's public address for absolute URLs (feeds, sitemaps, canonical links): never the
    request's Host, which a client without nginx in front may set to anything allowed."""
    value = os.environ.get("DJANGO_SITE_URL", "").strip()
    if not value:
        hosts = [host.lstrip(".") for host in ALLOWED_HOSTS if host.lstrip(".") not in ("", "*")]
        return f"{'https' if HTTPS else 'http'}://{hosts[0] if hosts else 'localhost'}"
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be the site's address: a scheme and a host (and port), no path, "
            f"such as https://longkhanh.dongnai.gov.vn; it is {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


SITE_URL = _site_url()
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): scripts only from this site, plus the one inline
# script by its hash (no 'unsafe-inline' for scripts). CKEditor 5 and the admin set styles
# inline, so styles allow it. Nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, script_hash(TEXT_SIZE_SCRIPT)],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        # No form-action: the wards' picker is a GET form whose answer redirects to their sites,
        # and browsers apply form-action to that redirect too.
        "frame-ancestors": [NONE],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "longkhanh.security.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} [{request_id}] {name} {message}", "style": "{"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # 4xx answers (a refused permission, a missing page) are not errors of the site.
        "django.request": {"level": "ERROR"},
    },
}

# CKEditor 5: our own upload view (permission, size, Pillow re-encode) replaces the package's.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "news:editor_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        # The editing area's name for screen readers; without it CKEditor says "Vùng chỉnh sửa:
        # main", after its internal name for the area.
        "label": "Nội dung bài viết",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertImage",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Tiêu đề 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Tiêu đề 3",
                    "class": "ck-heading_heading3",
                },
            ]
        },
        "image": {
            "toolbar": ["imageTextAlternative", "toggleImageCaption"],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
    }
}
