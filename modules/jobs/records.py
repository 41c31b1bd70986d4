"""Turning a source's raw values into typed offer fields.

Every connector yields dicts keyed by offer field names with raw values
(strings from CSV and XML, JSON scalars, lists). :func:`normalise` converts
them with the form fields of ``FIELDS``; a wrong value raises ``RecordError``
naming the field, and the import fails as a whole, keeping the last good
data.
"""

import datetime
import decimal
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop, pgettext_lazy

from rathaus.site.module_platform import api

from .models import OfferKind, WorkingTime

KIND_ALIASES = {
    # The job-search API's angebotsart codes and common German words.
    "1": OfferKind.JOB,
    "arbeit": OfferKind.JOB,
    "stelle": OfferKind.JOB,
    "2": OfferKind.SELF_EMPLOYMENT,
    "selbstaendigkeit": OfferKind.SELF_EMPLOYMENT,
    "selbständigkeit": OfferKind.SELF_EMPLOYMENT,
    "4": OfferKind.TRAINING,
    "ausbildung": OfferKind.TRAINING,
    "lehrstelle": OfferKind.TRAINING,
    "apprenticeship": OfferKind.TRAINING,
    "duales studium": OfferKind.TRAINING,
    "34": OfferKind.INTERNSHIP,
    "praktikum": OfferKind.INTERNSHIP,
    "trainee": OfferKind.INTERNSHIP,
}
WORKING_TIME_ALIASES = {
    "vz": WorkingTime.FULL_TIME,
    "vollzeit": WorkingTime.FULL_TIME,
    "tz": WorkingTime.PART_TIME,
    "teilzeit": WorkingTime.PART_TIME,
    "vollzeit/teilzeit": WorkingTime.FULL_OR_PART_TIME,
    "snw": WorkingTime.SHIFTS,
    "schicht": WorkingTime.SHIFTS,
    "mj": WorkingTime.MINI_JOB,
    "minijob": WorkingTime.MINI_JOB,
}
LANGUAGE_NAMES = {
    "deutsch": "de",
    "englisch": "en",
    "arabisch": "ar",
    "französisch": "fr",
    "franzoesisch": "fr",
    "türkisch": "tr",
    "tuerkisch": "tr",
    "russisch": "ru",
    "ukrainisch": "uk",
    "polnisch": "pl",
    "spanisch": "es",
    "italienisch": "it",
    "persisch": "fa",
    "farsi": "fa",
    "rumänisch": "ro",
    "kurdisch": "ku",
    "dari": "prs",
    "paschtu": "ps",
}
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")

#: The offer fields as staff know them, for messages naming a field (marked
#: here for the catalogue); the English is the field's name, the key of a
#: field mapping, so errors read in English as they always did.
FIELD_LABEL_CONTEXT = "offer field"
_FIELD_LABELS = (
    pgettext_lazy("offer field", "external_reference"),
    pgettext_lazy("offer field", "title"),
    pgettext_lazy("offer field", "employer"),
    pgettext_lazy("offer field", "occupation"),
    pgettext_lazy("offer field", "street"),
    pgettext_lazy("offer field", "postal_code"),
    pgettext_lazy("offer field", "place"),
    pgettext_lazy("offer field", "external_url"),
    pgettext_lazy("offer field", "description"),
    pgettext_lazy("offer field", "kind"),
    pgettext_lazy("offer field", "working_time"),
    pgettext_lazy("offer field", "start_date"),
    pgettext_lazy("offer field", "published_at"),
    pgettext_lazy("offer field", "expires_at"),
    pgettext_lazy("offer field", "latitude"),
    pgettext_lazy("offer field", "longitude"),
    pgettext_lazy("offer field", "language_requirements"),
    pgettext_lazy("offer field", "suitable_for_refugees"),
)


class RecordError(api.Message, ValueError):
    """A raw value that does not fit its field: ``field: problem``.

    ``message`` is the problem's msgid with ``params``; a known field is
    named by its label (the field's name in English), any other by its key.
    """

    def __init__(self, field, message, /, **params):
        label = (
            api.Message(field, context=FIELD_LABEL_CONTEXT)
            if field in FIELD_NAMES
            else field
        )
        # No words to translate: the frame is not marked for the catalogue.
        api.Message.__init__(
            self,
            "%(field)s: %(error)s",
            field=label,
            error=api.Message(message, **params),
        )
        ValueError.__init__(self, self.english())


TRUE_VALUES = {"1", "true", "yes", "ja", "y", "j", "x"}
FALSE_VALUES = {"0", "false", "no", "nein", "n", ""}


def _invalid(message, **params):
    return ValidationError(message, params=params)


class RawField(forms.Field):
    """A raw value of one offer field; ``convert`` types it."""

    default_error_messages = {"required": gettext_noop("is required")}
    empty_value = None

    def __init__(self, *, required=False):
        super().__init__(required=required)

    def to_python(self, value):
        if value is None or value == "":
            return self.empty_value
        if isinstance(value, (dict, list)):
            raise _invalid(
                gettext_noop("expected a single value, got %(type)s"),
                type=type(value).__name__,
            )
        return self.convert(value)


class TextField(RawField):
    empty_value = ""

    def __init__(self, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def convert(self, value):
        if isinstance(value, bool):
            raise _invalid(gettext_noop("expected text, got a boolean"))
        text = str(value).strip()
        if self.max_length and len(text) > self.max_length:
            raise _invalid(
                gettext_noop("longer than %(limit)s characters"), limit=self.max_length
            )
        return text


class DateField(RawField):
    def convert(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for parse in (
            lambda t: datetime.date.fromisoformat(t[:10]),
            lambda t: datetime.datetime.strptime(t, "%d.%m.%Y").date(),
        ):
            try:
                return parse(text)
            except ValueError:
                continue
        raise _invalid(
            gettext_noop("%(value)s is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
            value=repr(text[:40]),
        )


class NumberField(RawField):
    def __init__(self, low, high, **kwargs):
        super().__init__(**kwargs)
        self.low, self.high = low, high

    def convert(self, value):
        if isinstance(value, bool):
            raise _invalid(gettext_noop("expected a number, got a boolean"))
        try:
            number = float(
                value
                if isinstance(value, (int, float, decimal.Decimal))
                else str(value).strip().replace(",", ".")
            )
        except ValueError:
            raise _invalid(
                gettext_noop("%(value)s is not a number"), value=repr(str(value)[:40])
            ) from None
        if not self.low <= number <= self.high:
            raise _invalid(
                gettext_noop("%(number)s is outside %(low)s..%(high)s"),
                number=number,
                low=self.low,
                high=self.high,
            )
        return number


class YesNoField(RawField):
    empty_value = False

    def convert(self, value):
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_VALUES:
            return True
        if text in FALSE_VALUES:
            return False
        raise _invalid(
            gettext_noop("%(value)s is not a yes/no value"), value=repr(text[:40])
        )


class AliasChoiceField(TextField):
    """A choice's value, or a word the sources use for it (``aliases``)."""

    def __init__(self, choices, aliases, empty="", **kwargs):
        super().__init__(**kwargs)
        self.choice_values, self.aliases, self.empty_value = choices, aliases, empty

    def convert(self, value):
        text = super().convert(value).lower()
        if not text:
            return self.empty_value
        if text in self.choice_values:
            return text
        if text in self.aliases:
            return str(self.aliases[text])
        raise _invalid(gettext_noop("unknown value %(value)s"), value=repr(text[:40]))


def _first(item, keys):
    """The value of the first of ``keys`` that ``item`` has, or ""."""
    return next((item[key] for key in keys if item.get(key)), "")


class LanguagesField(RawField):
    """``[{"language": "de", "level": "B1"}]`` from a list or "de:B1, en"."""

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [part for part in re.split(r"[,;|]", value) if part.strip()]
        if not isinstance(value, list):
            raise _invalid(gettext_noop("expected a list of languages"))
        requirements = []
        for item in value:
            if isinstance(item, str):
                name, _sep, level = item.partition(":")
                item = {"language": name, "level": level}
            if not isinstance(item, dict):
                raise _invalid(gettext_noop("expected a list of languages"))
            name = _first(
                item, ("language", "sprache", "hierarchieName", "bezeichnung")
            )
            level = _first(item, ("level", "niveau", "auspraegung"))
            code = str(name or "").strip().lower()
            if not LANGUAGE_CODE.match(code):
                code = LANGUAGE_NAMES.get(code, "")
            if not code:
                raise _invalid(
                    gettext_noop("unknown language %(value)s"),
                    value=repr(str(name)[:40]),
                )
            requirements.append({"language": code, "level": str(level).strip()[:60]})
        return requirements


#: The offer fields a source may give (a mapping's keys), as form fields.
FIELDS = {
    "external_reference": TextField(200, required=True),
    "title": TextField(300, required=True),
    "employer": TextField(300, required=True),
    "occupation": TextField(300),
    "street": TextField(200),
    "postal_code": TextField(10),
    "place": TextField(200),
    "external_url": TextField(1000),
    "description": TextField(),
    "kind": AliasChoiceField(OfferKind.values, KIND_ALIASES, empty="job"),
    "working_time": AliasChoiceField(WorkingTime.values, WORKING_TIME_ALIASES),
    "start_date": DateField(),
    "published_at": DateField(),
    "expires_at": DateField(),
    "latitude": NumberField(-90, 90),
    "longitude": NumberField(-180, 180),
    "language_requirements": LanguagesField(),
    "suitable_for_refugees": YesNoField(),
}
FIELD_NAMES = tuple(FIELDS)
REQUIRED_FIELDS = tuple(name for name, field in FIELDS.items() if field.required)


def normalise(raw):
    """Typed offer fields from a raw record; only the keys ``raw`` has.

    Every value is converted first (the first wrong one in the record's
    order is the error), then required fields are checked.
    """
    record = {}
    for name, value in raw.items():
        if name not in FIELDS:
            raise RecordError(name, gettext_noop("is not an offer field"))
        try:
            record[name] = FIELDS[name].to_python(value)
        except ValidationError as error:
            raise RecordError(name, error.message, **(error.params or {})) from None
    for name in REQUIRED_FIELDS:
        if name in record and not record[name]:
            raise RecordError(name, FIELDS[name].error_messages["required"])
    if (record.get("latitude") is None) != (record.get("longitude") is None):
        raise RecordError(
            "latitude", gettext_noop("give both latitude and longitude, or neither")
        )
    return record
