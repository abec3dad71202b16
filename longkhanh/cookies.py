"""The site's own cookies (visits, reads, the poll's voter id): one policy, Django's signing.

Every such cookie is signed (Django's `set_signed_cookie`, so a visitor cannot forge one),
HttpOnly (no script needs it), SameSite=Lax (a cross-site POST does not carry it), and Secure when
the site runs behind HTTPS. `read` gives back the value only if the signature holds and the
cookie is younger than `max_age`; anything else counts as no cookie.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def write(response, name, value, *, max_age):
    response.set_signed_cookie(
        name,
        value,
        salt=name,
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def read(request, name, *, max_age=None):
    return request.get_signed_cookie(name, default=None, salt=name, max_age=max_age)


def signed(name, value):
    """The cookie's value as `write` sets it: for tools and tests that act as a returning
    browser."""
    response = HttpResponse()
    write(response, name, value, max_age=None)
    return response.cookies[name].value


def unsigned(name, signed_value, max_age=None):
    """The value `read` finds in a cookie holding `signed_value`, or None."""
    request = HttpRequest()
    request.COOKIES[name] = signed_value
    return read(request, name, max_age=max_age)
