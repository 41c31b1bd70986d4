from django import forms
from django.core.exceptions import ValidationError

from rathaus.site.module_platform import api


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


class ExampleModuleConfig(api.ModuleConfig):
    name = "rathaus_example_module"
    label = "rathaus_example_module"
    verbose_name = "Example"
    default_auto_field = "django.db.models.BigAutoField"

    identifier = "example"
    description = "Greets citizens; shows how to write a Rathaus module."
    version = "1.0.0"
    settings_form = ExampleSettings

    # Declarative slots: the core reads them from the registry.
    #: Public endpoints, mounted at the site root (``greetings/<slug>.txt``).
    public_urls = "rathaus_example_module.urls"
    #: ``POST /api/uploads/`` accepts ``purpose=example`` where it is enabled.
    upload_purposes = ("example",)
    #: The scheduler enqueues this django-tasks task every hour.
    periodic_tasks = ((3600, "rathaus_example_module.tasks.ensure_default_greetings"),)
    #: ``exampleGreeting`` shows greetings: editing one in the admin reaches
    #: cached answers at once.
    served_models = {"Greeting": "municipality"}
    #: Offline apps keep the greetings: ``changes`` sends them as
    #: ``exampleGreetings`` (new, changed, and their ids when deleted).
    synced_lists = (api.SyncedList("example_greetings"),)
    #: The municipality's module admins get these when the module is enabled.
    admin_permissions = api.model_permissions("greeting")

    def on_enable(self, municipality, activation):
        # Idempotent: enabling again must not duplicate the default row.
        from .services import ensure_default_greeting

        ensure_default_greeting(municipality, activation.settings["greeting"])

    def on_configure(self, municipality, activation, previous_settings):
        from .models import Greeting

        Greeting.objects.filter(municipality=municipality, is_default=True).update(
            text=activation.settings["greeting"]
        )
