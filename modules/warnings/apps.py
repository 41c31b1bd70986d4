from django import forms
from django.utils.translation import gettext_lazy as _

# apps.py runs before models load, and ``module_platform.api`` imports models,
# so the config base comes from its own (model-free) module.
from rathaus.site.module_platform import api

SEVERITY_THRESHOLD_CHOICES = [
    ("extreme", _("Extreme only")),
    ("severe", _("Severe and above")),
    ("moderate", _("Moderate and above")),
    ("minor", _("Every warning")),
    ("never", _("Never push official warnings")),
]
OFFICIAL_SOURCE_CHOICES = [
    ("mowas", _("MoWaS (federal warning system)")),
    ("dwd", _("German Weather Service (DWD)")),
    ("katwarn", "KATWARN"),
    ("biwapp", "BIWAPP"),
    ("lhp", _("Flood portal (LHP)")),
    ("police", _("Police")),
]


class WarningsSettings(forms.Form):
    """Per-municipality settings of the warnings module."""

    relay_min_severity = forms.ChoiceField(
        label=_("Push official warnings"),
        choices=SEVERITY_THRESHOLD_CHOICES,
        initial="severe",
        help_text=_(
            "Official warnings at or above this severity are pushed on the "
            "'warnings' topic at once, day and night, in every language the "
            "municipality offers."
        ),
    )
    relay_sources = forms.MultipleChoiceField(
        label=_("Sources to push"),
        choices=OFFICIAL_SOURCE_CHOICES,
        initial=[value for value, _label in OFFICIAL_SOURCE_CHOICES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Warnings of other sources are shown in the app but not pushed."),
    )
    machine_translate = forms.BooleanField(
        label=_("Machine-translate official warnings"),
        initial=True,
        required=False,
        help_text=_(
            "Translate warnings into the municipality's languages NINA does not "
            "offer, with the municipality's machine translation. Residents see "
            "that the text is machine-translated."
        ),
    )


class WarningsConfig(api.ModuleConfig):
    name = "rathaus.modules.warnings"
    # "warnings" would do as a label, but a distinct one keeps log lines and
    # table names from reading like the standard library's module.
    label = "rathaus_warnings"
    verbose_name = _("Warnings")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "warnings"
    description = _(
        "Official warnings (NINA: MoWaS, DWD, KATWARN, flood, police) relayed "
        "automatically, and the municipality's own notices."
    )
    version = "0.1.0"
    # Pushes go to the notifications module's core "warnings" topic; without
    # a push provider the relay is recorded as pending and retried.
    settings_form = WarningsSettings
    public_urls = "rathaus.modules.warnings.public.urls"
    synced_lists = (api.SyncedList("warnings"),)
    #: Poll NINA every two minutes (the research notes advise 1-5).
    periodic_tasks = ((120, "rathaus.modules.warnings.tasks.poll_all"),)

    #: Model permissions the municipality's module admins get on enable.
    admin_permissions = (
        "add_localnotice",
        "change_localnotice",
        "view_localnotice",
        "view_alert",
        "view_sourcestatus",
    )

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401  (connects the signal receivers)

    def load_demo(self, municipality):
        from .demo import load_demo_warnings

        load_demo_warnings(municipality)
