"""A worker's memory as a Django cache that keeps values as they are, not pickled.

Django's local-memory cache pickles every value it is given and unpickles it on every read, so
that each caller gets a copy of its own to change. The caches that use this backend hold what
no caller changes once it is made: rendered HTML (strings), a page's shell (a tuple of
strings), a whole page kept by the page cache (its status, its headers, its bytes), the counts
of Văn bản's filters (tuples). Unpickling them was a tenth of a random article's time in
Django (a shell of about 30 KB and three sidebar blocks a page): kept as they are, a read is a
dictionary lookup.

A value kept here is the same object for every request of the worker, for as long as it is
kept: it must never be changed in place. Keep strings, bytes, numbers and tuples of them; a
list or a dict only if nothing that reads it changes it.

Keys never leave the process, so they are not checked against memcached's rules (for which
Django's local-memory cache only warns, after a loop over every character of every key, each
read).

Everything else is Django's LocMemCache: the lifetime of each value, the most recently read
kept when MAX_ENTRIES is reached, one dictionary per LOCATION shared by the process's threads.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class KeptAsIs(LocMemCache):
    def validate_key(self, key):
        """No memcached rules to follow: the values never leave the process."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value
