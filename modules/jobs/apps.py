from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

OFFER_KIND_CHOICES = [
    ("job", _("Jobs")),
    ("training", _("Training places (Ausbildung)")),
    ("internship", _("Internships")),
    ("self_employment", _("Self-employment")),
]
CONNECTOR_KIND_CHOICES = [
    ("jobsearch", _("Federal Employment Agency job search API")),
    ("feed", _("Feeds of chambers and employers")),
]


class JobsSettings(forms.Form):
    """Per-municipality settings of the jobs module."""

    enabled_connector_kinds = forms.MultipleChoiceField(
        label=_("Connector kinds"),
        choices=CONNECTOR_KIND_CHOICES,
        required=False,
        initial=["jobsearch", "feed"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Which kinds of connectors import offers. Manual entries "
            "by staff are always possible."
        ),
    )
    import_kinds = forms.MultipleChoiceField(
        label=_("Offer kinds to import"),
        choices=OFFER_KIND_CHOICES,
        initial=[value for value, _label in OFFER_KIND_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which kinds of offers imports keep."),
    )
    default_search_radius_km = forms.IntegerField(
        label=_("Default search radius (km)"),
        min_value=1,
        max_value=200,
        initial=25,
        help_text=_(
            "Search radius (km) when an app searches near a position "
            "without giving one."
        ),
    )
    import_interval_hours = forms.IntegerField(
        label=_("Import interval (hours)"),
        min_value=1,
        max_value=168,
        initial=6,
        help_text=_("How often scheduled imports run for each connector."),
    )


class JobsConfig(api.ModuleConfig):
    name = "rathaus.modules.jobs"
    label = "jobs"
    verbose_name = _("Jobs and training places")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "jobs"
    description = _("Jobs, training places and internships from feeds and staff.")
    version = "0.2.0"
    settings_form = JobsSettings
    periodic_tasks = ((900, "rathaus.modules.jobs.tasks.import_due_connectors"),)
    admin_permissions = api.model_permissions("joboffer", "connector")
    # Imports write in bulk and call content_changed themselves.
    served_models = {"JobOffer": "municipality"}

    def load_demo(self, municipality):
        from .demo import load_demo_jobs

        load_demo_jobs(municipality)
