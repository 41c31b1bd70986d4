from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModulePlatformConfig(AppConfig):
    name = "rathaus.site.module_platform"
    label = "module_platform"
    verbose_name = _("Module platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the system checks for module metadata.
        from . import (
            registry,  # noqa: F401
            served,
        )

        # Cached answers follow the rows modules serve (served_models).
        served.connect()
