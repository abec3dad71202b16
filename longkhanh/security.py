"""Site-wide request handling: request ids in logs, allowed methods, extra security headers,
and the inline script that the Content-Security-Policy allows by its hash."""

import base64
import contextvars
import hashlib
import logging
import re
import uuid

from django.http import HttpResponseNotAllowed

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
