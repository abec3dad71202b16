"""Voting and results.

The vote form sits on every page, and pages are meant to be cached, so it carries no CSRF token.
The vote is protected instead the way modern frameworks do it: the browser's own Sec-Fetch-Site
and Origin headers must say the POST comes from this site (a cross-site POST gets 403), and the
voter cookie is SameSite=Lax. See docs/ARCHITECTURE.md, "Page caching and forms".
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from longkhanh import cookies
from polls.models import Poll, Vote

VOTER_COOKIE = "lk_voter"
VOTER_COOKIE_AGE = 365 * 24 * 3600


def same_origin(request):
    """True when the browser says this POST was sent by a page of this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    origin = request.headers.get("Origin")
    if fetch_site is None and origin is None:
        return False  # every current browser sends at least one of them with a form POST
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin is not None:
        allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
        return origin in allowed
    return True


def voter_key(request):
    """(this browser's voter id, whether it is new), from the signed voter cookie."""
    key = cookies.read(request, VOTER_COOKIE, max_age=VOTER_COOKIE_AGE)
    if key:
        return key, False
    return uuid.uuid4().hex, True


def started_poll(pk):
    """A poll whose results are public: it exists and has opened."""
    return get_object_or_404(
        Poll.objects.prefetch_related("choices"), pk=pk, opens_at__lte=timezone.now()
    )


def poll_page(request, poll, *, error=None, status=200):
    return render(request, "polls/poll.html", {"poll": poll, "error": error}, status=status)


@require_GET
def detail(request, pk):
    return poll_page(request, started_poll(pk))


@never_cache  # it changes with every vote and shows this browser's "thank you"
@require_GET
def results(request, pk):
    poll = started_poll(pk)
    choices, total = poll.results()
    return render(request, "polls/results.html", {"poll": poll, "choices": choices, "total": total})


@csrf_exempt  # protected by same_origin() instead of a token: see the module's docstring
@require_POST
def vote(request, pk):
    if not same_origin(request):
        return render(request, "polls/refused.html", status=403)
    try:
        poll = started_poll(pk)
    except Http404:
        return poll_page(request, None, error="Không có cuộc thăm dò này.", status=404)
    if not poll.is_open:
        return poll_page(
            request, poll, error="Cuộc thăm dò này hiện không nhận bình chọn.", status=403
        )
    if poll.staff_only and not request.user.is_staff:
        return render(request, "polls/sign_in.html", {"poll": poll}, status=403)

    raw = request.POST.get("choice", "")
    choice = None
    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        choice = next((c for c in poll.choices.all() if c.pk == int(raw)), None)
    if choice is None:
        error = "Vui lòng chọn một phương án." if not raw else "Phương án đã chọn không hợp lệ."
        return poll_page(request, poll, error=error, status=400)

    key, new_voter = voter_key(request)
    user = request.user if request.user.is_authenticated else None
    try:
        with transaction.atomic():
            Vote.objects.create(poll=poll, choice=choice, voter_key=key, user=user)
    except IntegrityError:  # this browser or this account has voted already
        messages.info(
            request,
            "Bạn đã bình chọn trong cuộc thăm dò này rồi; mỗi trình duyệt và mỗi tài khoản "
            "chỉ được bình chọn một lần. Cảm ơn bạn!",
        )
    else:
        messages.success(request, "Cảm ơn bạn đã bình chọn!")
    response = redirect("polls:results", pk=poll.pk)
    if new_voter:
        cookies.write(response, VOTER_COOKIE, key, max_age=VOTER_COOKIE_AGE)
    return response
