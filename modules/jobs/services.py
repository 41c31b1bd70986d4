"""The jobs module's domain logic: imports, expiry, search, postal codes.

Tasks, management commands, admin views and GraphQL resolvers all call these
functions.

Imports keep the last good data: an import writes in one transaction, which
commits only after the whole source was read and every record was valid;
any failure rolls it back and is recorded on the connector (``last_error``)
and its ``ImportRun``. Feeds are downloaded to a temporary file first (with
timeouts and bounded retries), then streamed from it, in batches of
``BATCH_SIZE``, so memory stays bounded for any size of feed.
"""

import csv
import datetime
import functools
import io
import logging
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import requests
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import F, FloatField, Q, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from rathaus.site.module_platform import api

from .connectors import feed as feed_connector
from .connectors import http, jobsearch
from .errors import ImportFailed
from .models import (
    Connector,
    ImportRun,
    JobOffer,
    OfferKind,
    PostalCodeArea,
    languages_column,
)
from .records import FIELD_NAMES, RecordError, normalise

logger = logging.getLogger(__name__)

MODULE = "jobs"
BATCH_SIZE = 1000
EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 200
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
#: Largest feed download, in bytes (``RATHAUS_JOBS_MAX_FEED_BYTES``).
MAX_FEED_BYTES = 500 * 1024 * 1024
SHIPPED_POSTAL_CODES = Path(__file__).parent / "data" / "postal_codes.csv"
UPDATABLE_FIELDS = list(FIELD_NAMES)


class SearchError(ValueError):
    """Bad search input; ``fields`` maps argument names to messages."""

    def __init__(self, fields, code="VALIDATION_ERROR"):
        self.fields = fields
        self.code = code
        super().__init__("; ".join(m for ms in fields.values() for m in ms))


class UnknownPostalCode(SearchError):
    def __init__(self, postal_code):
        super().__init__(
            {"postalCode": [f"No position is known for postal code {postal_code!r}."]},
            code="UNKNOWN_POSTAL_CODE",
        )


# Imports ---------------------------------------------------------------------


@dataclass
class ImportStats:
    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0
    errors: list = field(default_factory=list)


def allowed_kinds(connector):
    """Kinds the connector imports: its own list within the module's setting."""
    module_kinds = set(api.get_settings(connector.municipality, MODULE)["import_kinds"])
    kinds = set(connector.offer_kinds or []) or set(OfferKind.values)
    return [kind for kind in OfferKind.values if kind in kinds & module_kinds]


def _batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _upsert_batch(connector, run, records, stats, now):
    """Create or update one batch of normalised records (later ones win)."""
    by_reference = {}
    for record in records:
        by_reference[record["external_reference"]] = record
    existing = {
        offer.external_reference: offer
        for offer in JobOffer.objects.filter(
            municipality=connector.municipality,
            source=connector.source,
            external_reference__in=list(by_reference),
        )
    }
    to_create, to_update, unchanged = [], [], []
    for reference, record in by_reference.items():
        offer = existing.get(reference)
        if offer is None:
            offer = JobOffer(
                municipality=connector.municipality,
                connector=connector,
                source=connector.source,
                import_run=run,
                **record,
            )
            offer.languages = languages_column(offer.language_requirements)
            to_create.append(offer)
            continue
        changed = offer.connector_id != connector.pk
        for name, value in record.items():
            if getattr(offer, name) != value:
                setattr(offer, name, value)
                changed = True
        if changed:
            offer.connector = connector
            offer.import_run = run
            offer.languages = languages_column(offer.language_requirements)
            offer.updated_at = now
            to_update.append(offer)
        else:
            unchanged.append(offer.pk)
    JobOffer.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        JobOffer.objects.bulk_update(
            to_update,
            [
                *UPDATABLE_FIELDS,
                "source_modified_at",
                "languages",
                "connector",
                "import_run",
                "updated_at",
            ],
            batch_size=BATCH_SIZE,
        )
    if unchanged:
        JobOffer.objects.filter(pk__in=unchanged).update(import_run=run)
    stats.created += len(to_create)
    stats.updated += len(to_update)
    stats.unchanged += len(unchanged)


def _normalised(raw_records, kinds, stats, today):
    """Typed records; offers of other kinds and expired ones are skipped."""
    for number, raw in enumerate(raw_records, start=1):
        stats.seen += 1
        modified = raw.pop("source_modified_at", None)
        try:
            record = normalise(raw)
        except RecordError as error:
            raise ImportFailed(f"Offer {number}: {error}.") from None
        if record.get("kind", OfferKind.JOB) not in kinds or (
            record.get("expires_at") and record["expires_at"] < today
        ):
            stats.skipped += 1
            continue
        if modified is not None:
            record["source_modified_at"] = modified
        yield record


def store_records(connector, run, raw_records, *, progress=None):
    """Upsert every record and remove the connector's offers not seen.

    Runs in the caller's transaction; raises ``ImportFailed`` on the first bad
    record (the caller rolls back).
    """
    stats = ImportStats()
    now = timezone.now()
    today = timezone.localdate()
    kinds = allowed_kinds(connector)
    records = _normalised(raw_records, kinds, stats, today)
    for batch in _batched(records, BATCH_SIZE):
        _upsert_batch(connector, run, batch, stats, now)
        if progress:
            progress(len(batch))
    stored = stats.created + stats.updated + stats.unchanged
    if stored == 0:
        # An empty source is more likely broken than empty: keep what we have.
        current = JobOffer.objects.filter(connector=connector).count()
        if current:
            raise ImportFailed(
                f"The source has no offers (read {stats.seen}); keeping the "
                f"{current} current offers."
            )
    stats.removed, _by_model = (
        JobOffer.objects.filter(connector=connector).exclude(import_run=run).delete()
    )
    stats.removed += remove_expired(connector.municipality, today=today)
    return stats


def _raw_records(connector, source_file):
    """(raw records, a close function) for the connector's source."""
    if connector.kind == Connector.Kind.JOBSEARCH:
        known = dict(
            JobOffer.objects.filter(
                municipality=connector.municipality, source=connector.source
            ).values_list("external_reference", "source_modified_at")
        )
        return jobsearch.fetch_offers(connector, allowed_kinds(connector), known), None
    if connector.kind == Connector.Kind.FEED:
        if source_file is not None:
            stream = open(source_file, "rb")  # noqa: SIM115 - closed by the caller
        else:
            if not connector.feed_url:
                raise ImportFailed("The connector has no feed URL.")
            stream = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
            try:
                http.download(
                    requests.Session(),
                    connector.feed_url,
                    stream,
                    max_bytes=getattr(
                        django_settings, "RATHAUS_JOBS_MAX_FEED_BYTES", MAX_FEED_BYTES
                    ),
                )
            except BaseException:
                stream.close()
                raise
        try:
            records = feed_connector.iter_feed(
                stream,
                connector.feed_format,
                connector.field_mapping,
                items_path=connector.items_path,
                delimiter=connector.csv_delimiter,
            )
        except BaseException:
            stream.close()
            raise

        def close():
            records.close()  # the parser first, then its file
            stream.close()

        return records, close
    raise ImportFailed("Manual connectors have nothing to import.")


def run_import(connector, *, trigger="task", source_file=None, progress=None):
    """Import one connector; returns its ``ImportRun`` (succeeded or failed).

    ``source_file`` reads a feed from a local file instead of its URL (the
    demo, ``import_jobs --file``). Never raises for a bad source: the error
    is stored on the run and the connector, the old offers stay.
    """
    municipality = connector.municipality
    run = ImportRun.objects.create(
        municipality=municipality, connector=connector, trigger=trigger
    )
    connector.last_run_at = run.started_at
    close = None
    try:
        if not api.is_enabled(municipality, MODULE):
            raise ImportFailed("The jobs module is not enabled for the municipality.")
        module_settings = api.get_settings(municipality, MODULE)
        if connector.kind not in module_settings["enabled_connector_kinds"]:
            raise ImportFailed(
                f"{connector.get_kind_display()} connectors are switched off in "
                "the module's settings."
            )
        if not connector.enabled:
            raise ImportFailed("The connector is switched off.")
        raw_records, close = _raw_records(connector, source_file)
        with transaction.atomic():
            stats = store_records(connector, run, raw_records, progress=progress)
            transaction.on_commit(lambda: api.content_changed(municipality))
    except ImportFailed as error:
        return _fail(connector, run, str(error))
    except Exception as error:  # an unexpected bug must not hide behind a retry
        logger.exception("Import of connector %s failed", connector.pk)
        _fail(connector, run, f"Unexpected error: {type(error).__name__}.")
        raise
    finally:
        if close:
            close()
    run.status = ImportRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    for name in ("seen", "created", "updated", "unchanged", "skipped", "removed"):
        setattr(run, name, getattr(stats, name))
    run.save()
    connector.last_success_at = run.finished_at
    connector.offer_count = JobOffer.objects.filter(connector=connector).count()
    connector.save(update_fields=["last_run_at", "last_success_at", "offer_count"])
    return run


def _fail(connector, run, message):
    now = timezone.now()
    logger.warning("Import of connector %s failed: %s", connector.pk, message)
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.FAILED, finished_at=now, error=message
    )
    run.refresh_from_db()
    connector.last_error = message
    connector.last_error_at = now
    connector.save(update_fields=["last_run_at", "last_error", "last_error_at"])
    return run


def due_connectors(now=None):
    """Enabled import connectors of municipalities using the module whose
    last run is older than the municipality's import interval."""
    now = now or timezone.now()
    connectors = (
        Connector.objects.filter(enabled=True)
        .exclude(kind=Connector.Kind.MANUAL)
        .filter(
            municipality__module_activations__module=MODULE,
            municipality__module_activations__enabled=True,
        )
        .select_related("municipality")
    )
    due = []
    intervals = {}
    for connector in connectors:
        municipality = connector.municipality
        if municipality.pk not in intervals:
            hours = api.get_settings(municipality, MODULE)["import_interval_hours"]
            intervals[municipality.pk] = datetime.timedelta(hours=hours)
        if (
            connector.last_run_at is None
            or connector.last_run_at + intervals[municipality.pk] <= now
        ):
            due.append(connector)
    return due


def remove_expired(municipality=None, today=None):
    """Delete offers whose expiry date has passed; returns how many."""
    today = today or timezone.localdate()
    offers = JobOffer.objects.filter(expires_at__lt=today)
    if municipality is not None:
        offers = offers.filter(municipality=municipality)
    slugs = set(offers.values_list("municipality__slug", flat=True).distinct())
    deleted, _by_model = offers.delete()
    for slug in slugs:
        transaction.on_commit(functools.partial(api.content_changed, slug))
    return deleted


# Postal codes ----------------------------------------------------------------


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
            raise ImportFailed(f"The CSV needs a column {names[0]!r}.")
        columns[key] = found
    created = updated = 0
    with transaction.atomic():
        for batch in _batched(reader, BATCH_SIZE):
            areas = {}
            for row in batch:
                try:
                    latitude = float(row[columns["latitude"]].replace(",", "."))
                    longitude = float(row[columns["longitude"]].replace(",", "."))
                except (TypeError, ValueError, AttributeError):
                    raise ImportFailed(
                        f"Line {reader.line_num}: latitude and longitude must be "
                        "numbers."
                    ) from None
                code = (row[columns["code"]] or "").strip()
                if not code or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                    raise ImportFailed(f"Line {reader.line_num}: bad code or position.")
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


def load_shipped_postal_codes():
    """The centroids shipped with the module (the demo municipalities)."""
    with SHIPPED_POSTAL_CODES.open(encoding="utf-8", newline="") as stream:
        return import_postal_codes(io.StringIO(stream.read()))


# Search ----------------------------------------------------------------------


@dataclass
class SearchResult:
    offers: list
    total_count: int


def _distance_km(latitude, longitude):
    """Haversine distance from a point, as an SQL expression (SQLite and
    PostgreSQL both have the math functions Django needs)."""
    lat0 = math.radians(latitude)
    lng0 = math.radians(longitude)
    half_dlat = (Radians(F("latitude")) - Value(lat0)) / Value(2.0)
    half_dlng = (Radians(F("longitude")) - Value(lng0)) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(math.cos(lat0)) * Cos(
        Radians(F("latitude"))
    ) * Power(Sin(half_dlng), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(
        Sqrt(Least(Value(1.0), a, output_field=FloatField()))
    )


def _bounding_box(latitude, longitude, radius_km):
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlng = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return latitude - dlat, latitude + dlat, longitude - dlng, longitude + dlng


def validate_search(
    *,
    kind=None,
    radius_km=None,
    near=None,
    postal_code=None,
    language=None,
    first=None,
    offset=None,
):
    errors = {}
    if kind is not None and kind not in OfferKind.values:
        errors["kind"] = [f"Unknown kind {kind!r}."]
    if radius_km is not None and not 0 < radius_km <= MAX_RADIUS_KM:
        errors["radiusKm"] = [
            f"The radius must be above 0 and at most {MAX_RADIUS_KM} km."
        ]
    if near is not None and postal_code:
        errors["near"] = ["Give either near or postalCode, not both."]
    if radius_km is not None and near is None and not postal_code:
        errors["radiusKm"] = ["A radius needs near or postalCode."]
    if near is not None and not (-90 <= near[0] <= 90 and -180 <= near[1] <= 180):
        errors["near"] = ["Not a WGS84 position."]
    if language is not None:
        from .records import LANGUAGE_CODE

        if not LANGUAGE_CODE.match(language.lower()):
            errors["language"] = [f"{language!r} is not a language code."]
    if first is not None and not 0 <= first <= MAX_PAGE_SIZE:
        errors["first"] = [f"The page size must be between 0 and {MAX_PAGE_SIZE}."]
    if offset is not None and offset < 0:
        errors["offset"] = ["The offset cannot be negative."]
    if errors:
        raise SearchError(errors)


def search_offers(
    municipality,
    *,
    kind=None,
    text=None,
    near=None,
    postal_code=None,
    radius_km=None,
    suitable_for_refugees=None,
    language=None,
    first=DEFAULT_PAGE_SIZE,
    offset=0,
):
    """One page of current offers and the total count.

    ``near`` is a (latitude, longitude) pair. With a position (``near`` or a
    postal code's centroid) offers are limited to the radius (default: the
    module's setting) and ordered by distance, each with ``distance_km``.
    """
    validate_search(
        kind=kind,
        radius_km=radius_km,
        near=near,
        postal_code=postal_code,
        language=language,
        first=first,
        offset=offset,
    )
    offers = JobOffer.objects.current().filter(municipality=municipality)
    if kind:
        offers = offers.filter(kind=kind)
    if suitable_for_refugees is not None:
        offers = offers.filter(suitable_for_refugees=suitable_for_refugees)
    if language:
        offers = offers.filter(languages__contains=f",{language.lower()},")
    for word in (text or "").split()[:8]:
        offers = offers.filter(
            Q(title__icontains=word)
            | Q(employer__icontains=word)
            | Q(occupation__icontains=word)
            | Q(description__icontains=word)
            | Q(place__icontains=word)
        )
    if postal_code:
        near = position_of_postal_code(postal_code)
    if near is not None:
        if radius_km is None:
            radius_km = api.get_settings(municipality, MODULE)[
                "default_search_radius_km"
            ]
        south, north, west, east = _bounding_box(near[0], near[1], radius_km)
        offers = (
            offers.filter(
                latitude__gte=south,
                latitude__lte=north,
                longitude__gte=west,
                longitude__lte=east,
            )
            .annotate(distance_km=_distance_km(*near))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "-published_at", "pk")
        )
    else:
        offers = offers.order_by("-published_at", "-pk")
    total = offers.count()
    page = list(offers[offset : offset + first]) if first else []
    return SearchResult(offers=page, total_count=total)


def get_offer(municipality, pk):
    return JobOffer.objects.current().filter(municipality=municipality, pk=pk).first()


# Lifecycle -------------------------------------------------------------------
