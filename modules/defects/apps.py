from django import forms

from rathaus.site.module_platform.config import ModuleConfig

#: Permissions the municipality's module admins get when the module is enabled.
MODULE_ADMIN_PERMISSIONS = [
    ("defects", "moderate_defectreport"),
    *(
        ("defects", f"{action}_{model}")
        for model in ("defectcategory", "externalrecipient", "bannedclient")
        for action in ("add", "change", "delete", "view")
    ),
]


class DefectSettings(forms.Form):
    """Per-municipality settings of the defect reporter."""

    contact_retention_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        initial=90,
        help_text="Days after closure when reporters' e-mail addresses and "
        "client hashes are deleted.",
    )
    notify_reporters = forms.BooleanField(
        required=False,
        initial=True,
        help_text="E-mail reporters who gave an address when the status changes.",
    )
    reports_per_hour = forms.IntegerField(min_value=1, max_value=1000, initial=5)
    reports_per_day = forms.IntegerField(min_value=1, max_value=10000, initial=20)
    forwarding_max_attempts = forms.IntegerField(min_value=1, max_value=50, initial=8)


class DefectsConfig(ModuleConfig):
    name = "rathaus.modules.defects"
    label = "defects"
    verbose_name = "Defect reporter"
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "defects"
    description = "Citizens report defects with photo and position (Open311)."
    version = "0.1.0"
    periodic_commands = (
        # Retry forwardings, anonymise closed reports, prune uploads and keys.
        (300, "defects_maintenance"),
    )
    settings_form = DefectSettings

    def on_enable(self, municipality, activation):
        from rathaus.site.municipalities.models import MunicipalityRole
        from rathaus.site.municipalities.permissions import (
            grant_global_permissions,
        )

        for role in MunicipalityRole.objects.filter(
            municipality=municipality, role=MunicipalityRole.Role.MODULE_ADMINS
        ).select_related("group"):
            grant_global_permissions(role.group, MODULE_ADMIN_PERMISSIONS)

    def load_demo(self, municipality):
        from .demo import load_demo_defects

        load_demo_defects(municipality)
