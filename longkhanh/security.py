"""Site-wide request handling: request ids in logs, allowed methods, bounded request bodies,
extra security headers, and the inline script that the Content-Security-Policy allows by its
hash."""

import base64
import contextvars
import functools
import hashlib
import logging
import re
import uuid

from csp import middleware as csp_middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

ALLOWED_METHODS = ("GET", "HEAD", "POST")
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Applies the visitor's chosen text size before the page is drawn (see static/js/site.js).
TEXT_SIZE_SCRIPT = (
    'try{var s=localStorage.getItem("lk-text-size");'
    "if(s)document.documentElement.style.fontSize=s}catch(e){}"
)


def script_hash(source):
    digest = hashlib.sha256(source.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record (`%(request_id)s`)."""

    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True


class RequestMiddleware:
    """Outermost: gives each request an id (the proxy's X-Request-ID, or a new one) for the
    logs and the response, and adds Permissions-Policy to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = REQUEST_ID.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request.id
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# What django-csp's decorators put on a response that wants a policy of its own.
OWN_POLICY = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)


@functools.cache
def site_policies():
    """[(header, policy, exempt attribute)]: the site's Content-Security-Policy (and a
    report-only one, when configured), as django-csp builds them from the settings; None for a
    policy that excludes paths (django-csp's own way then decides, per request)."""
    configured = ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    if any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") for name in configured
    ):
        return None
    policies = [
        (HEADER, build_policy(), "_csp_exempt"),
        (HEADER_REPORT_ONLY, build_policy(report_only=True), "_csp_exempt_ro"),
    ]
    return [policy for policy in policies if policy[1]]


def _settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policies.cache_clear()


setting_changed.connect(_settings_changed)


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the site's one policy built once per process: django-csp
    builds it twice for every response (a fifth of a cached page's time in Django). A response
    that asks for a policy of its own (django-csp's decorators), a request that used a nonce, a
    policy with excluded paths and DEBUG's error pages take django-csp's own way; the site uses
    none of them."""

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in OWN_POLICY)
            or settings.DEBUG
            or site_policies() is None
        ):
            return super().process_response(request, response)
        for header, policy, exempt in site_policies():
            if header not in response and not getattr(response, exempt, False):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header went out is an error.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


class MethodsMiddleware:
    """Refuses methods the site does not use with a Vietnamese 405. It sits below the security
    and CSP middlewares, so that the 405 carries their headers like every other response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(
                ALLOWED_METHODS,
                "Phương thức này không được hỗ trợ.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class BodyLimitMiddleware:
    """Bounds request bodies on every path, with or without nginx in front (gunicorn has no
    body limit of its own). A body announced over the limit is refused from its Content-Length
    with a Vietnamese 413 before anything reads it: Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts
    form fields but not files, so a 100 MB file sent with a vote used to be read whole (and the
    vote counted), and the CSRF check read any POST's body before refusing it. The admin's paths
    (`EDITOR_UPLOAD_PATHS`: photos, the CKEditor upload) get `EDITOR_REQUEST_MAX_BYTES`, the
    residents' question form (`PUBLIC_UPLOAD_PATHS`) `PUBLIC_UPLOAD_MAX_BYTES`, every
    other path `REQUEST_MAX_BYTES`.

    A body without a Content-Length (Transfer-Encoding: chunked) gets a 411: Django reads only as
    many bytes as Content-Length says, none without it, so such a body would never be read
    anyway; browsers always send the length, and nginx sends it to gunicorn.

    A body within the limit that the view answered without reading (a redirect to the login
    page, a 403) is read to its end before the answer goes out: gunicorn would otherwise close
    the connection with bytes unread, the kernel would reset it, and nginx, still sending the
    body, would answer 502 instead of the view's answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if "chunked" in meta.get("HTTP_TRANSFER_ENCODING", "").lower() and not meta.get(
            "CONTENT_LENGTH"
        ):
            return _refusal("411.html", 411, {})
        try:
            size = int(meta.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads nothing of a body whose length it cannot read
        if request.path_info.startswith(tuple(settings.EDITOR_UPLOAD_PATHS)):
            limit = settings.EDITOR_REQUEST_MAX_BYTES
        elif request.path_info in settings.PUBLIC_UPLOAD_PATHS:
            limit = settings.PUBLIC_UPLOAD_MAX_BYTES
        else:
            limit = settings.REQUEST_MAX_BYTES
        if size > limit:
            return _refusal(
                "413.html",
                413,
                {
                    "limit_mb": max(1, round(limit / 1024 / 1024)),
                    "document_mb": settings.DOCUMENT_MAX_UPLOAD_MB,
                },
            )
        response = self.get_response(request)
        if size and not getattr(request, "_read_started", True):
            while request.read(64 * 1024):  # bounded by Content-Length, itself by the limit
                pass
        return response


def _refusal(template, status, context):
    """A refusal page that reads nothing (the request's body and the database are untouched)."""
    return HttpResponse(render_to_string(template, context), status=status)
