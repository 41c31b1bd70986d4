from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rathaus.site.core"
    label = "core"
    verbose_name = _("Core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Content generations for the GraphQL response cache.
        from . import checks, signal_handlers  # noqa: F401

        signal_handlers.connect_content_models()
