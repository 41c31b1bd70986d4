"""Production: everything from the environment. See README, "Configuration".

Refuses to start with DEBUG on, a missing or default SECRET_KEY, no
ALLOWED_HOSTS or no DATABASE_URL.
"""

from .base import *  # noqa: F401,F403
from .components import (
    caches,
    databases,
    media_storage,
    rq_queues,
    search_backends,
    tasks,
)
from .env import env_bool, env_int, env_list, env_str
from .guards import check_production_settings

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
DATABASES = databases()

check_production_settings(
    debug=DEBUG,
    secret_key=SECRET_KEY,
    allowed_hosts=ALLOWED_HOSTS,
    database_url=DATABASES.get("default"),
)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
REDIS_URL = env_str("REDIS_URL")
CACHES = caches(REDIS_URL)
TASKS = tasks(env_str("TASK_BACKEND", "rq" if REDIS_URL else "database"), REDIS_URL)
RQ_QUEUES = rq_queues(REDIS_URL)
if REDIS_URL:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]  # noqa: F405

MEDIA_ROOT = env_str("MEDIA_ROOT", "/var/lib/rathaus/media")
STATIC_ROOT = env_str("STATIC_ROOT", "/var/lib/rathaus/static")
STORAGES = {
    "default": media_storage(env_str("MEDIA_STORAGE", "filesystem")),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WAGTAILSEARCH_BACKENDS = search_backends(env_str("SEARCH_BACKEND", "database"))
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
if env_str("PREVIEW_CLIENT_URL"):
    WAGTAIL_HEADLESS_PREVIEW = {  # noqa: F405
        **WAGTAIL_HEADLESS_PREVIEW,  # noqa: F405
        "CLIENT_URLS": {"default": env_str("PREVIEW_CLIENT_URL")},
    }

# HTTPS behind a proxy or load balancer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxy's X-Forwarded-Host for absolute URLs in answers (Open311's
# discovery and media_url, the OpenAPI servers): only when the proxy sets it
# (and ALLOWED_HOSTS lists the names). Off: the Host header is used.
USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a promise to browsers that is slow to take back: opt in.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rathaus@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING["root"]["level"] = env_str("LOG_LEVEL", "INFO")  # noqa: F405
RATHAUS_GRAPHIQL = env_bool("GRAPHIQL", False)
# Client keys for rate limits are salted hashes of IP and device id.
RATHAUS_CLIENT_HASH_SALT = env_str("CLIENT_HASH_SALT", SECRET_KEY)
# Reverse proxies in front of Rathaus whose X-Forwarded-For is trusted.
RATHAUS_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Originals of uploaded photos: staff only, never served publicly.
RATHAUS_PRIVATE_MEDIA_ROOT = env_str(
    "PRIVATE_MEDIA_ROOT", "/var/lib/rathaus/private-media"
)
RATHAUS_GRAPHQL = {
    # An installed package has no checkout: the image ships the map here.
    "PERSISTED_DOCUMENTS": env_str("GRAPHQL_PERSISTED_DOCUMENTS"),
    # Once every frontend sends ids, accept only the committed documents.
    "PERSISTED_DOCUMENTS_ONLY": env_bool("GRAPHQL_PERSISTED_DOCUMENTS_ONLY", False),
    # Schema introspection (__schema, __type) is off unless switched on.
    "INTROSPECTION": env_bool("GRAPHQL_INTROSPECTION", False),
    # Each worker keeps recent responses in memory, in front of Redis.
    "LOCAL_CACHE_BYTES": env_int("GRAPHQL_LOCAL_CACHE_BYTES", 64 * 1024 * 1024),
    "INDEX_CACHE_SIZE": env_int("GRAPHQL_INDEX_CACHE_SIZE", 16),
    # Cached GETs reuse the content generations read this recently (ms).
    "GENERATION_MEMO_MS": env_int("GRAPHQL_GENERATION_MEMO_MS", 1000),
    "PAGE_FRAGMENT_SETS": env_int("GRAPHQL_PAGE_FRAGMENT_SETS", 8),
}
