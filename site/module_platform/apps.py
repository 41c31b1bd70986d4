from django.apps import AppConfig


class ModulePlatformConfig(AppConfig):
    name = "rathaus.site.module_platform"
    label = "module_platform"
    verbose_name = "Module platform"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the system checks for module metadata.
        from . import registry  # noqa: F401
