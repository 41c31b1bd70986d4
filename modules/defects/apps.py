from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api


class DefectSettings(forms.Form):
    """Per-municipality settings of the defect reporter."""

    contact_retention_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        initial=90,
        label=_("Keep contact data (days)"),
        help_text=_(
            "Days after closure when reporters' e-mail addresses and "
            "client hashes are deleted."
        ),
    )
    notify_reporters = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Notify reporters"),
        help_text=_("E-mail reporters who gave an address when the status changes."),
    )
    reports_per_hour = forms.IntegerField(
        label=_("Reports per hour"), min_value=1, max_value=1000, initial=5
    )
    reports_per_day = forms.IntegerField(
        label=_("Reports per day"), min_value=1, max_value=10000, initial=20
    )
    forwarding_max_attempts = forms.IntegerField(
        label=_("Forwarding attempts"), min_value=1, max_value=50, initial=8
    )


class DefectsConfig(api.ModuleConfig):
    name = "rathaus.modules.defects"
    label = "defects"
    verbose_name = _("Defect reporter")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "defects"
    description = _("Citizens report defects with photo and position (Open311).")
    version = "0.1.0"
    settings_form = DefectSettings
    public_urls = "rathaus.modules.defects.urls"
    synced_lists = (api.SyncedList("defect_categories", key="code"),)
    # What the public answers show of the admin's data: an edited category
    # reaches cached answers at once (reports follow their services).
    served_models = {"DefectCategory": "municipality", "CategoryAttribute": "category"}
    upload_purposes = ("defects",)
    periodic_tasks = (
        (300, "rathaus.modules.defects.tasks.retry_due_forwardings_task"),
        (3600, "rathaus.modules.defects.tasks.anonymise_closed_reports_task"),
    )
    admin_permissions = (
        "moderate_defectreport",
        *api.model_permissions("defectcategory", "externalrecipient", "bannedclient"),
    )

    def load_demo(self, municipality):
        from .demo import load_demo_defects

        load_demo_defects(municipality)
