from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "rathaus.site.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Content generations for the GraphQL response cache.
        from . import signal_handlers  # noqa: F401
