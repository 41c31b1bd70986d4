"""The notifications module: the city's push channel to residents' devices."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api


class NotificationSettings(forms.Form):
    """Per-municipality settings of push notifications."""

    quiet_hours_start = forms.TimeField(
        required=False,
        initial="22:00",
        label=_("Quiet hours start"),
        help_text=_(
            "From this time (Europe/Berlin) messages wait until quiet hours end. "
            "Leave both times empty for no quiet hours. Warnings ignore them."
        ),
    )
    quiet_hours_end = forms.TimeField(
        required=False,
        initial="07:00",
        label=_("Quiet hours end"),
    )
    device_retention_days = forms.IntegerField(
        min_value=7,
        max_value=730,
        initial=270,
        label=_("Remove devices unseen for (days)"),
        help_text=_("Devices whose app has not checked in for this long are removed."),
    )
    time_to_live_hours = forms.IntegerField(
        min_value=0,
        max_value=672,
        initial=24,
        label=_("Time to live (hours)"),
        help_text=_(
            "How long push services keep a message for a device that is offline."
        ),
    )
    registrations_per_hour = forms.IntegerField(
        min_value=1,
        max_value=10000,
        initial=60,
        label=_("Device changes per hour and client"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if (start is None) != (end is None):
            raise ValidationError({"quiet_hours_end": _("Give both times or neither.")})
        if start is not None and start == end:
            raise ValidationError({"quiet_hours_end": _("Start and end must differ.")})
        return cleaned


class NotificationsConfig(api.ModuleConfig):
    name = "rathaus.modules.notifications"
    label = "notifications"
    verbose_name = _("Push notifications")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "notifications"
    description = _("Push messages to residents' apps in their language.")
    version = "0.1.0"
    settings_form = NotificationSettings
    # notificationTopics lists the topics every enabled module offers (the
    # waste calendar's districts, say): it ends on any module's data change.
    shows_other_modules = True
    periodic_tasks = (
        # Messages whose schedule or quiet hours have passed.
        (60, "rathaus.modules.notifications.tasks.send_due_messages"),
        # Devices unseen for longer than the retention setting.
        (86400, "rathaus.modules.notifications.tasks.remove_stale_devices"),
    )

    def on_enable(self, municipality, activation):
        from .services.permissions import grant_module_permissions

        grant_module_permissions(municipality)

    def on_disable(self, municipality, activation):
        from .services import sending

        sending.cancel_unsent(municipality)

    def load_demo(self, municipality):
        from .demo import load_demo_notifications

        load_demo_notifications(municipality)
