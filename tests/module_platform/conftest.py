import pytest
from django.apps import AppConfig, apps

from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_user

TEST_MODULE_APPS = [
    "tests.module_platform.testapps.base_module",
    "tests.module_platform.testapps.dependent_module",
    "tests.module_platform.testapps.restricted_module",
]


@pytest.fixture
def extra_modules():
    """Three model-less modules as installed apps: base, dependent (requires
    base) and restricted (platform admins only).

    ``override_settings(INSTALLED_APPS=...)`` re-runs every app's ``ready()``,
    which Wagtail's redirects app does not survive, so the configs are added
    to the app registry directly, as ``apps.populate`` would.
    """
    added = []
    for app_name in TEST_MODULE_APPS:
        config = AppConfig.create(app_name)
        config.apps = apps
        config.models = {}
        apps.app_configs[config.label] = config
        added.append(config.label)
    apps.clear_cache()
    yield
    for label in added:
        del apps.app_configs[label]
    apps.clear_cache()


@pytest.fixture
def module_admin_a(municipality_a):
    return make_user(
        "module-admin-a",
        municipality=municipality_a,
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )


@pytest.fixture
def module_admin_b(municipality_b):
    return make_user(
        "module-admin-b",
        municipality=municipality_b,
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )
