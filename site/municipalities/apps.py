from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "rathaus.site.municipalities"
    label = "municipalities"
    verbose_name = _("Municipalities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import csp_widgets, filters, signal_handlers  # noqa: F401

        filters.install()
        csp_widgets.install()
