"""Builders for the waste calendar's test data."""

import datetime

from wagtail.models import Locale

from rathaus.modules.waste.models import (
    CollectionDate,
    CollectionDistrict,
    Fraction,
    Street,
    StreetAssignment,
)


def make_fraction(municipality, key, name, kind=Fraction.Kind.SCHEDULED, **fields):
    fields.setdefault("sort_order", 0)
    return Fraction.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        key=key,
        name=name,
        kind=kind,
        **fields,
    )


def translate_fraction(fraction, language_code, name):
    """A translation of a fraction (what wagtail-localize would create)."""
    copy = fraction.copy_for_translation(
        Locale.objects.get(language_code=language_code)
    )
    copy.name = name
    copy.save()
    return copy


def make_district(municipality, fraction, name, **fields):
    return CollectionDistrict.objects.create(
        municipality=municipality, fraction=fraction, name=name, **fields
    )


def make_street(municipality, name, locality="", **fields):
    return Street.objects.create(
        municipality=municipality, name=name, locality=locality, **fields
    )


def assign(street, district, number_from=None, number_to=None, parity="all"):
    return StreetAssignment.objects.create(
        municipality=street.municipality,
        street=street,
        district=district,
        number_from=number_from,
        number_to=number_to,
        parity=parity,
    )


def add_dates(district, dates, **fields):
    return CollectionDate.objects.bulk_create(
        CollectionDate(
            municipality=district.municipality, district=district, date=day, **fields
        )
        for day in dates
    )


def weekly(start, weeks, step=1):
    return [start + datetime.timedelta(weeks=n * step) for n in range(weeks)]
