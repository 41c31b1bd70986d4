import importlib

import pytest

from .factories import make_municipality, make_user


@pytest.fixture
def municipality_a(db):
    return make_municipality(slug="stadt-a", name="Stadt A", hostname="a.localhost")


@pytest.fixture
def municipality_b(db):
    return make_municipality(slug="stadt-b", name="Stadt B", hostname="b.localhost")


@pytest.fixture
def editor_a(municipality_a):
    return make_user("editor-a", municipality=municipality_a)


@pytest.fixture
def superuser(db):
    return make_user("platform-admin", is_superuser=True, is_staff=True)


@pytest.fixture(autouse=True)
def push_fans_out_at_once(request, monkeypatch):
    """Push messages are handed to the fan-out task when their transaction
    commits. A test's transaction never commits, so here the hand-over runs
    at once, as it does outside a transaction; tests marked ``real_commit``
    keep the wait (and check it)."""
    if request.node.get_closest_marker("real_commit"):
        return
    from rathaus.modules.notifications.services import sending

    monkeypatch.setattr(sending, "after_commit", lambda callback: callback())


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """For tests that call Django's real WSGI handler (schemathesis): it
    closes the connection around each request, as in production, which inside
    the test's transaction would close it for good on PostgreSQL. Django's
    own test client disconnects the same receivers."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches (Redis in CI keeps data between runs)."""
    from tests.caches import forget_everything_cached

    forget_everything_cached()
    yield


def ensure_wagtail_base_data():
    """What Wagtail's data migrations create: the page tree root, the root
    collection, the default locale and the "submit translations" permission.

    A transactional test ends with a flush of every table. Django then
    re-creates content types and model permissions, but not what data
    migrations made, so the next transactional test restores it here.
    """
    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", draft_title="Root"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    submit_translation = importlib.import_module(
        "wagtail_localize.migrations.0006_create_submit_translation_permission"
    )
    submit_translation.create_submit_translation_permission(apps, None)


@pytest.fixture(autouse=True)
def wagtail_base_data_for_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    ensure_wagtail_base_data()
