"""Reading the calendar: fractions in a language, streets, a house's dates.

Every function here runs a constant number of SQL queries whatever the size
of the municipality (locked in tests); the API, the iCalendar feed and the
reminders all read through it, so they always agree.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from ..models import (
    CollectionDate,
    Fraction,
    HolidayShift,
    Street,
    StreetAssignment,
)
from .normalise import house_number_value, search_key

MAX_STREETS = 50
MAX_RANGE_DAYS = 400
MAX_FRACTIONS = 20
#: Dates are read this many days around the asked range, since a holiday
#: shift may move a date into (or out of) it.
SHIFT_MARGIN = datetime.timedelta(days=10)


class ScheduleError(Exception):
    """Bad input to a calendar read; ``fields`` holds field-level messages."""

    def __init__(self, message, fields, reason="invalid"):
        super().__init__(message)
        self.message = message
        self.fields = fields
        self.reason = reason


class UnknownStreet(Exception):
    pass


@dataclass(frozen=True)
class Collection:
    date: datetime.date
    original_date: datetime.date
    fraction: Fraction
    district: object
    start_time: datetime.time | None
    end_time: datetime.time | None
    note: str
    shift_reason: str = ""

    @property
    def shifted(self):
        return self.date != self.original_date


@dataclass(frozen=True)
class Calendar:
    municipality: object
    street: Street
    house_number: str
    canonical_house_number: str
    fractions: list
    collections: list
    districts: list  # (localised fraction, district) pairs
    fraction_keys: list | None = None
    language: str = ""

    @property
    def municipality_slug(self):
        return self.municipality.slug


def localised_fractions(municipality, locale_code=None, active_only=True):
    """The municipality's fractions in a language, with fallback (1 query).

    Returns the list in display order; each row is the translation where one
    exists (``locale_code``), else the default-locale row.
    """
    rows = Fraction.objects.filter(municipality=municipality).select_related("locale")
    if active_only:
        rows = rows.filter(active=True)
    chosen = {}
    for row in rows.order_by("sort_order", "key", "pk"):
        current = chosen.get(row.translation_key)
        if current is None:
            chosen[row.translation_key] = row
            continue
        wanted = bool(locale_code) and row.locale.language_code == locale_code
        default_over_other = (
            row.locale_id == municipality.default_locale_id
            and current.locale.language_code != locale_code
        )
        if wanted or default_over_other:
            chosen[row.translation_key] = row
    return sorted(chosen.values(), key=lambda row: (row.sort_order, row.key))


def search_streets(municipality, search="", first=20):
    """Streets whose folded name starts with the folded ``search`` (2 queries)."""
    if first is None or not 1 <= first <= MAX_STREETS:
        raise ScheduleError(
            "The page size is not valid.", {"first": [f"Send 1 to {MAX_STREETS}."]}
        )
    if search is not None and len(search) > 100:
        raise ScheduleError(
            "The search is too long.", {"search": ["At most 100 characters."]}
        )
    streets = Street.objects.filter(municipality=municipality)
    key = search_key(search or "")
    if key:
        streets = streets.filter(search_key__startswith=key)
    return list(
        streets.order_by("search_key", "locality", "pk").prefetch_related(
            Prefetch(
                "assignments",
                queryset=StreetAssignment.objects.order_by(
                    "number_from", "number_to", "parity", "pk"
                ),
            )
        )[:first]
    )


def house_ranges(street):
    """The distinct (from, to, parity) ranges a street is split into."""
    seen = []
    for assignment in street.assignments.all():
        value = (assignment.number_from, assignment.number_to, assignment.parity)
        if value not in seen:
            seen.append(value)
    return seen


def is_split(street):
    return any(
        (a.number_from, a.number_to, a.parity) != (None, None, "all")
        for a in street.assignments.all()
    )


def get_street(municipality, street_id):
    """The street with its assignments, districts and fractions (2 queries)."""
    try:
        pk = int(street_id)
    except (TypeError, ValueError):
        raise UnknownStreet(street_id) from None
    street = (
        Street.objects.filter(municipality=municipality, pk=pk)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=StreetAssignment.objects.select_related(
                    "district__fraction"
                ).order_by("pk"),
            )
        )
        .first()
    )
    if street is None:
        raise UnknownStreet(street_id)
    return street


def _districts_for(street, number):
    """``{fraction translation_key: district}`` for a house number."""
    found = {}
    for assignment in street.assignments.all():
        if assignment.covers(number):
            fraction = assignment.district.fraction
            found.setdefault(fraction.translation_key, assignment.district)
    return found


def canonical_house_number(street, number):
    """The smallest house number collected exactly like ``number``.

    Feed URLs carry this instead of the resident's own number, so a calendar
    URL names a range of houses, never an address.
    """
    if number is None or not is_split(street):
        return None
    target = _districts_for(street, number)
    candidates = {1, 2}
    for assignment in street.assignments.all():
        if assignment.number_from is not None:
            candidates.update({assignment.number_from, assignment.number_from + 1})
    for candidate in sorted(candidates):
        if candidate <= number and _districts_for(street, candidate) == target:
            return candidate
    return number


def _check_range(date_from, date_to, today):
    date_from = date_from or today
    date_to = date_to or (date_from + datetime.timedelta(days=365))
    if date_to < date_from:
        raise ScheduleError(
            "The date range is not valid.", {"to": ["Send a date after from."]}
        )
    if (date_to - date_from).days > MAX_RANGE_DAYS:
        raise ScheduleError(
            "The date range is too long.",
            {"to": [f"Ask for at most {MAX_RANGE_DAYS} days."]},
        )
    return date_from, date_to


def calendar_for(
    municipality,
    street_id,
    *,
    house_number=None,
    fraction_keys=None,
    date_from=None,
    date_to=None,
    locale_code=None,
    today=None,
):
    """A house's collections in a date range, holiday shifts applied.

    Raises ``UnknownStreet`` and ``ScheduleError``. 5 queries: the street,
    its assignments (with districts and fractions), the fractions in the
    language, the dates, the shifts.
    """
    today = today or datetime.date.today()
    date_from, date_to = _check_range(date_from, date_to, today)
    if fraction_keys is not None and len(fraction_keys) > MAX_FRACTIONS:
        raise ScheduleError(
            "Too many fractions.", {"fractions": [f"At most {MAX_FRACTIONS}."]}
        )
    number = None
    if house_number not in (None, ""):
        number = house_number_value(house_number)
        if number is None or len(str(house_number)) > 10:
            raise ScheduleError(
                "The house number is not valid.",
                {"houseNumber": ["Send a house number such as 12 or 12a."]},
            )
    street = get_street(municipality, street_id)
    if number is None and is_split(street):
        raise ScheduleError(
            "This street is split by house numbers.",
            {"houseNumber": ["This street is split by house numbers; send one."]},
            reason="house_number_required",
        )
    fractions = localised_fractions(municipality, locale_code)
    if fraction_keys is not None:
        known = {fraction.key for fraction in fractions}
        unknown = sorted(set(fraction_keys) - known)
        if unknown:
            raise ScheduleError(
                "Unknown fractions.",
                {"fractions": [f"Unknown fraction: {key}." for key in unknown]},
            )
        fractions = [f for f in fractions if f.key in set(fraction_keys)]
    by_translation_key = {fraction.translation_key: fraction for fraction in fractions}
    districts = {
        key: district
        for key, district in _districts_for(street, number).items()
        if key in by_translation_key
    }
    dated = [d.pk for k, d in districts.items() if by_translation_key[k].has_dates]
    dates = list(
        CollectionDate.objects.filter(
            district_id__in=dated,
            date__gte=date_from - SHIFT_MARGIN,
            date__lte=date_to + SHIFT_MARGIN,
        ).order_by("date", "pk")
    )
    shifts = shift_map(municipality, date_from - SHIFT_MARGIN, date_to + SHIFT_MARGIN)
    district_by_pk = {district.pk: district for district in districts.values()}
    collections = []
    for row in dates:
        district = district_by_pk[row.district_id]
        shifted, reason = shifts.get(row.date, (row.date, ""))
        if not date_from <= shifted <= date_to:
            continue
        collections.append(
            Collection(
                date=shifted,
                original_date=row.date,
                fraction=by_translation_key[district.fraction.translation_key],
                district=district,
                start_time=row.start_time,
                end_time=row.end_time,
                note=row.note,
                shift_reason=reason,
            )
        )
    collections.sort(key=lambda c: (c.date, c.fraction.sort_order, c.fraction.key))
    canonical = canonical_house_number(street, number)
    return Calendar(
        municipality=municipality,
        fraction_keys=None if fraction_keys is None else sorted(set(fraction_keys)),
        language=locale_code or "",
        street=street,
        house_number=str(house_number or ""),
        canonical_house_number="" if canonical is None else str(canonical),
        fractions=fractions,
        collections=collections,
        districts=[
            (by_translation_key[key], district)
            for key, district in sorted(
                districts.items(),
                key=lambda item: (
                    by_translation_key[item[0]].sort_order,
                    by_translation_key[item[0]].key,
                ),
            )
        ],
    )


def shift_map(municipality, date_from, date_to):
    """``{original: (shifted, reason)}`` of the holiday shifts (1 query)."""
    return {
        shift.original_date: (shift.shifted_date, shift.reason)
        for shift in HolidayShift.objects.filter(
            municipality=municipality,
            original_date__gte=date_from,
            original_date__lte=date_to,
        )
    }
