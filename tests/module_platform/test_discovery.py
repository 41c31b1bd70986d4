import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from rathaus.site.module_platform import discovery, registry
from rathaus.site.module_platform.config import ModuleConfig
from rathaus.site.module_platform.registry import get_module, module_source

ROOT = Path(__file__).resolve().parents[2]


def test_example_module_arrives_only_through_its_entry_point():
    assert "rathaus_example_module" in discovery.discover_entry_point_apps()
    assert "rathaus_example_module" in settings.INSTALLED_APPS
    # Core settings never name it: pip install alone brings it in.
    assert "rathaus_example_module" not in (ROOT / "site/settings/base.py").read_text()


def test_example_module_is_a_module_from_an_entry_point():
    module = get_module("example")
    assert isinstance(module, ModuleConfig)
    assert module is apps.get_app_config("rathaus_example_module")
    assert module.version == "1.0.0"
    assert module_source(module) == registry.SOURCE_ENTRY_POINT


def test_installed_apps_with_module_configs_are_modules(extra_modules):
    identifiers = [module.identifier for module in registry.all_modules()]
    assert identifiers == sorted(identifiers)
    assert {"base", "dependent", "restricted", "example"} <= set(identifiers)
    assert module_source(get_module("base")) == registry.SOURCE_INSTALLED_APP
    # Apps that are not modules are not listed.
    assert "municipalities" not in identifiers


def test_unknown_module():
    with pytest.raises(registry.UnknownModule) as caught:
        get_module("nope")
    assert "module" in caught.value.message_dict


def test_discovery_skips_installed_and_duplicate_apps(monkeypatch):
    fake = [
        SimpleNamespace(value="zeta_module"),
        SimpleNamespace(value="alpha_module"),
        SimpleNamespace(value="alpha_module"),
        SimpleNamespace(value="already.installed"),
    ]
    monkeypatch.setattr(discovery, "entry_points", lambda group: fake)
    assert discovery.discover_entry_point_apps(["already.installed"]) == [
        "alpha_module",
        "zeta_module",
    ]


def test_discovery_imports_no_django():
    code = (
        "import sys; "
        "from rathaus.site.module_platform.discovery import "
        "discover_entry_point_apps as d; "
        "apps = d(); "
        "assert 'rathaus_example_module' in apps, apps; "
        "assert not any(m == 'django' or m.startswith('django.') "
        "for m in sys.modules), 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_system_checks_report_bad_metadata(monkeypatch, extra_modules):
    base, dependent = get_module("base"), get_module("dependent")
    twin = SimpleNamespace(identifier="base", name="twin", requires=("ghost",))
    monkeypatch.setattr(registry, "all_modules", lambda: [base, dependent, twin])
    ids = {error.id for error in registry.check_modules()}
    assert ids == {"module_platform.E001", "module_platform.E002"}

    one = SimpleNamespace(identifier="one", name="one", requires=("two",))
    two = SimpleNamespace(identifier="two", name="two", requires=("one",))
    monkeypatch.setattr(registry, "all_modules", lambda: [one, two])
    assert [error.id for error in registry.check_modules()] == ["module_platform.E003"]


def test_installed_modules_pass_the_checks(extra_modules):
    assert registry.check_modules() == []


# manage.py modules list ------------------------------------------------------


def run_command(*args):
    from io import StringIO

    out = StringIO()
    call_command("modules", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_modules_list(extra_modules):
    lines = run_command("list").splitlines()
    assert lines[0].split() == ["IDENTIFIER", "NAME", "VERSION", "REQUIRES", "SOURCE"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert list(rows) == sorted(rows)
    assert rows["example"].split() == [
        "example",
        "Example",
        "1.0.0",
        "-",
        "entry",
        "point",
    ]
    assert rows["dependent"].split()[3] == "base"
    assert rows["base"].split()[2:] == ["2.1.0", "-", "installed", "app"]


@pytest.mark.django_db
def test_modules_list_for_a_municipality(municipality_a, municipality_b):
    run_command("enable", "example", "--municipality", municipality_a.slug)

    def enabled_column(slug):
        lines = run_command("list", "--municipality", slug).splitlines()
        assert lines[0].split()[-1] == "ENABLED"
        return {line.split()[0]: line.split()[-1] for line in lines[1:]}

    assert enabled_column(municipality_a.slug)["example"] == "yes"
    assert enabled_column(municipality_b.slug)["example"] == "no"


@pytest.mark.django_db
def test_modules_enable_configure_disable(municipality_a):
    from rathaus.site.module_platform import services

    out = run_command(
        "enable",
        "example",
        "--municipality",
        municipality_a.slug,
        "--set",
        "greeting=Servus",
        "--set",
        "repeat=2",
    )
    assert "Enabled example" in out
    assert services.get_settings(municipality_a, "example") == {
        "greeting": "Servus",
        "repeat": 2,
        "shout": False,
    }
    run_command(
        "configure",
        "example",
        "--municipality",
        municipality_a.slug,
        "--set",
        "shout=true",
    )
    assert services.get_settings(municipality_a, "example")["shout"] is True
    run_command("disable", "example", "--municipality", municipality_a.slug)
    assert not services.is_enabled(municipality_a, "example")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("enable", "nope", "--municipality", "stadt-a"), "no module 'nope'"),
        (("enable", "example", "--municipality", "nowhere"), "no municipality"),
        (
            ("enable", "example", "--municipality", "stadt-a", "--set", "repeat=9"),
            "repeat:",
        ),
        (("enable", "example", "--municipality", "stadt-a", "--set", "x"), "KEY=VALUE"),
        (("enable", "example", "--municipality", "stadt-a", "--json", "[1]"), "object"),
        (("configure", "example", "--municipality", "stadt-a"), "at least one"),
        (
            ("configure", "example", "--municipality", "stadt-a", "--set", "repeat=2"),
            "not enabled",
        ),
    ],
)
def test_modules_command_errors(municipality_a, args, message):
    with pytest.raises(CommandError, match=message):
        run_command(*args)


def test_modules_command_exits_non_zero_on_bad_input():
    result = subprocess.run(
        [sys.executable, "manage.py", "modules", "frobnicate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "rathaus.site.settings.test",
        },
    )
    assert result.returncode != 0
    assert "invalid choice" in result.stderr
