from django import forms
from django.core.exceptions import ValidationError

from rathaus.site.module_platform.config import ModuleConfig


class ExampleSettings(forms.Form):
    """The per-municipality settings: typed fields, defaults via ``initial``."""

    greeting = forms.CharField(
        max_length=100,
        initial="Hallo",
        help_text="How the app greets citizens.",
    )
    repeat = forms.IntegerField(
        min_value=1,
        max_value=5,
        initial=1,
        help_text="How often the greeting is repeated (1 to 5).",
    )
    shout = forms.BooleanField(required=False, initial=False)

    def clean_greeting(self):
        greeting = self.cleaned_data["greeting"].strip()
        if "<" in greeting or ">" in greeting:
            raise ValidationError("The greeting may not contain markup.")
        return greeting


class ExampleModuleConfig(ModuleConfig):
    name = "rathaus_example_module"
    label = "rathaus_example_module"
    verbose_name = "Example"
    default_auto_field = "django.db.models.BigAutoField"

    identifier = "example"
    description = "Greets citizens; shows how to write a Rathaus module."
    version = "1.0.0"
    settings_form = ExampleSettings

    def on_enable(self, municipality, activation):
        # Idempotent: enabling again must not duplicate the default row.
        from .models import Greeting

        Greeting.objects.get_or_create(
            municipality=municipality,
            is_default=True,
            defaults={"text": activation.settings["greeting"]},
        )

    def on_configure(self, municipality, activation, previous_settings):
        from .models import Greeting

        Greeting.objects.filter(municipality=municipality, is_default=True).update(
            text=activation.settings["greeting"]
        )
