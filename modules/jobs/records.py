"""Turning a source's raw values into typed offer fields.

Every connector yields dicts keyed by offer field names with raw values
(strings from CSV and XML, JSON scalars, lists). :func:`normalise` checks and
converts them; a wrong value raises ``RecordError`` naming the field, and the
import fails as a whole, keeping the last good data.
"""

import datetime
import decimal
import re

from django.utils.translation import gettext_noop, pgettext_lazy

from .errors import Message
from .models import OfferKind, WorkingTime

TEXT_LIMITS = {
    "external_reference": 200,
    "title": 300,
    "employer": 300,
    "occupation": 300,
    "street": 200,
    "postal_code": 10,
    "place": 200,
    "external_url": 1000,
}
TEXT_FIELDS = (*TEXT_LIMITS, "description")
REQUIRED_FIELDS = ("external_reference", "title", "employer")
DATE_FIELDS = ("start_date", "published_at", "expires_at")
FIELD_NAMES = (
    *TEXT_FIELDS,
    "kind",
    "working_time",
    *DATE_FIELDS,
    "latitude",
    "longitude",
    "language_requirements",
    "suitable_for_refugees",
)

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
TRUE_VALUES = {"1", "true", "yes", "ja", "y", "j", "x"}
FALSE_VALUES = {"0", "false", "no", "nein", "n", ""}


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


class RecordError(Message, ValueError):
    """A raw value that does not fit its field: ``field: problem``.

    ``message`` is the problem's msgid with ``params``; a known field is
    named by its label (the field's name in English), any other by its key.
    """

    def __init__(self, field, message, /, **params):
        self.field = field
        label = (
            Message(field, context=FIELD_LABEL_CONTEXT)
            if field in FIELD_NAMES
            else field
        )
        # No words to translate: the frame is not marked for the catalogue.
        Message.__init__(
            self, "%(field)s: %(error)s", field=label, error=Message(message, **params)
        )
        ValueError.__init__(self, self.english())


def _scalar(field, value):
    if isinstance(value, (dict, list)):
        raise RecordError(
            field,
            gettext_noop("expected a single value, got %(type)s"),
            type=type(value).__name__,
        )
    return value


def _text(field, value):
    value = _scalar(field, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        raise RecordError(field, gettext_noop("expected text, got a boolean"))
    text = str(value).strip()
    limit = TEXT_LIMITS.get(field)
    if limit and len(text) > limit:
        raise RecordError(
            field, gettext_noop("longer than %(limit)s characters"), limit=limit
        )
    return text


def _date(field, value):
    value = _scalar(field, value)
    if value in (None, ""):
        return None
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
    raise RecordError(
        field,
        gettext_noop("%(value)s is not a date (YYYY-MM-DD or DD.MM.YYYY)"),
        value=repr(text[:40]),
    )


def _float(field, value, low, high):
    value = _scalar(field, value)
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise RecordError(field, gettext_noop("expected a number, got a boolean"))
    try:
        number = float(
            value
            if isinstance(value, (int, float, decimal.Decimal))
            else str(value).strip().replace(",", ".")
        )
    except ValueError:
        raise RecordError(
            field,
            gettext_noop("%(value)s is not a number"),
            value=repr(str(value)[:40]),
        ) from None
    if not low <= number <= high:
        raise RecordError(
            field,
            gettext_noop("%(number)s is outside %(low)s..%(high)s"),
            number=number,
            low=low,
            high=high,
        )
    return number


def _bool(field, value):
    value = _scalar(field, value)
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_VALUES:
        return True
    if text in FALSE_VALUES:
        return False
    raise RecordError(
        field, gettext_noop("%(value)s is not a yes/no value"), value=repr(text[:40])
    )


def _choice(field, value, choices, aliases):
    text = _text(field, value).lower()
    if not text:
        return ""
    if text in choices:
        return text
    if text in aliases:
        return str(aliases[text])
    raise RecordError(
        field, gettext_noop("unknown value %(value)s"), value=repr(text[:40])
    )


def language_code(name):
    text = str(name or "").strip().lower()
    if LANGUAGE_CODE.match(text):
        return text
    return LANGUAGE_NAMES.get(text, "")


def _languages(field, value):
    """``[{"language": "de", "level": "B1"}]`` from a list or "de:B1, en"."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items = []
        for part in re.split(r"[,;|]", value):
            if part.strip():
                name, _sep, level = part.partition(":")
                items.append({"language": name, "level": level})
        value = items
    if not isinstance(value, list):
        raise RecordError(field, gettext_noop("expected a list of languages"))
    requirements = []
    for item in value:
        if isinstance(item, str):
            name, _sep, level = item.partition(":")
            item = {"language": name, "level": level}
        if not isinstance(item, dict):
            raise RecordError(field, gettext_noop("expected a list of languages"))
        name = next(
            (
                item[key]
                for key in ("language", "sprache", "hierarchieName", "bezeichnung")
                if item.get(key)
            ),
            "",
        )
        level = next(
            (item[key] for key in ("level", "niveau", "auspraegung") if item.get(key)),
            "",
        )
        code = language_code(name)
        if not code:
            raise RecordError(
                field,
                gettext_noop("unknown language %(value)s"),
                value=repr(str(name)[:40]),
            )
        requirements.append({"language": code, "level": str(level).strip()[:60]})
    return requirements


def normalise(raw):
    """Typed offer fields from a raw record; only the keys ``raw`` has."""
    record = {}
    for field, value in raw.items():
        if field in TEXT_FIELDS:
            record[field] = _text(field, value)
        elif field in DATE_FIELDS:
            record[field] = _date(field, value)
        elif field == "latitude":
            record[field] = _float(field, value, -90, 90)
        elif field == "longitude":
            record[field] = _float(field, value, -180, 180)
        elif field == "kind":
            record[field] = _choice(field, value, OfferKind.values, KIND_ALIASES)
        elif field == "working_time":
            record[field] = _choice(
                field, value, WorkingTime.values, WORKING_TIME_ALIASES
            )
        elif field == "suitable_for_refugees":
            record[field] = _bool(field, value)
        elif field == "language_requirements":
            record[field] = _languages(field, value)
        else:
            raise RecordError(field, gettext_noop("is not an offer field"))
    for field in REQUIRED_FIELDS:
        if field in record and not record[field]:
            raise RecordError(field, gettext_noop("is required"))
    if "kind" in record and not record["kind"]:
        record["kind"] = OfferKind.JOB.value
    if (record.get("latitude") is None) != (record.get("longitude") is None) and (
        "latitude" in record or "longitude" in record
    ):
        raise RecordError(
            "latitude", gettext_noop("give both latitude and longitude, or neither")
        )
    return record
