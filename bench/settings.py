"""Benchmark settings: production settings plus Wagtail's REST API v2,
wagtail-grapple and the floor view, mounted only here (bench/urls.py). Never
used in production; grapple is the ``bench`` extra (pyproject.toml)."""

from rathaus.site.settings.production import *  # noqa: F401,F403
from rathaus.site.settings.production import INSTALLED_APPS

INSTALLED_APPS = [
    *INSTALLED_APPS,
    "rest_framework",
    "wagtail.api.v2",
    # Before grapple: its ready() gives the page models their graphql_fields,
    # which grapple's ready() turns into types (bench/grapple_app/fields.py).
    "bench.grapple_app",
    "grapple",
]
ROOT_URLCONF = "bench.urls"
# Loopback benchmark: no HTTPS redirect, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# API v2 returns the whole tree in one response, like PageTree.
WAGTAILAPI_LIMIT_MAX = 5000
WAGTAILAPI_BASE_URL = "http://127.0.0.1"
# grapple: types for the content app's models only; like API v2, up to 5,000
# pages in one answer (grapple's default maximum is 100).
GRAPPLE = {
    "APPS": ["content"],
    "MAX_PAGE_SIZE": 5000,
}
