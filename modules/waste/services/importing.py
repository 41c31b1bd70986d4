"""Imports of a municipality's calendar: one transaction, never half-applied.

Every importer (CSV upload, AbfallNavi, ICS feeds) turns its source into
``Record`` rows and hands them to :func:`apply_records`, which

- refuses the whole import when any line is refused (the report lists each
  line and reason) and changes nothing;
- otherwise, for the fractions the source names, upserts streets and
  districts, replaces the street assignments, and replaces the dates in the
  date span the source covers; so running an import twice changes nothing
  the second time (idempotent);
- writes an ``ImportRun`` with the counts and the report.

CSV format (UTF-8, ``;`` or ``,`` separated, a header line)::

    street;locality;postal_code;house_from;house_to;parity;fraction;district;date;start_time;end_time;location
    Hauptstraße;;44575;1;99;odd;residual;Bezirk 1;2026-01-05;;;
    Marktplatz;;44575;;;all;hazardous;Marktplatz;2026-03-14;09:00;10:30;Marktplatz 1

``house_from``/``house_to`` empty mean the whole street; ``parity`` is
``all``, ``odd`` or ``even``; ``fraction`` is a fraction key of the
municipality; ``date`` is ISO (``YYYY-MM-DD``) or German (``DD.MM.YYYY``);
times are ``HH:MM``. A row without a date assigns the street to the district
(containers).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rathaus.site.module_platform import api

from ..models import (
    CollectionDate,
    CollectionDistrict,
    Fraction,
    ImportRun,
    Street,
    StreetAssignment,
)
from .normalise import search_key

MAX_REFUSALS_REPORTED = 200
CSV_COLUMNS = (
    "street",
    "locality",
    "postal_code",
    "house_from",
    "house_to",
    "parity",
    "fraction",
    "district",
    "date",
    "start_time",
    "end_time",
    "location",
)
REQUIRED_COLUMNS = ("street", "fraction", "district")


class Refused(Exception):
    """One line of a source that cannot be imported."""


@dataclass(frozen=True)
class Record:
    street: str
    fraction: str
    district: str
    locality: str = ""
    postal_code: str = ""
    house_from: int | None = None
    house_to: int | None = None
    parity: str = "all"
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    location: str = ""
    district_external_id: str = ""
    street_external_id: str = ""


def _date(text):
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise Refused(
        _("Date %(value)s is not YYYY-MM-DD or DD.MM.YYYY.") % {"value": repr(text)}
    )


def _time(text):
    try:
        return datetime.time.fromisoformat(text.strip())
    except ValueError:
        message = _("Time %(value)s is not HH:MM.") % {"value": repr(text)}
        raise Refused(message) from None


def _number(text, name):
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 6:
        raise Refused(
            _("%(column)s %(value)s is not a whole number.")
            % {"column": name, "value": repr(text)}
        )
    return int(text)


def record_from_row(row):
    """A CSV row (dict) as a Record; raises Refused with the reason."""
    values = {name: (row.get(name) or "").strip() for name in CSV_COLUMNS}
    for name in REQUIRED_COLUMNS:
        if not values[name]:
            raise Refused(_("The column %(column)s is empty.") % {"column": name})
    for name, limit in (("street", 200), ("district", 200), ("locality", 200)):
        if len(values[name]) > limit:
            raise Refused(
                _("%(column)s is longer than %(limit)d characters.")
                % {"column": name, "limit": limit}
            )
    parity = values["parity"].lower() or "all"
    if parity not in ("all", "odd", "even"):
        raise Refused(
            _("Parity %(value)s is not all, odd or even.")
            % {"value": repr(values["parity"])}
        )
    house_from = _number(values["house_from"], "house_from")
    house_to = _number(values["house_to"], "house_to")
    if house_from is not None and house_to is not None and house_from > house_to:
        raise Refused(_("house_from is greater than house_to."))
    return Record(
        street=values["street"],
        locality=values["locality"],
        postal_code=values["postal_code"][:5],
        house_from=house_from,
        house_to=house_to,
        parity=parity,
        fraction=values["fraction"],
        district=values["district"],
        date=_date(values["date"]) if values["date"] else None,
        start_time=_time(values["start_time"]) if values["start_time"] else None,
        end_time=_time(values["end_time"]) if values["end_time"] else None,
        location=values["location"][:300],
    )


class SemicolonExcel(csv.excel):
    """German spreadsheets separate by semicolons (never change csv.excel
    itself: that is every other reader's default)."""

    delimiter = ";"


def parse_csv(text):
    """Yield ``(line number, Record or Refused)`` of a CSV document."""
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,")
    except csv.Error:
        dialect = SemicolonExcel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    missing = [
        name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])
    ]
    if missing:
        yield (
            1,
            Refused(
                _("The header lacks the columns %(columns)s.")
                % {"columns": ", ".join(missing)}
            ),
        )
        return
    for row in reader:
        try:
            yield reader.line_num, record_from_row(row)
        except Refused as error:
            yield reader.line_num, error


class _Plan:
    """What a source asks for, deduplicated, before touching the database."""

    def __init__(self):
        self.streets = {}  # (name, locality) -> (postal_code, external id)
        self.districts = {}  # (fraction, name) -> (location, external id)
        self.assignments = set()  # (street key, district key, from, to, parity)
        self.dates = {}  # (district key, date) -> (start, end)
        self.fractions = set()
        self.first = None
        self.last = None

    def add(self, record):
        street = (record.street, record.locality)
        district = (record.fraction, record.district)
        self.fractions.add(record.fraction)
        self.streets.setdefault(street, (record.postal_code, record.street_external_id))
        self.districts.setdefault(
            district, (record.location, record.district_external_id)
        )
        self.assignments.add(
            (street, district, record.house_from, record.house_to, record.parity)
        )
        if record.date is not None:
            self.dates[(district, record.date)] = (record.start_time, record.end_time)
            self.first = min(self.first or record.date, record.date)
            self.last = max(self.last or record.date, record.date)


def apply_records(
    municipality,
    lines,
    *,
    kind,
    description="",
    trigger="admin",
    progress=None,
    user_id=None,
    run=None,
):
    """Import ``lines`` (``(line, Record | Refused)`` pairs); return the run:
    ``run`` (begun by the caller, see ``sources.run``) or a new one."""
    if run is None:
        run = ImportRun.objects.create(
            municipality=municipality,
            kind=kind,
            description=description[:300],
            trigger=trigger,
            requested_by_id=user_id,
        )
    fractions = {
        fraction.key: fraction
        for fraction in Fraction.objects.filter(
            municipality=municipality, locale_id=municipality.default_locale_id
        )
    }
    plan = _Plan()
    refusals = []
    try:
        for number, item in lines:
            if progress:
                progress(1)
            if isinstance(item, Refused):
                refusals.append({"line": number, "reason": str(item)})
                continue
            if item.fraction not in fractions:
                refusals.append(
                    {
                        "line": number,
                        "reason": _("Unknown fraction %(key)s.")
                        % {"key": repr(item.fraction)},
                    }
                )
                continue
            plan.add(item)
    except Exception as error:  # a source that breaks off mid-way
        return run.finish(ImportRun.Status.FAILED, str(error)[:2000])
    if refusals:
        return run.finish(
            ImportRun.Status.REFUSED,
            api.Message(gettext_noop("Lines were refused.")),
            refused=len(refusals),
            report={"refused": refusals[:MAX_REFUSALS_REPORTED]},
        )
    if not plan.fractions:
        return run.finish(
            ImportRun.Status.REFUSED, api.Message(gettext_noop("The source is empty."))
        )
    try:
        with transaction.atomic():
            report = _apply(municipality, plan, fractions)
    except Exception as error:  # a bug or the database: recorded, then raised
        run.finish(ImportRun.Status.FAILED, api.unexpected_error(error))
        raise
    run.finish(
        ImportRun.Status.SUCCEEDED,
        report={"changes": report, "refused": []},
        created=sum(part["created"] for part in report.values()),
        updated=sum(part.get("updated", 0) for part in report.values()),
        deleted=sum(part.get("deleted", 0) for part in report.values()),
        unchanged=sum(part["unchanged"] for part in report.values()),
    )
    api.content_changed(municipality, module="waste")
    return run


def _apply(municipality, plan, fractions):
    report = {}
    # Streets: matched by name and locality (ids change at year end).
    existing = {
        (street.name, street.locality): street
        for street in Street.objects.filter(municipality=municipality)
    }
    new_streets, changed = [], []
    for key, (postal_code, external_id) in plan.streets.items():
        street = existing.get(key)
        if street is None:
            new_streets.append(
                Street(
                    municipality=municipality,
                    name=key[0],
                    locality=key[1],
                    postal_code=postal_code,
                    external_id=external_id,
                    search_key=search_key(key[0]),
                )
            )
        elif (street.postal_code, street.external_id) != (postal_code, external_id):
            street.postal_code, street.external_id = postal_code, external_id
            changed.append(street)
    Street.objects.bulk_create(new_streets, batch_size=1000)
    Street.objects.bulk_update(changed, ["postal_code", "external_id"], batch_size=1000)
    report["streets"] = {
        "created": len(new_streets),
        "updated": len(changed),
        "unchanged": len(plan.streets) - len(new_streets) - len(changed),
    }
    streets = {
        (street.name, street.locality): street.pk
        for street in Street.objects.filter(municipality=municipality).only(
            "pk", "name", "locality"
        )
    }
    # Districts: matched by fraction and name.
    wanted_fractions = [fractions[key] for key in plan.fractions]
    existing = {
        (district.fraction.key, district.name): district
        for district in CollectionDistrict.objects.filter(
            municipality=municipality, fraction__in=wanted_fractions
        ).select_related("fraction")
    }
    new_districts, changed = [], []
    for key, (location, external_id) in plan.districts.items():
        district = existing.get(key)
        if district is None:
            new_districts.append(
                CollectionDistrict(
                    municipality=municipality,
                    fraction=fractions[key[0]],
                    name=key[1],
                    location=location,
                    external_id=external_id,
                )
            )
        elif (district.location, district.external_id) != (location, external_id):
            district.location, district.external_id = location, external_id
            changed.append(district)
    CollectionDistrict.objects.bulk_create(new_districts)
    CollectionDistrict.objects.bulk_update(changed, ["location", "external_id"])
    report["districts"] = {
        "created": len(new_districts),
        "updated": len(changed),
        "unchanged": len(plan.districts) - len(new_districts) - len(changed),
    }
    districts = {
        (district.fraction.key, district.name): district.pk
        for district in CollectionDistrict.objects.filter(
            municipality=municipality, fraction__in=wanted_fractions
        ).select_related("fraction")
    }
    district_ids = set(districts.values())
    # Assignments of the source's fractions: replaced.
    wanted = {
        (streets[street], districts[district], low, high, parity)
        for street, district, low, high, parity in plan.assignments
    }
    current = {}
    for row in StreetAssignment.objects.filter(
        district_id__in=district_ids
    ).values_list(
        "pk", "street_id", "district_id", "number_from", "number_to", "parity"
    ):
        current.setdefault(row[1:], []).append(row[0])
    stale = [
        pk
        for key, pks in current.items()
        for pk in (pks if key not in wanted else pks[1:])
    ]
    StreetAssignment.objects.filter(pk__in=stale).delete()
    StreetAssignment.objects.bulk_create(
        (
            StreetAssignment(
                municipality=municipality,
                street_id=street,
                district_id=district,
                number_from=low,
                number_to=high,
                parity=parity,
            )
            for street, district, low, high, parity in wanted - set(current)
        ),
        batch_size=2000,
    )
    report["assignments"] = {
        "created": len(wanted - set(current)),
        "deleted": len(stale),
        "unchanged": len(wanted & set(current)),
    }
    # Dates of the source's districts in the span it covers: replaced.
    wanted_dates = {
        (districts[district], day): times
        for (district, day), times in plan.dates.items()
    }
    existing_dates = {}
    if plan.first is not None:
        for row in CollectionDate.objects.filter(
            district_id__in=district_ids, date__gte=plan.first, date__lte=plan.last
        ).only("pk", "district_id", "date", "start_time", "end_time"):
            existing_dates[(row.district_id, row.date)] = row
    stale = [row.pk for key, row in existing_dates.items() if key not in wanted_dates]
    CollectionDate.objects.filter(pk__in=stale).delete()
    changed = []
    for key, (start, end) in wanted_dates.items():
        row = existing_dates.get(key)
        if row is not None and (row.start_time, row.end_time) != (start, end):
            row.start_time, row.end_time = start, end
            changed.append(row)
    CollectionDate.objects.bulk_update(changed, ["start_time", "end_time"])
    new_dates = [key for key in wanted_dates if key not in existing_dates]
    CollectionDate.objects.bulk_create(
        (
            CollectionDate(
                municipality=municipality,
                district_id=district,
                date=day,
                start_time=wanted_dates[(district, day)][0],
                end_time=wanted_dates[(district, day)][1],
            )
            for district, day in new_dates
        ),
        batch_size=2000,
    )
    report["dates"] = {
        "created": len(new_dates),
        "updated": len(changed),
        "deleted": len(stale),
        "unchanged": len(wanted_dates) - len(new_dates) - len(changed),
    }
    return report


def import_csv(municipality, text, *, description="CSV", **kwargs):
    return apply_records(
        municipality, parse_csv(text), kind="csv", description=description, **kwargs
    )
