"""Settings for the test suite: the real settings, with a throw-away key and faster hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-key-not-a-secret")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves from the apps' static folders, as in development, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Absolute URLs on the test client's own host, as the tests were written (tests that check
# that the Host header does not matter set another address).
SITE_URL = "http://testserver"
# Each read written in its own request, so a test reads the count right after the request
# (tests/test_reads.py tests the batches the servers use).
READS_FLUSH_SECONDS = 0
