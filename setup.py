"""Package discovery for the folder-to-namespace mapping in pyproject.toml.

``site/`` and ``graphql/`` cannot be top-level packages (``site`` is a
standard-library module, ``graphql`` is graphql-core's import name), so the
folders are installed as ``rathaus.site``, ``rathaus.modules`` and
``rathaus.graphql``. Setuptools cannot auto-discover packages under such a
mapping, so they are listed here.
"""

from setuptools import find_packages, setup

FOLDERS = {
    "rathaus.site": "site",
    "rathaus.modules": "modules",
    "rathaus.graphql": "graphql",
}

packages = []
for prefix, folder in FOLDERS.items():
    packages.append(prefix)
    packages += [f"{prefix}.{name}" for name in find_packages(folder)]

setup(packages=packages)
