"""Login protection, with django-axes (configured in config/settings.py).

- An account is locked **from one address** (the pair user name + address) after
  `AXES_FAILURE_LIMIT` wrong passwords, for `AXES_COOLOFF_TIME`: a flood from one place locks
  that place out and never the editor working from another (the office, a phone).
- An address is refused every login, for any name, once its failures in the same window reach
  `LOGIN_FAILURES_PER_ADDRESS`. The count is checked before any password is hashed (the
  expensive part of a login, some 0.2–0.4 CPU-seconds with PBKDF2), so guessing names from one
  place cannot keep the server busy. The limit is generous because an office, or residents and
  staff behind a carrier's NAT, share one address.
- The address is the client's: behind nginx (a proxy in `TRUSTED_PROXIES`) the last address
  nginx appended to X-Forwarded-For; from anywhere else the header is ignored.

Both counts live in axes' `AccessAttempt` rows (one per user name, address and browser), in the
database, so they hold across workers and servers; the administrator sees and lifts them in the
admin ("Khóa đăng nhập", longkhanh/admin.py).
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def _address(value):
    """`value` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def _trusted(address):
    proxies = settings.TRUSTED_PROXIES
    return "*" in proxies or address in proxies


def client_address(request):
    """The client's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or, when the connection comes
    from a trusted proxy, the right-most address in X-Forwarded-For that is not a trusted proxy
    itself (what a client writes in front of it is forged, and ignored)."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None or not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            return remote  # a malformed chain: believe only the connection
        if "*" in settings.TRUSTED_PROXIES or not _trusted(address):
            return address  # with "*", the address the nearest proxy saw
    return remote


def cool_off_start(now=None):
    return (now or timezone.now()) - settings.AXES_COOLOFF_TIME


def address_failures(address, now=None):
    """Failed logins from `address`, for any user name, within the cool-off window."""
    if not address:
        return 0
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=cool_off_start(now)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def address_refused(request):
    attempt_time = getattr(request, "axes_attempt_time", None)
    address = getattr(request, "axes_ip_address", None) or client_address(request)
    return address_failures(address, attempt_time) >= settings.LOGIN_FAILURES_PER_ADDRESS


class LoginHandler(AxesDatabaseHandler):
    """axes' database handler, which locks the pair (user name, address), plus the limit per
    address. axes asks `is_locked` before any authentication backend hashes a password."""

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or address_refused(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and address_refused(request):
            # This failure reached the address's limit: answer it with the lockout page.
            request.axes_locked_out = True
            request.axes_credentials = credentials


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (AXES_LOCKOUT_CALLABLE): in the admin's frame, with its title, saying
    which lock applies and for how long. 429 with Retry-After."""
    from django.contrib import admin  # the site object, configured by the root URLs

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Tạm khóa đăng nhập",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.LOGIN_FAILURES_PER_ADDRESS,
        "cooloff_minutes": minutes,
        "by_address": address_refused(request),
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
