"""Entry-point discovery, imported by settings: standard library only.

Settings run before Django is set up, so this module must never import
Django or any app. It only reads package metadata; it imports nothing.
"""

from importlib.metadata import entry_points

ENTRY_POINT_GROUP = "rathaus.modules"


def discover_entry_point_apps(installed_apps=()):
    """The app paths named by ``rathaus.modules`` entry points.

    Each entry point's value is an app module path (``rathaus_example_module``)
    or an AppConfig path, exactly what ``INSTALLED_APPS`` takes. Apps already
    in ``installed_apps`` are skipped, so a module may be both installed
    explicitly and advertised by an entry point. Sorted, so start-up order
    does not depend on the order packages were installed in.
    """
    installed = set(installed_apps)
    found = []
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        app = entry_point.value.strip()
        if app and app not in installed and app not in found:
            found.append(app)
    return sorted(found)
