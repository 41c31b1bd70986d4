"""The embedded default: no services needed (SQLite, local memory, immediate
tasks, media on disk). Any production variable may still override a piece."""

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, INSTALLED_APPS
from .components import (
    caches,
    databases,
    media_storage,
    rq_queues,
    search_backends,
    tasks,
)
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str(
    "SECRET_KEY", "rathaus-insecure-development-key-never-in-production"
)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"]
)

VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)
DATABASES = databases(default_sqlite_path=VAR_DIR / "db.sqlite3")
REDIS_URL = env_str("REDIS_URL")
CACHES = caches(REDIS_URL)
TASKS = tasks(env_str("TASK_BACKEND", "immediate"), REDIS_URL)
# TASK_BACKEND=rq needs django-rq and its queues, as in production.
RQ_QUEUES = rq_queues(REDIS_URL)
if REDIS_URL:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
STATIC_ROOT = env_str("STATIC_ROOT", str(VAR_DIR / "static"))
STORAGES = {
    "default": media_storage(env_str("MEDIA_STORAGE", "filesystem")),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILSEARCH_BACKENDS = search_backends(env_str("SEARCH_BACKEND", "database"))
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
RATHAUS_GRAPHIQL = True
