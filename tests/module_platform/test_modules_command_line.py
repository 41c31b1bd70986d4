"""``manage.py modules ... --set KEY=VALUE`` through the real command line.

``call_command`` skips Django's top-level parser, where ``--settings`` lives;
only ``ManagementUtility`` shows a clash between the two options.
"""

import pytest
from django.core.management import ManagementUtility

from rathaus.site.module_platform import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def manage(monkeypatch, capsys):
    # The command closes every connection when it ends; the test's
    # transaction must survive it.
    monkeypatch.setattr(
        "django.core.management.base.connections.close_all", lambda: None
    )

    def run(*args):
        ManagementUtility(["manage.py", "modules", *args]).execute()
        return capsys.readouterr().out

    return run


def test_enable_and_configure_take_set_on_the_command_line(manage, municipality_a):
    slug = municipality_a.slug
    out = manage("enable", "example", "--municipality", slug, "--set", "greeting=Moin")
    assert f"Enabled example for {slug}." in out
    out = manage(
        "configure",
        "example",
        "--municipality",
        slug,
        "--set",
        "repeat=3",
        "--set",
        "shout=true",
    )
    assert f"Configured example for {slug}." in out
    assert services.get_settings(municipality_a, "example") == {
        "greeting": "Moin",
        "repeat": 3,
        "shout": True,
    }


def test_settings_option_keeps_its_django_meaning(manage, municipality_a):
    """--settings still names the settings module, --set a module setting."""
    slug = municipality_a.slug
    manage(
        "--settings",
        "rathaus.site.settings.test",
        "enable",
        "example",
        "--municipality",
        slug,
        "--set",
        "repeat=2",
    )
    assert services.get_settings(municipality_a, "example")["repeat"] == 2
