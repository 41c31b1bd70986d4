"""The distribution: built as a wheel and imported from a plain install,
without the checkout.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile

import pytest

from .docker_environment import (
    GOOD_PRODUCTION_ENV,
    REPO,
    base_env,
)

# Subprocesses with an environment of their own: the same on every backend.
pytestmark = pytest.mark.backend_independent

# --- the distribution --------------------------------------------------------


def pip(command, *args):
    """Run pip offline, without dependencies; fail with its output."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", command, "--no-deps", "--no-index", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The project built once as a wheel, from a copy of the sources (the
    build must not write into the checkout)."""
    for requirement in ("setuptools", "wheel"):
        if importlib.util.find_spec(requirement) is None:
            pytest.skip(f"{requirement} is not installed; cannot build offline")
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    for folder in ("site", "graphql", "modules"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    pip("wheel", "--no-build-isolation", "--wheel-dir", str(out), str(source))
    [built] = out.glob("rathaus-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory):
    """The wheel installed as a normal (non-editable) package into a folder."""
    target = tmp_path_factory.mktemp("target")
    pip("install", "--target", str(target), str(wheel))
    return target


def test_wheel_contains_every_package_with_templates_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in (
        ("site", "rathaus/site"),
        ("graphql", "rathaus/graphql"),
        ("modules", "rathaus/modules"),
    ):
        sources = {
            path.relative_to(REPO / folder).as_posix()
            for path in (REPO / folder).rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix in (".py", ".html", ".txt", ".json", ".graphql")
        }
        missing = {f"{package}/{name}" for name in sources} - names
        assert not missing, f"not in the wheel: {sorted(missing)}"
    assert "rathaus/site/settings/production.py" in names
    assert "rathaus/site/wsgi.py" in names
    assert any(re.match(r"rathaus/site/\w+/migrations/0001_", n) for n in names)
    assert any("/templates/" in name for name in names)
    # No stray top-level packages: "site" or "graphql" would shadow the
    # standard library and graphql-core.
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"rathaus", wheel.name.split("-py3")[0] + ".dist-info"}


def test_installed_wheel_imports_without_the_checkout(installed, tmp_path):
    """Import from the plain install, isolated from the editable checkout:
    -S leaves site-packages (and the editable finder) out."""
    packages = f"""
        import sys
        sys.path.insert(0, {str(installed)!r})
        import rathaus.site, rathaus.graphql, rathaus.modules
    """
    # "import graphql" must fail here (no site-packages), proving it is not
    # satisfied by the project's own graphql folder.
    result = subprocess.run(
        [sys.executable, "-S", "-c", textwrap.dedent(packages) + "import graphql\n"],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "No module named 'graphql'" in result.stderr, result.stderr

    # The settings name the content languages lazily in the staff's language
    # (django.utils.translation), so they need the dependencies: site-packages
    # goes on the path after the install, without its .pth files, so the
    # editable finder stays out.
    site_packages = sysconfig.get_paths()["purelib"]
    code = f"""
        sys.path.append({site_packages!r})
        import rathaus.site.settings.base as base
        for module in (base, rathaus.site, rathaus.modules):
            assert module.__file__.startswith({str(installed)!r}), module.__file__
        assert list(rathaus.graphql.__path__)[0].startswith({str(installed)!r})
        assert not [name for name in sys.modules if "__editable__" in name]
        assert not [f for f in sys.meta_path if "__editable__" in f.__module__]
        assert "rathaus.site.core" in base.INSTALLED_APPS
        print("ok")
    """
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            textwrap.dedent(packages) + textwrap.dedent(code),
        ],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_installed_wheel_runs_django_with_its_own_templates_and_migrations(
    installed, tmp_path
):
    code = f"""
        import sys
        sys.path.insert(0, {str(installed)!r})
        import django
        django.setup()
        from django.apps import apps
        from django.db.migrations.loader import MigrationLoader
        from django.template.loader import get_template
        import rathaus.graphql.schema
        root = {str(installed)!r}
        assert apps.get_app_config("municipalities").path.startswith(root)
        assert rathaus.graphql.schema.__file__.startswith(root)
        template = get_template("content/blocks/heading.html")
        assert template.origin.name.startswith(root), template.origin.name
        loader = MigrationLoader(None, ignore_no_migrations=True)
        assert ("municipalities", "0001_initial") in loader.disk_migrations
        path = sys.modules[
            loader.disk_migrations[("municipalities", "0001_initial")].__module__
        ].__file__
        assert path.startswith(root), path
        print("ok")
    """
    environment = base_env(
        **GOOD_PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
