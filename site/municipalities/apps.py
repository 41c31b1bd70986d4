from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    name = "rathaus.site.municipalities"
    label = "municipalities"
    verbose_name = "Municipalities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers  # noqa: F401
