"""Settings blocks built from the environment, shared by every environment."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env_int, env_str

# Milliseconds after which PostgreSQL cancels a statement, so one request
# cannot hold a worker and a connection for long. The cancelled statement
# (QueryCanceled, an OperationalError) answers 503 with Retry-After in the API.
DEFAULT_STATEMENT_TIMEOUT_MS = 30_000


def databases(default_sqlite_path=None):
    """``DATABASE_URL`` when set, else the embedded SQLite file.

    On PostgreSQL every connection gets ``statement_timeout`` from
    ``DATABASE_STATEMENT_TIMEOUT_MS`` (default 30 s; ``0``: none). The Docker
    entrypoint sets it to ``DATABASE_WORKER_STATEMENT_TIMEOUT_MS`` (default
    ``0``) for workers, the scheduler, migrations and management commands.
    """
    url = env_str("DATABASE_URL")
    if url:
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60)
        )
        if config["ENGINE"] == "django.db.backends.postgresql":
            options = config.setdefault("OPTIONS", {})
            config["CONN_HEALTH_CHECKS"] = True
            timeout = statement_timeout_ms()
            if timeout:
                given = options.get("options", "")  # e.g. ?options= in the URL
                options["options"] = f"{given} -c statement_timeout={timeout}".strip()
        return {"default": config}
    if default_sqlite_path is None:
        return {}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {
                # Concurrent readers and a writer in the demo server.
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }


def statement_timeout_ms():
    timeout = env_int("DATABASE_STATEMENT_TIMEOUT_MS", DEFAULT_STATEMENT_TIMEOUT_MS)
    if timeout < 0:
        raise ImproperlyConfigured(
            f"DATABASE_STATEMENT_TIMEOUT_MS={timeout} must be 0 (no limit) or more."
        )
    return timeout


def caches(redis_url, key_prefix="rathaus"):
    """Redis when ``REDIS_URL`` is set, else per-process local memory."""
    if redis_url:
        backend = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
            "TIMEOUT": 300,
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": key_prefix,
        }
    # Rate limits share the default cache; a separate alias keeps the door
    # open to a dedicated Redis database without code changes.
    return {"default": backend, "ratelimit": dict(backend)}


TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}


def tasks(name, redis_url=None):
    """The django-tasks configuration for ``TASK_BACKEND``."""
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASK_BACKEND={name!r} is unknown: use one of "
            + ", ".join(sorted(TASK_BACKENDS))
        )
    if name == "rq" and not redis_url:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    return {"default": {"BACKEND": TASK_BACKENDS[name], "QUEUES": ["default"]}}


def rq_queues(redis_url):
    if not redis_url:
        return {}
    return {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 3600}}


def media_storage(name):
    """``filesystem`` (MEDIA_ROOT) or ``s3`` (any S3-compatible object store)."""
    if name == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if name == "s3":
        bucket = env_str("AWS_STORAGE_BUCKET_NAME")
        if not bucket:
            raise ImproperlyConfigured(
                "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and usually "
                "AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)."
            )
        options = {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL"),
            "region_name": env_str("AWS_S3_REGION_NAME"),
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN"),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        }
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {k: v for k, v in options.items() if v is not None},
        }
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE={name!r} is unknown: use filesystem or s3."
    )


def search_backends(name):
    """Wagtail search: the database by default, OpenSearch when it grows."""
    if name == "database":
        return {"default": {"BACKEND": "wagtail.search.backends.database"}}
    if name in ("opensearch", "elasticsearch"):
        url = env_str("SEARCH_URL")
        if not url:
            raise ImproperlyConfigured(f"SEARCH_BACKEND={name} needs SEARCH_URL.")
        module = {
            "opensearch": "modelsearch.backends.opensearch2",
            "elasticsearch": "modelsearch.backends.elasticsearch8",
        }[name]
        return {
            "default": {
                "BACKEND": module,
                "URLS": [url],
                "INDEX_PREFIX": env_str("SEARCH_INDEX_PREFIX", "rathaus_"),
                "TIMEOUT": 5,
            }
        }
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND={name!r} is unknown: use database, opensearch or "
        "elasticsearch."
    )
