"""pytest: SQLite in memory by default; the real PostgreSQL and Redis when
DATABASE_URL and REDIS_URL are set (as in CI)."""

import os
import tempfile

from .base import *  # noqa: F401,F403
from .components import caches, databases
from .env import env_str

DEBUG = False
SECRET_KEY = "rathaus-insecure-test-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = databases() or {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
REDIS_URL = env_str("REDIS_URL")
# Tests empty the cache (FLUSHDB on Redis) before each test, so parallel
# pytest-xdist workers each get a Redis database of their own.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):
    _base, _slash, _database = REDIS_URL.rpartition("/")
    if _database.isdigit():
        REDIS_URL = f"{_base}/{max(0, int(_database) - int(_worker[2:]))}"
CACHES = caches(REDIS_URL, key_prefix="rathaus-test")
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="rathaus-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
RATHAUS_GRAPHIQL = False
