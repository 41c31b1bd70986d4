"""Settings: the embedded default, production from the environment, its guards.

Whole settings modules are loaded in a subprocess with a controlled
environment (the test process has its own settings already); the building
blocks in components.py, env.py and guards.py are unit-tested in process.
"""

import importlib.util
import json
import os
import re
import secrets
import subprocess
import sys
import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from rathaus.site.settings import components, env, guards

# Subprocesses with an environment of their own: the same on every backend.
pytestmark = pytest.mark.backend_independent

GOOD_SECRET_KEY = secrets.token_urlsafe(50)
GOOD_PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://rathaus:pw@127.0.0.1:5432/rathaus",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": GOOD_SECRET_KEY,
    "ALLOWED_HOSTS": "api.example.org,cms.example.org",
}

# Every variable the settings read; cleared so the host environment (CI sets
# DATABASE_URL and REDIS_URL) cannot leak into a test.
SETTINGS_VARIABLES = [
    "ALLOWED_HOSTS",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_STORAGE_BUCKET_NAME",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_STATEMENT_TIMEOUT_MS",
    "DATABASE_URL",
    "DEBUG",
    "MEDIA_ROOT",
    "MEDIA_STORAGE",
    "REDIS_URL",
    "SEARCH_BACKEND",
    "SEARCH_INDEX_PREFIX",
    "SEARCH_URL",
    "SECRET_KEY",
    "STATIC_ROOT",
    "TASK_BACKEND",
]


def clean_env(**overrides):
    """A minimal environment for a subprocess: no settings variables."""
    venv_bin = os.path.dirname(sys.executable)
    environment = {
        "PATH": venv_bin + os.pathsep + os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.update(overrides)
    return environment


def run_python(code, environment, cwd):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


LOAD_SETTINGS = """
    import django
    django.setup()
"""

DUMP_SETTINGS = """
    import json
    import django
    from django.conf import settings
    django.setup()
    print(json.dumps({
        "DEBUG": settings.DEBUG,
        "DATABASES": settings.DATABASES,
        "CACHES": settings.CACHES,
        "TASKS": settings.TASKS,
        "RQ_QUEUES": getattr(settings, "RQ_QUEUES", None),
        "INSTALLED_APPS": settings.INSTALLED_APPS,
        "STORAGES": settings.STORAGES,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
        "SEARCH": settings.WAGTAILSEARCH_BACKENDS,
        "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    }, default=str))
"""


@pytest.fixture
def production(tmp_path):
    """Runs code under the production settings with the given environment."""

    def run(code=LOAD_SETTINGS, **variables):
        environment = clean_env(
            DJANGO_SETTINGS_MODULE="rathaus.site.settings.production", **variables
        )
        return run_python(code, environment, tmp_path)

    return run


def production_env(**changes):
    """The good production environment with changes; None removes a variable."""
    variables = {**GOOD_PRODUCTION_ENV, **changes}
    return {name: value for name, value in variables.items() if value is not None}


# --- production guards, end to end ------------------------------------------


def test_production_refuses_debug(production):
    result = production(**production_env(DEBUG="1"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DEBUG is on" in result.stderr
    assert "DEBUG=0" in result.stderr


def test_production_refuses_a_missing_secret_key(production):
    result = production(**production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("rathaus-insecure-development-key-never-in-production", "well-known"),
        ("rathaus-insecure-test-key", "well-known"),
        ("django-insecure-" + "x" * 50, "well-known"),
        ("change-me", "well-known"),
        ("too-short-" + "k" * 20, "shorter than 40"),
    ],
)
def test_production_refuses_default_dev_and_short_keys(production, key, message):
    result = production(**production_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert message in result.stderr
    assert "Set SECRET_KEY to a long random value" in result.stderr


def test_production_refuses_missing_allowed_hosts(production):
    result = production(**production_env(ALLOWED_HOSTS=None))
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is empty" in result.stderr
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_refuses_missing_database_url(production):
    result = production(**production_env(DATABASE_URL=None))
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_production_lists_every_problem_at_once(production):
    result = production(DEBUG="true")
    assert result.returncode != 0
    for problem in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"):
        assert f"- {problem}" in result.stderr


def test_production_refuses_a_malformed_boolean(production):
    result = production(**production_env(DEBUG="maybe"))
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


def test_production_check_deploy_passes_with_a_full_environment(production, tmp_path):
    environment = clean_env(
        DJANGO_SETTINGS_MODULE="rathaus.site.settings.production",
        **GOOD_PRODUCTION_ENV,
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "ERROR"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ERRORS:" not in result.stderr
    # Only the two warnings README "Security" explains: X-Frame-Options is
    # SAMEORIGIN for Wagtail's preview, HSTS preload is opt-in.
    assert set(re.findall(r"\(security\.(W\d+)\)", result.stderr)) == {
        "W019",
        "W021",
    }


def test_production_sends_hsts_with_subdomains_and_the_security_headers(production):
    result = production(
        """
        import json
        import django
        from django.conf import settings
        django.setup()
        print(json.dumps({
            name: getattr(settings, name)
            for name in [
                "SECURE_HSTS_SECONDS",
                "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                "SECURE_HSTS_PRELOAD",
                "SECURE_CONTENT_TYPE_NOSNIFF",
                "SECURE_REFERRER_POLICY",
                "SESSION_COOKIE_SECURE",
                "CSRF_COOKIE_SECURE",
            ]
        }))
        """,
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_production_settings_from_a_full_environment(production):
    result = production(DUMP_SETTINGS, **GOOD_PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["DEBUG"] is False
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "127.0.0.1",
        5432,
        "rathaus",
    )
    assert database["CONN_HEALTH_CHECKS"] is True
    for alias in ("default", "ratelimit"):
        cache = settings["CACHES"][alias]
        assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert cache["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert settings["RQ_QUEUES"]["default"]["URL"] == "redis://127.0.0.1:6379/0"
    assert "django_rq" in settings["INSTALLED_APPS"]
    assert settings["ALLOWED_HOSTS"] == ["api.example.org", "cms.example.org"]
    assert (
        settings["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_production_without_redis_uses_local_memory_and_database_tasks(production):
    result = production(DUMP_SETTINGS, **production_env(REDIS_URL=None))
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert (
        settings["CACHES"]["default"]["BACKEND"]
        == "django.core.cache.backends.locmem.LocMemCache"
    )
    assert settings["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in settings["INSTALLED_APPS"]


def test_production_rq_tasks_without_redis_are_refused(production):
    result = production(**production_env(REDIS_URL=None, TASK_BACKEND="rq"))
    assert result.returncode != 0
    assert "TASK_BACKEND=rq needs REDIS_URL" in result.stderr


def test_production_collectstatic_works_as_in_the_dockerfile(production, tmp_path):
    """The Dockerfile collects static files with throwaway values; the
    manifest storage must post-process every file without a database."""
    static_root = tmp_path / "static"
    result = production(
        """
        from django.core.management import call_command
        import django
        django.setup()
        call_command("collectstatic", interactive=False, verbosity=0)
        """,
        SECRET_KEY="build-only-" + secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost",
        DATABASE_URL="postgres://build:build@127.0.0.1:1/build",
        STATIC_ROOT=str(static_root),
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    assert manifest["paths"], "collectstatic collected nothing"
    assert any(path.startswith("wagtailadmin/") for path in manifest["paths"])


# --- the embedded default ----------------------------------------------------


def test_dev_settings_need_no_services(tmp_path):
    environment = clean_env(DJANGO_SETTINGS_MODULE="rathaus.site.settings.dev")
    result = run_python(DUMP_SETTINGS, environment, tmp_path)
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["DEBUG"] is True
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith(os.path.join("var", "db.sqlite3"))
    assert (
        settings["CACHES"]["default"]["BACKEND"]
        == "django.core.cache.backends.locmem.LocMemCache"
    )
    assert (
        settings["TASKS"]["default"]["BACKEND"]
        == "django_tasks.backends.immediate.ImmediateBackend"
    )
    assert (
        settings["STORAGES"]["default"]["BACKEND"]
        == "django.core.files.storage.FileSystemStorage"
    )
    assert settings["MEDIA_ROOT"].endswith(os.path.join("var", "media"))
    assert (
        settings["SEARCH"]["default"]["BACKEND"] == "wagtail.search.backends.database"
    )


def test_dev_settings_with_rq_tasks_pass_the_system_checks(tmp_path):
    """TASK_BACKEND=rq in dev needs django-rq and RQ_QUEUES as in production."""
    environment = clean_env(
        DJANGO_SETTINGS_MODULE="rathaus.site.settings.dev",
        REDIS_URL="redis://127.0.0.1:6379/0",
        TASK_BACKEND="rq",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


# --- env.py ------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env.env_bool("FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    assert env.env_bool("FLAG", True) is False


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv("FLAG", raising=False)
    assert env.env_bool("FLAG") is False
    assert env.env_bool("FLAG", True) is True


@pytest.mark.parametrize("raw", ["2", "enabled", "ja", "tru"])
def test_env_bool_rejects_anything_else(monkeypatch, raw):
    monkeypatch.setenv("FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match=r"FLAG=.* is not a boolean"):
        env.env_bool("FLAG")


def test_env_int(monkeypatch):
    monkeypatch.setenv("NUMBER", "42")
    assert env.env_int("NUMBER", 1) == 42
    monkeypatch.setenv("NUMBER", "")
    assert env.env_int("NUMBER", 7) == 7
    monkeypatch.setenv("NUMBER", "4.2")
    with pytest.raises(ImproperlyConfigured, match="NUMBER='4.2' is not a whole"):
        env.env_int("NUMBER", 1)


def test_env_list(monkeypatch):
    monkeypatch.delenv("ITEMS", raising=False)
    assert env.env_list("ITEMS", ["a"]) == ["a"]
    monkeypatch.setenv("ITEMS", " a.example.org, ,b.example.org ,")
    assert env.env_list("ITEMS", ["x"]) == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("ITEMS", "")
    assert env.env_list("ITEMS", ["x"]) == []


# --- guards.py ---------------------------------------------------------------

GOOD_GUARD_ARGUMENTS = {
    "debug": False,
    "secret_key": GOOD_SECRET_KEY,
    "allowed_hosts": ["api.example.org"],
    "database_url": {"ENGINE": "django.db.backends.postgresql"},
}


def check(**changes):
    guards.check_production_settings(**{**GOOD_GUARD_ARGUMENTS, **changes})


def test_guards_accept_good_settings():
    check()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"debug": True}, "DEBUG is on"),
        ({"secret_key": None}, "SECRET_KEY is not set"),
        ({"secret_key": "   "}, "SECRET_KEY is not set"),
        ({"secret_key": "secret"}, "well-known default"),
        ({"secret_key": "CHANGEME"}, "well-known default"),
        ({"secret_key": "rathaus-insecure-" + "a" * 40}, "well-known default"),
        ({"secret_key": "django-insecure-" + "a" * 40}, "well-known default"),
        ({"secret_key": "x" * 39}, "shorter than 40 characters"),
        ({"allowed_hosts": []}, "ALLOWED_HOSTS is empty"),
        ({"database_url": None}, "DATABASE_URL is not set"),
        ({"database_url": {}}, "DATABASE_URL is not set"),
    ],
)
def test_guards_refuse_with_a_message_that_says_what_to_set(changes, message):
    with pytest.raises(ImproperlyConfigured) as excinfo:
        check(**changes)
    text = str(excinfo.value)
    assert message in text
    assert "Set" in text or "set DEBUG=0" in text


def test_guards_accept_a_key_of_exactly_the_minimum_length():
    check(secret_key="k" * guards.MIN_SECRET_KEY_LENGTH)


# --- components.py -----------------------------------------------------------


@pytest.fixture
def no_settings_env(monkeypatch):
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_databases_from_a_postgres_url(no_settings_env):
    no_settings_env.setenv("DATABASE_URL", "postgres://user:pw@db.internal:6543/cms")
    config = components.databases()["default"]
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "cms"
    assert config["USER"] == "user"
    assert config["PASSWORD"] == "pw"
    assert config["HOST"] == "db.internal"
    assert config["PORT"] == 6543
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_databases_conn_max_age_from_the_environment(no_settings_env):
    no_settings_env.setenv("DATABASE_URL", "postgres://u:p@h/db")
    no_settings_env.setenv("DATABASE_CONN_MAX_AGE", "0")
    assert components.databases()["default"]["CONN_MAX_AGE"] == 0
    no_settings_env.setenv("DATABASE_CONN_MAX_AGE", "forever")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_CONN_MAX_AGE"):
        components.databases()


def test_databases_bound_every_statement_on_postgresql(no_settings_env):
    no_settings_env.setenv("DATABASE_URL", "postgres://u:p@h/db")
    options = components.databases()["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=30000"
    no_settings_env.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "5000")
    options = components.databases()["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000"
    no_settings_env.setenv("DATABASE_STATEMENT_TIMEOUT_MS", "0")
    assert "options" not in components.databases()["default"]["OPTIONS"]
    for wrong in ("-1", "soon"):
        no_settings_env.setenv("DATABASE_STATEMENT_TIMEOUT_MS", wrong)
        with pytest.raises(ImproperlyConfigured, match="STATEMENT_TIMEOUT"):
            components.databases()


def test_statement_timeout_keeps_options_given_in_the_url(no_settings_env):
    no_settings_env.setenv(
        "DATABASE_URL", "postgres://u:p@h/db?options=-c%20search_path%3Dcms"
    )
    options = components.databases()["default"]["OPTIONS"]
    assert options["options"] == "-c search_path=cms -c statement_timeout=30000"


def test_databases_from_a_sqlite_url(no_settings_env, tmp_path):
    path = tmp_path / "cms.sqlite3"
    no_settings_env.setenv("DATABASE_URL", f"sqlite:///{path}")
    config = components.databases(default_sqlite_path=tmp_path / "ignored")["default"]
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(path)


def test_databases_embedded_default(no_settings_env, tmp_path):
    config = components.databases(default_sqlite_path=tmp_path / "db.sqlite3")
    assert config["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert config["default"]["NAME"] == str(tmp_path / "db.sqlite3")
    assert "journal_mode=WAL" in config["default"]["OPTIONS"]["init_command"]


def test_databases_empty_without_url_or_default(no_settings_env):
    assert components.databases() == {}
    no_settings_env.setenv("DATABASE_URL", "")
    assert components.databases() == {}


def test_caches_redis():
    caches = components.caches("redis://cache:6379/1", key_prefix="p")
    assert set(caches) == {"default", "ratelimit"}
    for alias in caches:
        assert caches[alias]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
        assert caches[alias]["LOCATION"] == "redis://cache:6379/1"
        assert caches[alias]["KEY_PREFIX"] == "p"
    assert caches["default"] is not caches["ratelimit"]
    import_string(caches["default"]["BACKEND"])


@pytest.mark.parametrize("redis_url", [None, ""])
def test_caches_local_memory_without_redis(redis_url):
    caches = components.caches(redis_url)
    for alias in ("default", "ratelimit"):
        assert (
            caches[alias]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
        )


@pytest.mark.parametrize("name", sorted(components.TASK_BACKENDS))
def test_tasks_backends_exist(name):
    config = components.tasks(name, "redis://r:6379/0")
    backend = config["default"]["BACKEND"]
    assert backend == components.TASK_BACKENDS[name]
    assert config["default"]["QUEUES"] == ["default"]
    import_string(backend)


def test_tasks_unknown_backend():
    with pytest.raises(ImproperlyConfigured) as excinfo:
        components.tasks("celery")
    assert "TASK_BACKEND='celery' is unknown" in str(excinfo.value)
    assert "database, immediate, rq" in str(excinfo.value)


@pytest.mark.parametrize("redis_url", [None, ""])
def test_tasks_rq_needs_redis(redis_url):
    with pytest.raises(ImproperlyConfigured, match="TASK_BACKEND=rq needs REDIS_URL"):
        components.tasks("rq", redis_url)


def test_rq_queues():
    assert components.rq_queues(None) == {}
    queues = components.rq_queues("redis://r:6379/2")
    assert queues["default"]["URL"] == "redis://r:6379/2"


def test_media_storage_filesystem(no_settings_env):
    storage = components.media_storage("filesystem")
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_media_storage_s3(no_settings_env):
    no_settings_env.setenv("AWS_STORAGE_BUCKET_NAME", "rathaus-media")
    no_settings_env.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    storage = components.media_storage("s3")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "rathaus-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert "region_name" not in options
    assert "custom_domain" not in options
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False
    import_string(storage["BACKEND"])


def test_media_storage_s3_needs_a_bucket(no_settings_env):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        components.media_storage("s3")


def test_media_storage_unknown(no_settings_env):
    with pytest.raises(ImproperlyConfigured, match="MEDIA_STORAGE='gcs' is unknown"):
        components.media_storage("gcs")


def test_search_backends_database(no_settings_env):
    backends = components.search_backends("database")
    assert backends["default"]["BACKEND"] == "wagtail.search.backends.database"


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_search_backends_search_servers(no_settings_env, name):
    no_settings_env.setenv("SEARCH_URL", "http://search:9200")
    backend = components.search_backends(name)["default"]
    assert backend["URLS"] == ["http://search:9200"]
    assert backend["INDEX_PREFIX"] == "rathaus_"
    # The module must exist (its client library is an optional install).
    assert importlib.util.find_spec(backend["BACKEND"]) is not None


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_search_backends_need_a_url(no_settings_env, name):
    with pytest.raises(ImproperlyConfigured, match=f"SEARCH_BACKEND={name} needs"):
        components.search_backends(name)


def test_search_backends_unknown(no_settings_env):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND='solr'"):
        components.search_backends("solr")
