"""Settings shared by every environment. Environments override what differs."""

import os
from datetime import timedelta
from pathlib import Path

from rathaus.site.module_platform.discovery import discover_entry_point_apps

from .languages import CONTENT_LANGUAGES

# The checkout or install root: manage.py lives here in a checkout.
BASE_DIR = Path(__file__).resolve().parents[2]
PACKAGE_DIR = Path(__file__).resolve().parents[1]

INSTALLED_APPS = [
    # Rathaus
    "rathaus.site.core",
    "rathaus.site.municipalities",
    "rathaus.site.content",
    "rathaus.site.module_platform",
    "rathaus.site.translation",
    "rathaus.site.demo",
    # Feature modules bundled with Rathaus
    "rathaus.modules.defects",
    "rathaus.modules.housing",
    "rathaus.modules.jobs",
    "rathaus.modules.warnings",
    "rathaus.modules.notifications",
    "rathaus.modules.waste",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail_headless_preview",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # API, maps, background work
    "graphene_django",
    "leaflet",
    "django_tasks",
    "django_tasks_db",
    # Security: login throttling, Content-Security-Policy
    "axes",
    "csp",
    # Django. django.contrib.admin stays out: with it, django-leaflet imports
    # GDAL at start-up (see DESIGN.md).
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
INSTALLED_APPS += discover_entry_point_apps(INSTALLED_APPS)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "rathaus.site.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "rathaus.site.municipalities.middleware.AdminBoundaryMiddleware",
    # Last, as django-axes asks: it turns a lockout into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rathaus.site.urls"

# Apps written before uploads named their purpose sent none: such uploads are
# for the defect reporter.
RATHAUS_DEFAULT_UPLOAD_PURPOSE = "defects"
WSGI_APPLICATION = "rathaus.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Internationalisation: German is the source language of municipal content.
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# The German names of the content languages (see languages.py).
LOCALE_PATHS = [PACKAGE_DIR / "settings" / "locale"]
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    (language.code, language.name) for language in CONTENT_LANGUAGES
]
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# Static files and media
STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "Rathaus"
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Approving a review publishes without the approver's publish permission:
# reviewers approve translations but cannot publish them directly.
WAGTAIL_FINISH_WORKFLOW_ACTION = "rathaus.site.translation.workflows.publish_approved"

# wagtail-localize: a new translation starts as a draft. Locale
# synchronisation is global in wagtail-localize, so Rathaus never uses it:
# each municipality has its own language set.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_LOCALIZE_DEFAULT_TRANSLATION_MODE = "synced"
# One router for wagtail-localize: it picks DeepL, LibreTranslate or the offline
# translator per municipality and locale and enforces their word budgets.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "rathaus.site.translation.machine.RathausMachineTranslator",
    "OPTIONS": {
        "DEEPL_AUTH_KEY": os.environ.get("DEEPL_AUTH_KEY"),
        "LIBRETRANSLATE_URL": os.environ.get("LIBRETRANSLATE_URL"),
        "LIBRETRANSLATE_API_KEY": os.environ.get("LIBRETRANSLATE_API_KEY"),
    },
}

# Headless preview: the frontend of each municipality, by hostname.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": {"default": "http://localhost:3000/preview"},
    "SERVE_BASE_URL": None,
    "REDIRECT_ON_PREVIEW": False,
    "ENFORCE_TRAILING_SLASH": True,
}

# GraphQL
GRAPHENE = {
    # The committed contract (core and bundled modules); /graphql/ serves
    # rathaus.graphql.schema.schema, which adds installed third-party modules.
    "SCHEMA": "rathaus.graphql.schema.contract_schema",
    "SCHEMA_OUTPUT": "frontend_contract/schema.graphql",
    "SCHEMA_INDENT": 2,
    "ATOMIC_MUTATIONS": True,
}

# Maps: OpenStreetMap tiles by default; operators may point TILES at their own.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (51.1657, 10.4515),
    "DEFAULT_ZOOM": 6,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    "DEFAULT_PRECISION": 6,
    "TILES": [
        (
            "OpenStreetMap",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            {"attribution": "&copy; OpenStreetMap contributors", "maxZoom": 19},
        )
    ],
    "RESET_VIEW": False,
}

# The NINA warning API the warnings module polls (a mirror or a test server).
RATHAUS_NINA_BASE_URL = os.environ.get("NINA_BASE_URL", "")

# Address search on the admin's map panel (rathaus.site.core.geocoding).
# "provider": "nominatim" (GET /search, jsonv2) or "photon" (GET /api,
# GeoJSON); None turns the search off (the default: tests and the demo never
# reach the network) and the map works without it. "url": the server's base
# URL, e.g. https://nominatim.openstreetmap.org or a Photon of your own.
# "user_agent": names the installation and a contact, as Nominatim's usage
# policy requires. "timeout": seconds. Optional: "requests_per_second" to the
# server across all web processes (default 1, the public Nominatim's limit;
# answers are cached for a day) and "user_rules", the searches one admin user
# may make as (limit, seconds) pairs (default ((30, 60), (500, 86400))).
RATHAUS_GEOCODER = {
    "provider": os.environ.get("GEOCODER_PROVIDER") or None,
    "url": os.environ.get("GEOCODER_URL", ""),
    "user_agent": os.environ.get("GEOCODER_USER_AGENT", ""),
    "timeout": 5,
}

# Background work (django-tasks): environments choose the backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"rathaus": {"level": "INFO", "propagate": True}},
}

# Security (README, "Security"). Admin sign-in: django-axes locks out an
# account and, separately, a client after AXES_FAILURE_LIMIT failed attempts
# for AXES_COOLOFF_TIME; the answer (HTTP 429) states the wait in German.
AUTHENTICATION_BACKENDS = [
    "rathaus.site.core.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "rathaus.site.core.security.lockout_response"
# The client's address as the rate limits see it: REMOTE_ADDR, or behind
# RATHAUS_TRUSTED_PROXY_COUNT proxies the address the outermost one saw.
AXES_CLIENT_IP_CALLABLE = "rathaus.site.core.ratelimit.client_ip"
AXES_VERBOSE = False

# Content-Security-Policy (django-csp). The admin loads only its own scripts;
# Wagtail's admin sets style attributes from its scripts (e.g. the sidebar
# and the editor's toolbars), so styles allow 'unsafe-inline'. Map tiles and
# embed previews come from outside. Answers that are not HTML (the API, files)
# get RATHAUS_API_CONTENT_SECURITY_POLICY, which allows nothing. (The source
# keywords are csp.constants' values, written out so that settings import
# nothing but the standard library.)
SELF, NONE, UNSAFE_INLINE = "'self'", "'none'", "'unsafe-inline'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF, "https:", "http://localhost:3000"],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# No staff e-mail hashes to Gravatar and no calls to Wagtail's release feed
# from the admin (privacy; both would also need the policy to allow them).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
RATHAUS_API_CONTENT_SECURITY_POLICY = {
    "default-src": [NONE],
    "frame-ancestors": [NONE],
    "base-uri": [NONE],
    "form-action": [NONE],
}
