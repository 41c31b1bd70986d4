"""Admin forms of content pages."""

from datetime import datetime

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from rathaus.site.municipalities.models import zone_for_page


class EventPageForm(WagtailAdminPageForm):
    """Start and end are shown and read in the municipality's time zone, not
    the editor's: an event at 16:00 is at 16:00 where it takes place."""

    TIME_FIELDS = ("start", "end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance if self.instance.path else self.parent_page
        self.zone = zone_for_page(page)
        for name in self.TIME_FIELDS:
            value = self.initial.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                # naive local time: rendered as it is, whatever the editor's zone
                self.initial[name] = value.astimezone(self.zone).replace(tzinfo=None)
            if name in self.fields:
                self.fields[name].help_text = format_lazy(
                    _("Local time in {zone}."), zone=self.zone.key
                )

    def full_clean(self):
        with timezone.override(self.zone):
            super().full_clean()
