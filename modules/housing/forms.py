"""The one validation of a landlord's listing and of the relay messages.

GraphQL binds :class:`ListingForm` (through ``api.validate``); staff edits
run the same legal rules (:func:`listing_rule_errors`) from the admin's
form (:class:`StaffListingRules`). Errors are reported under the API's
camelCase names.
"""

import math
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from .models import (
    CertificateType,
    EfficiencyClass,
    EnergyCarrier,
    EnergyExemption,
    Kind,
    Pets,
    ReportReason,
    RunningCost,
)

MAX_PHOTOS = 8
MAX_TITLE = 120
MIN_TITLE = 5
MAX_DESCRIPTION = 5000
MAX_MESSAGE = 3000
MAX_DEPOSIT_COLD_RENTS = 3  # § 551 Abs. 1 BGB
GRID_METRES = 300
METRES_PER_DEGREE = 111_320.0


def approximate_position(latitude, longitude, grid_metres=GRID_METRES):
    """Snap a position to the centre of its cell in a ~``grid_metres`` grid.

    Latitude rows are ``grid_metres`` high; the width in degrees of longitude
    grows with the latitude of the row's centre so cells stay roughly square.
    """
    step_lat = grid_metres / METRES_PER_DEGREE
    row = math.floor(latitude / step_lat)
    centre_lat = (row + 0.5) * step_lat
    step_lng = step_lat / max(math.cos(math.radians(centre_lat)), 1e-6)
    column = math.floor(longitude / step_lng)
    centre_lng = (column + 0.5) * step_lng
    return round(centre_lat, 6), round(centre_lng, 6)


def municipality_languages(municipality):
    return [locale.language_code for locale in municipality.locales.all()]


# The legal rules, shared by the API form and staff edits ------------------------

ENERGY_MESSAGES = {
    "energy_certificate_type": _(
        "Say whether the certificate is a demand or a "
        "consumption certificate (GEG §87), or give the exemption."
    ),
    "energy_value": _(
        "Give the energy value in kWh/(m²·a) from the certificate "
        "(GEG §87), or give the exemption."
    ),
    "energy_carrier": _(
        "Give the main energy carrier of the heating (GEG §87), or give the exemption."
    ),
    "construction_year": _(
        "Give the building's construction year (GEG §87), or give the exemption."
    ),
    "efficiency_class": _(
        "Give the efficiency class A+ to H (GEG §87), or give the exemption."
    ),
}


def listing_rule_errors(values, settings):
    """Every legal and municipal rule on a listing's values (snake_case keys),
    as ``{field: [messages]}``; clears the energy data of exempt buildings in
    ``values``."""
    errors = {}
    deposit, cold_rent = values.get("deposit"), values.get("cold_rent")
    if (
        None not in (deposit, cold_rent)
        and deposit > cold_rent * MAX_DEPOSIT_COLD_RENTS
    ):
        # § 551 Abs. 1 BGB: the deposit is at most three months' cold rent.
        errors["deposit"] = _(
            "The deposit may be at most %(count)s cold rents (%(amount)s €, § 551 BGB)."
        ) % {
            "count": MAX_DEPOSIT_COLD_RENTS,
            "amount": f"{cold_rent * MAX_DEPOSIT_COLD_RENTS:.2f}",
        }
    # GEG §87: an ad names certificate type, value, energy carrier,
    # construction year and efficiency class, unless the building is exempt.
    if values.get("energy_exemption"):
        values.update(
            energy_certificate_type="",
            energy_carrier="",
            efficiency_class="",
            energy_value=None,
        )
    else:
        for name, message in ENERGY_MESSAGES.items():
            if values.get(name) in (None, ""):
                errors[name] = message
    districts = settings.get("districts") or []
    if districts and values.get("district") not in districts:
        errors["district"] = _(
            "Choose one of the municipality's districts: %(districts)s."
        ) % {"districts": ", ".join(districts)}
    allowed = [int(days) for days in settings["allowed_durations"]]
    if values.get("duration_days") not in allowed:
        errors["duration_days"] = _("Choose one of %(durations)s days.") % {
            "durations": ", ".join(str(days) for days in allowed)
        }
    start, end = values.get("available_from"), values.get("available_until")
    today = timezone.localdate()
    if start and start < today - timedelta(days=365):
        errors["available_from"] = _("This date is too far back.")
    if start and start > today + timedelta(days=3 * 365):
        errors["available_from"] = _("This date is too far ahead.")
    if end and start and end <= start:
        errors["available_until"] = _("The end must be after the start.")
    errors = {name: [message] for name, message in errors.items()}
    unknown = [
        item
        for item in values.get("running_costs_include") or []
        if item not in RunningCost.values
    ]
    if unknown:
        errors["running_costs_include"] = [
            _("Unknown item %(item)r; use: %(items)s.")
            % {"item": item, "items": ", ".join(RunningCost.values)}
            for item in unknown
        ]
    return errors


# Fields ---------------------------------------------------------------------------


class AmountField(forms.DecimalField):
    """A decimal rounded to ``places`` (the API sends floats); ``default``
    stands in for a missing value."""

    def __init__(self, *, places=2, default=None, **kwargs):
        self.places, self.default = places, default
        message = _("Send a number from %(minimum)s to %(maximum)s.") % {
            "minimum": kwargs["min_value"],
            "maximum": kwargs["max_value"],
        }
        kwargs.setdefault("required", default is None)
        kwargs["error_messages"] = {
            "invalid": _("Send a number."),
            "min_value": message,
            "max_value": message,
        }
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return self.default
        number = super().to_python(value)  # a bool is no number either
        if not number.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"])
        return number.quantize(Decimal(1).scaleb(-self.places))


def choice(choices, **kwargs):
    kwargs.setdefault("required", False)
    return forms.TypedChoiceField(
        choices=choices,
        empty_value="",
        error_messages={
            "invalid_choice": _("Choose one of: %(choices)s.")
            % {"choices": ", ".join(map(str, choices.values))}
        },
        **kwargs,
    )


def date(**kwargs):
    return forms.DateField(
        error_messages={"invalid": _("Send a date as YYYY-MM-DD.")}, **kwargs
    )


# Forms ----------------------------------------------------------------------------


class APIForm(api.SubmissionForm):
    camel_case_errors = True


class ListingForm(APIForm):
    """What a landlord submits; cleaned to the model's field values."""

    kind = choice(Kind, required=True)
    title = api.text_field(MAX_TITLE, min_length=MIN_TITLE)
    description = api.text_field(MAX_DESCRIPTION, min_length=20)
    district = api.text_field(100)
    language = forms.CharField(required=False)
    latitude = api.coordinate_field("latitude", 90, required=False)
    longitude = api.coordinate_field("longitude", 180, required=False)
    rooms = AmountField(min_value=1, max_value=50, places=1)
    size = AmountField(min_value=5, max_value=2000)
    floor = forms.IntegerField(
        required=False,
        min_value=-5,
        max_value=200,
        error_messages=dict.fromkeys(
            ("min_value", "max_value"), _("Send a floor from -5 to 200.")
        ),
    )
    has_lift = forms.BooleanField(required=False)
    cold_rent = AmountField(min_value=1, max_value=50000)
    running_costs = AmountField(min_value=0, max_value=10000, default=Decimal(0))
    running_costs_include = api.ValueField(required=False)
    heating_costs = AmountField(min_value=0, max_value=10000, default=Decimal(0))
    deposit = AmountField(min_value=0, max_value=150000, default=Decimal(0))
    available_from = date()
    available_until = date(required=False)
    furnished = forms.BooleanField(required=False)
    barrier_free = forms.BooleanField(required=False)
    wheelchair_accessible = forms.BooleanField(required=False)
    wbs_required = forms.BooleanField(required=False)
    pets = choice(Pets)
    energy_exemption = choice(EnergyExemption)
    energy_certificate_type = choice(CertificateType)
    energy_value = AmountField(min_value=0, max_value=2000, places=1, required=False)
    energy_carrier = choice(EnergyCarrier)
    construction_year = forms.IntegerField(required=False)
    efficiency_class = choice(EfficiencyClass)
    duration_days = forms.IntegerField()
    landlord_name = api.text_field(200)
    landlord_email = api.email_field()
    photos = api.UploadTokensField(max_count=MAX_PHOTOS)

    def __init__(self, *args, municipality, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality, self.settings = municipality, settings

    def clean_construction_year(self):
        year = self.cleaned_data["construction_year"]
        latest = timezone.localdate().year + 5
        if year is not None and not 1000 <= year <= latest:
            raise forms.ValidationError(
                _("Send a year from 1000 to %(latest)s.") % {"latest": latest}
            )
        return year

    def clean_running_costs_include(self):
        items = self.cleaned_data["running_costs_include"] or []
        for item in items:
            if item not in RunningCost.values:
                raise forms.ValidationError(
                    _("Unknown item %(item)r.") % {"item": item}
                )
        return list(dict.fromkeys(items))  # without repetitions, in order

    def clean_language(self):
        languages = municipality_languages(self.municipality)
        language = (
            self.cleaned_data["language"]
            or self.municipality.default_locale.language_code
        )
        if language not in languages:
            raise forms.ValidationError(
                _("Write in one of the municipality's languages: %(languages)s.")
                % {"languages": ", ".join(languages)}
            )
        return language

    def clean(self):
        cleaned = super().clean()
        cleaned["pets"] = cleaned.get("pets") or Pets.ON_REQUEST
        cleaned["barrier_free"] = bool(
            cleaned.get("barrier_free") or cleaned.get("wheelchair_accessible")
        )
        self._clean_position(cleaned)
        for name, messages in listing_rule_errors(cleaned, self.settings).items():
            if name not in self.errors:
                self.add_error(name, messages)
        return cleaned

    def _clean_position(self, cleaned):
        position = cleaned.get("latitude"), cleaned.get("longitude")
        if position == (None, None):
            return
        if None in position:
            for name in ("latitude", "longitude"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Send a WGS84 %(name)s.") % {"name": name})
        elif self.check_position(cleaned, self.municipality):
            cleaned["latitude"], cleaned["longitude"] = approximate_position(*position)


class ContactForm(APIForm):
    """An interested person's message to a landlord."""

    message = api.text_field(MAX_MESSAGE, min_length=10)
    reply_to = api.email_field()


class ReplyForm(APIForm):
    """The landlord's answer to a relayed message."""

    message = api.text_field(MAX_MESSAGE, min_length=2)


class AbuseReportForm(APIForm):
    """ "Report this listing"."""

    reason = choice(ReportReason, required=True)
    message = api.text_field(MAX_MESSAGE)


class StaffListingRules:
    """Mixed into the admin's listing form: staff edits obey the same legal
    and municipal rules as submissions (a start date in the past is fine:
    the listing may be running)."""

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality") or (
            self.instance.municipality if self.instance.municipality_id else None
        )
        if municipality is None:
            return cleaned
        settings = api.get_settings(municipality, "housing")
        values = {
            field.name: cleaned[field.name]
            if field.name in cleaned
            else getattr(self.instance, field.attname)
            for field in self.instance._meta.concrete_fields
        }
        errors = listing_rule_errors(values, settings)
        errors.pop("available_from", None)
        latitude, longitude = values["latitude"], values["longitude"]
        if (latitude is None) != (longitude is None):
            errors["latitude"] = [_("Give both latitude and longitude, or neither.")]
        elif latitude is not None:
            if not municipality.contains(latitude, longitude):
                errors["latitude"] = [_("This position lies outside the municipality.")]
            else:
                values["latitude"], values["longitude"] = approximate_position(
                    latitude, longitude
                )
        for name, messages in errors.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, messages)
        # The energy data an exemption cleared, the snapped position.
        cleaned.update({name: values[name] for name in cleaned if name in values})
        return cleaned
