"""Admin forms of the jobs module."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


class ConnectorForm(WagtailAdminModelForm):
    """The API key is write-only: never rendered, kept when left blank."""

    api_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        label=_("API key"),
        help_text=_("Sent as X-API-Key. Leave blank to keep the stored key."),
    )

    def clean_api_key(self):
        value = self.cleaned_data.get("api_key")
        if not value and self.instance.pk:
            return self.instance.api_key
        return value
