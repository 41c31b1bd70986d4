import pytest


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    """load_demo refuses to run with DEBUG off (see test_refused_in_production)."""
    settings.DEBUG = True
