"""One validation for a bulky-waste request: the API and the admin bind it."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from .models import BulkyItem, Street
from .services.normalise import house_number_value
from .services.shifts import public_holidays, state_for

MAX_ITEMS = 30
MAX_PREFERRED_DATES = 3
LATEST_DAYS = 180


class BulkyWasteRequestForm(api.SubmissionForm):
    camel_case_errors = True  # houseNumber, preferredDates

    street = forms.IntegerField(min_value=1)
    house_number = forms.CharField(max_length=10)
    items = forms.JSONField()
    preferred_dates = forms.JSONField()
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    phone = forms.CharField(max_length=40, required=False)
    note = forms.CharField(max_length=1000, required=False)
    language = forms.CharField(max_length=10, required=False)

    def __init__(self, *args, municipality, settings, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.module_settings = settings
        self.today = today or timezone.localdate()

    def clean_street(self):
        street = (
            Street.objects.filter(
                municipality=self.municipality, pk=self.cleaned_data["street"]
            )
            .only("pk", "name", "municipality_id")
            .first()
        )
        if street is None:
            raise ValidationError(_("There is no such street."), code="unknown")
        return street

    def clean_house_number(self):
        value = self.cleaned_data["house_number"].strip()
        if house_number_value(value) is None:
            raise ValidationError(_("Send a house number such as 12 or 12a."))
        return value

    def clean_items(self):
        items = self.cleaned_data["items"]
        if not isinstance(items, list) or not items:
            raise ValidationError(_("Choose at least one item."))
        if len(items) > MAX_ITEMS:
            raise ValidationError(_("At most %(n)d items.") % {"n": MAX_ITEMS})
        offered = {
            item.key: item
            for item in BulkyItem.objects.filter(
                municipality=self.municipality,
                locale_id=self.municipality.default_locale_id,
                active=True,
            )
        }
        cleaned, seen = [], set()
        for entry in items:
            if not isinstance(entry, dict):
                raise ValidationError(_("Send items as {key, quantity}."))
            key, quantity = entry.get("key"), entry.get("quantity")
            item = offered.get(key)
            if item is None:
                raise ValidationError(
                    _("%(key)s is not an item this municipality collects.")
                    % {"key": str(key)[:50]}
                )
            if key in seen:
                raise ValidationError(_("%(key)s is listed twice.") % {"key": key})
            seen.add(key)
            if (
                not isinstance(quantity, int)
                or isinstance(quantity, bool)
                or not 1 <= quantity <= item.max_quantity
            ):
                raise ValidationError(
                    _("Send 1 to %(max)d of %(key)s.")
                    % {"max": item.max_quantity, "key": key}
                )
            cleaned.append({"key": key, "quantity": quantity})
        return cleaned

    def clean_preferred_dates(self):
        values = self.cleaned_data["preferred_dates"]
        if not isinstance(values, list) or not 1 <= len(values) <= MAX_PREFERRED_DATES:
            raise ValidationError(
                _("Send 1 to %(n)d preferred dates.") % {"n": MAX_PREFERRED_DATES}
            )
        earliest = self.today + datetime.timedelta(
            days=int(self.module_settings.get("bulky_lead_days", 3))
        )
        latest = self.today + datetime.timedelta(days=LATEST_DAYS)
        closed = public_holidays(
            state_for(self.municipality, self.module_settings),
            [earliest.year, latest.year],
        )
        days = []
        for value in values:
            try:
                day = datetime.date.fromisoformat(str(value))
            except ValueError:
                raise ValidationError(_("Send dates as YYYY-MM-DD.")) from None
            if not earliest <= day <= latest:
                raise ValidationError(
                    _("Choose dates from %(first)s to %(last)s.")
                    % {"first": earliest.isoformat(), "last": latest.isoformat()}
                )
            if day.weekday() >= 5 or day in closed:
                raise ValidationError(
                    _("%(day)s is not a working day.") % {"day": day.isoformat()}
                )
            if day in days:
                raise ValidationError(_("A date is listed twice."))
            days.append(day)
        return sorted(days)

    def clean_language(self):
        language = self.cleaned_data.get("language") or ""
        offered = {locale.language_code for locale in self.municipality.locales.all()}
        if language in offered:
            return language
        return self.municipality.default_locale.language_code
