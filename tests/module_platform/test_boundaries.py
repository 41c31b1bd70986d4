"""The platform never names a bundled module, and no file is too long."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ("defects", "housing", "jobs", "notifications", "warnings", "waste")
#: Settings list the installed apps; the demo loads every module's data.
ALLOWED = ("site/settings/", "site/demo/")
MAX_LINES = 700


def python_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, path


def test_site_and_graphql_name_no_bundled_module():
    pattern = re.compile(r"rathaus\.modules\.(" + "|".join(BUNDLED) + r")\b")
    offenders = [
        f"{relative}:{number}"
        for relative, path in python_files("site", "graphql")
        if not relative.startswith(ALLOWED)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_bundled_modules_import_the_platform_only_through_api():
    pattern = re.compile(
        r"^\s*(from|import)\s+rathaus\.(site|graphql)(?!\.module_platform import api\b)"
    )
    offenders = [
        f"{relative}:{number}"
        for relative, path in python_files("modules")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_no_python_file_is_longer_than_700_lines():
    long_files = {
        relative: count
        for relative, path in python_files("site", "graphql", "modules")
        if not relative.startswith("site/demo/")
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long_files == {}
