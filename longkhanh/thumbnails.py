"""A sorl-thumbnail key-value store kept in Django's cache alone.

sorl's default store (cached_db) reads a database table whenever its cache misses, so a page's
query count would grow with the number of photos on it. This store drops the table: on a miss sorl
asks the storage whether the rendition file exists and makes it only if it does not, so a lost cache
costs file checks, never wrong images. With REDIS_URL set the cache, and so this store, is shared by
every server. It subclasses cached_db's store to keep its cache selection (THUMBNAIL_CACHE).
"""

from sorl.thumbnail.kvstores import cached_db_kvstore


class CacheKVStore(cached_db_kvstore.KVStore):
    def clear(self, delete_thumbnails=False):
        if delete_thumbnails:
            self.delete_all_thumbnail_files()

    def _get_raw(self, key):
        return self.cache.get(key)

    def _set_raw(self, key, value):
        self.cache.set(key, value, None)

    def _delete_raw(self, *keys):
        self.cache.delete_many(keys)

    def _find_keys_raw(self, prefix):
        # The cache cannot list its keys; only sorl's maintenance commands ask.
        return []
