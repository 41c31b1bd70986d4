"""What enabling and configuring the module does in a municipality."""

from django.utils import timezone

from rathaus.site.module_platform import api

from . import shifts

#: Model permissions the municipality's module admins get on enable.
MODULE_ADMIN_PERMISSIONS = [
    ("waste", f"{action}_{model}")
    for model in (
        "fraction",
        "collectiondistrict",
        "street",
        "streetassignment",
        "collectiondate",
        "holidayshift",
        "bulkyitem",
        "bulkywasterecipient",
        "importsource",
    )
    for action in ("add", "change", "delete", "view")
] + [
    ("waste", "view_bulkywasterequest"),
    ("waste", "change_bulkywasterequest"),
    ("waste", "view_importrun"),
]

SHIFT_SETTINGS = ("holiday_shift_rule", "state")


def _years():
    year = timezone.localdate().year
    return [year, year + 1]


def enable(municipality, settings):
    """Grant module admins their permissions; generate this and next year's
    holiday shifts (both idempotent)."""
    for role in api.MunicipalityRole.objects.filter(
        municipality=municipality, role=api.MunicipalityRole.Role.MODULE_ADMINS
    ).select_related("group"):
        api.grant_global_permissions(role.group, MODULE_ADMIN_PERMISSIONS)
    shifts.generate_shifts(municipality, _years(), settings=settings)


def configure(municipality, previous, current):
    """A new shift rule or state regenerates the generated shifts."""
    if any(previous.get(name) != current.get(name) for name in SHIFT_SETTINGS):
        shifts.generate_shifts(municipality, _years(), settings=current)
