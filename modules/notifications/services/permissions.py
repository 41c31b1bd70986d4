"""Who may write, translate and send push messages in a municipality."""

from django.contrib.auth.models import Permission

from rathaus.site.module_platform import api

WRITERS = ("add", "change", "delete", "view", "publish", "lock", "unlock", "send")
TRANSLATORS = ("change", "view")


def _permissions(actions):
    return Permission.objects.filter(
        content_type__app_label="notifications",
        codename__in=[f"{action}_announcement" for action in actions],
    )


def grant_module_permissions(municipality):
    """Editors and module admins write and send; translators translate (their
    work goes live only through the locale's review workflow). Idempotent."""
    Role = api.MunicipalityRole.Role
    grants = {
        Role.EDITORS: WRITERS,
        Role.MODULE_ADMINS: WRITERS,
        Role.TRANSLATORS: TRANSLATORS,
    }
    for membership in api.MunicipalityRole.objects.filter(
        municipality=municipality, role__in=list(grants)
    ).select_related("group"):
        membership.group.permissions.add(*_permissions(grants[membership.role]))
