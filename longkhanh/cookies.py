"""The site's own cookies (visits, reads, the poll's voter id): one policy, Django's signing.

Every such cookie is signed (as Django's `set_signed_cookie` signs it, so a visitor cannot forge
one), HttpOnly (no script needs it), SameSite=Lax (a cross-site POST does not carry it), and
Secure when the site runs behind HTTPS. `read` gives back the value only if the signature holds
and the cookie is younger than `max_age`; anything else counts as no cookie.

A returning browser sends the same signed values on every request, and checking a signature
(Django's TimestampSigner: a key derived, an HMAC, base64 and base62, each time) cost a third
of a cached page's time in Django and a tenth of a random article's. So each process keeps the
values it has verified or signed itself (VERIFIED), keyed by the cookie's whole signed text:
a value is taken from there only for exactly the text that was verified, its age is checked
on every read as the signer checks it, and a change of the secret key forgets them all.
"""

import functools
import time

from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse

VERIFIED_MAX = 10_000  # signed values a process keeps (about 2 MB); then it starts again

# {(name, signed text): (value, when it was signed, in whole seconds as the signer has it)}
_verified = {}


@functools.cache
def _signer(name):
    """The signer Django's set_signed_cookie and get_signed_cookie use for a cookie `name` with
    salt `name`, made once (its class imported and its keys derived on each call otherwise)."""
    return signing.get_cookie_signer(salt=name + name)


def _keep(name, signed_text, value):
    if len(_verified) >= VERIFIED_MAX:
        _verified.clear()
    timestamp = signing.b62_decode(signed_text.rsplit(_signer(name).sep, 2)[1])
    _verified[name, signed_text] = (value, timestamp)


def write(response, name, value, *, max_age):
    signed_text = _signer(name).sign(value)
    response.set_cookie(
        name,
        signed_text,
        max_age=max_age,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    _keep(name, signed_text, value)  # the browser sends it back on its next request


def read(request, name, *, max_age=None):
    signed_text = request.COOKIES.get(name)
    if signed_text is None:
        return None
    known = _verified.get((name, signed_text))
    if known is None:
        try:
            value = _signer(name).unsign(signed_text)
        except signing.BadSignature:
            return None
        _keep(name, signed_text, value)
        known = _verified[name, signed_text]
    value, timestamp = known
    if max_age is not None and time.time() - timestamp > max_age:  # as TimestampSigner checks
        return None
    return value


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


def _settings_changed(setting, **kwargs):
    if setting in ("SECRET_KEY", "SECRET_KEY_FALLBACKS", "SIGNING_BACKEND"):
        _signer.cache_clear()
        _verified.clear()


setting_changed.connect(_settings_changed)
