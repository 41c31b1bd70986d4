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
def empty_caches():
    """Every test starts with empty caches (Redis in CI keeps data between runs)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
