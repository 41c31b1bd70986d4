import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

SHIFT_RULE_CHOICES = [
    ("none", _("No shifts (the imported dates are already shifted)")),
    ("next_day", _("A collection on a holiday moves to the next working day")),
    (
        "rest_of_week",
        _("From the holiday on, the week's collections move by one day"),
    ),
]
STATE_CHOICES = [
    ("", _("From the municipality's AGS")),
    *(
        (code, code)
        for code in [
            "BB",
            "BE",
            "BW",
            "BY",
            "HB",
            "HE",
            "HH",
            "MV",
            "NI",
            "NW",
            "RP",
            "SH",
            "SL",
            "SN",
            "ST",
            "TH",
        ]
    ),
]


class WasteSettings(forms.Form):
    """Per-municipality settings of the waste calendar."""

    holiday_shift_rule = forms.ChoiceField(
        label=_("Holiday shifts"),
        choices=SHIFT_RULE_CHOICES,
        initial="rest_of_week",
        help_text=_("How collections move around public holidays."),
    )
    state = forms.ChoiceField(
        label=_("Federal state"),
        choices=STATE_CHOICES,
        required=False,
        initial="",
        help_text=_("Whose public holidays apply (German state code)."),
    )
    reminders_enabled = forms.BooleanField(
        label=_("Reminders"),
        required=False,
        initial=True,
        help_text=_("Send a push reminder the day before each collection."),
    )
    reminder_time = forms.TimeField(
        label=_("Reminder time"),
        initial=datetime.time(18, 0),
        help_text=_("When reminders go out, Europe/Berlin time (HH:MM)."),
    )
    bulky_requests_per_hour = forms.IntegerField(
        label=_("Bulky-waste requests per hour and client"),
        min_value=1,
        max_value=1000,
        initial=3,
    )
    bulky_requests_per_day = forms.IntegerField(
        label=_("Bulky-waste requests per day and client"),
        min_value=1,
        max_value=10000,
        initial=10,
    )
    bulky_lead_days = forms.IntegerField(
        label=_("Bulky-waste lead time (days)"),
        min_value=0,
        max_value=60,
        initial=3,
        help_text=_("The earliest preferred date is this many days ahead."),
    )


class WasteConfig(api.ModuleConfig):
    name = "rathaus.modules.waste"
    label = "waste"
    verbose_name = _("Waste calendar")
    default_auto_field = "django.db.models.BigAutoField"
    identifier = "waste"
    description = _(
        "Collection dates per street, reminders, iCalendar feeds and "
        "bulky-waste pickups."
    )
    version = "0.1.0"
    settings_form = WasteSettings
    public_urls = "rathaus.modules.waste.public.urls"
    synced_lists = (api.SyncedList("waste_fractions", key="key"),)
    periodic_tasks = (
        # Checks every 5 minutes whether a municipality's reminder time has
        # come; the reminders themselves are idempotent per (district, date).
        (300, "rathaus.modules.waste.tasks.send_due_reminders"),
        # Forwardings to the operator that failed are retried (bounded).
        (600, "rathaus.modules.waste.tasks.retry_bulky_forwarding"),
    )
    # What the calendar answers show: an edit in the admin reaches cached
    # answers at once (the importer bulk-writes and calls content_changed).
    served_models = dict.fromkeys(
        (
            "Fraction",
            "CollectionDistrict",
            "Street",
            "StreetAssignment",
            "CollectionDate",
            "HolidayShift",
            "BulkyItem",
        ),
        "municipality",
    )

    def on_enable(self, municipality, activation):
        from .services import lifecycle

        lifecycle.enable(municipality, activation.settings)

    def on_configure(self, municipality, activation, previous_settings):
        from .services import lifecycle

        lifecycle.configure(municipality, previous_settings, activation.settings)

    def load_demo(self, municipality):
        from .demo import load_demo

        load_demo(municipality)

    def push_topics(self, municipality):
        from .services import reminders

        return reminders.push_topics(municipality)

    def accepts_push_topic(self, municipality, key):
        from .services import reminders

        return reminders.accepts_topic(municipality, key)
