"""Postal code positions: the shipped table and its import."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from ..errors import ImportFailed
from ..models import PostalCodeArea
from .common import BATCH_SIZE, UnknownPostalCode, batched

SHIPPED_POSTAL_CODES = Path(__file__).parent.parent / "data" / "postal_codes.csv"


def position_of_postal_code(postal_code):
    area = PostalCodeArea.objects.filter(code=str(postal_code).strip()).first()
    if area is None:
        raise UnknownPostalCode(postal_code)
    return area.latitude, area.longitude


POSTAL_CODE_COLUMNS = {
    "code": ("code", "plz", "postal_code", "postcode", "zipcode"),
    "place": ("place", "ort", "name", "city"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
}


def import_postal_codes(stream, *, progress=None):
    """Upsert postal code centroids from CSV text (``,`` or ``;``).

    Returns ``(created, updated)``. Raises ``ImportFailed`` naming the line of
    a bad row; nothing is stored then.
    """
    sample = stream.read(4096)
    stream.seek(0)
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(stream, delimiter=delimiter)
    header = {name.strip().lower(): name for name in reader.fieldnames or []}
    columns = {}
    for key, names in POSTAL_CODE_COLUMNS.items():
        found = next((header[name] for name in names if name in header), None)
        if found is None and key != "place":
            raise ImportFailed(
                gettext_noop("The CSV needs a column %(column)s."),
                column=repr(names[0]),
            )
        columns[key] = found
    created = updated = 0
    with transaction.atomic():
        for batch in batched(reader, BATCH_SIZE):
            areas = {}
            for row in batch:
                try:
                    latitude = float(row[columns["latitude"]].replace(",", "."))
                    longitude = float(row[columns["longitude"]].replace(",", "."))
                except (TypeError, ValueError, AttributeError):
                    raise ImportFailed(
                        gettext_noop(
                            "Line %(line)s: latitude and longitude must be numbers."
                        ),
                        line=reader.line_num,
                    ) from None
                code = (row[columns["code"]] or "").strip()
                if not code or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                    raise ImportFailed(
                        gettext_noop("Line %(line)s: bad code or position."),
                        line=reader.line_num,
                    )
                place = (
                    (row.get(columns["place"]) or "").strip()
                    if columns["place"]
                    else ""
                )
                areas[code] = PostalCodeArea(
                    code=code, place=place, latitude=latitude, longitude=longitude
                )
            existing = set(
                PostalCodeArea.objects.filter(code__in=list(areas)).values_list(
                    "code", flat=True
                )
            )
            PostalCodeArea.objects.bulk_create(
                list(areas.values()),
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["place", "latitude", "longitude"],
            )
            created += len(set(areas) - existing)
            updated += len(existing)
            if progress:
                progress(len(batch))
    return created, updated
