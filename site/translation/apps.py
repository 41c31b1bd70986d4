from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "rathaus.site.translation"
    label = "translation"
    verbose_name = _("Translation workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import review, signal_handlers

        signal_handlers.connect()
        review.disable_locale_synchronisation()
