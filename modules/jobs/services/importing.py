"""Feed imports and expiry.

Imports keep the last good data: an import writes in one transaction, which
commits only after the whole source was read and every record was valid;
any failure rolls it back and is recorded on the connector (``last_error``)
and its ``ImportRun``. Feeds are downloaded to a temporary file first (with
timeouts and bounded retries), then streamed from it, in batches of
``BATCH_SIZE``, so memory stays bounded for any size of feed.
"""

import contextlib
import datetime
import functools
import logging
import tempfile
from dataclasses import dataclass

import requests
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from rathaus.site.module_platform import api

from ..connectors import feed as feed_connector
from ..connectors import jobsearch
from ..errors import ImportFailed
from ..models import (
    Connector,
    ImportRun,
    JobOffer,
    OfferKind,
    languages_column,
)
from ..records import FIELD_NAMES, RecordError, normalise
from .common import BATCH_SIZE, MODULE, batched

logger = logging.getLogger(__name__)

#: Largest feed download, in bytes (``RATHAUS_JOBS_MAX_FEED_BYTES``).
MAX_FEED_BYTES = 500 * 1024 * 1024


@dataclass
class ImportStats:
    seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0


def allowed_kinds(connector):
    """Kinds the connector imports: its own list within the module's setting."""
    module_kinds = set(api.get_settings(connector.municipality, MODULE)["import_kinds"])
    kinds = set(connector.offer_kinds or []) or set(OfferKind.values)
    return [kind for kind in OfferKind.values if kind in kinds & module_kinds]


def _upsert_batch(connector, run, records, stats, now):
    """Create or update one batch of normalised records (later ones win)."""
    by_reference = {record["external_reference"]: record for record in records}
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
                *FIELD_NAMES,
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
            raise ImportFailed(
                gettext_noop("Offer %(number)s: %(error)s."), number=number, error=error
            ) from None
        if record.get("kind", OfferKind.JOB) not in kinds or (
            record.get("expires_at") and record["expires_at"] < today
        ):
            stats.skipped += 1
            continue
        if modified is not None:
            record["source_modified_at"] = modified
        yield record


def store_records(connector, run, raw_records, *, progress, stats):
    """Upsert every record and remove the connector's offers not seen.

    Runs in the caller's transaction; raises ``ImportFailed`` on the first bad
    record (the caller rolls back). After each batch the run's progress is
    published and ``progress(count)`` is called; ``stats`` (an
    ``ImportStats``) is counted into as it goes.
    """
    now = timezone.now()
    today = timezone.localdate()
    records = _normalised(raw_records, allowed_kinds(connector), stats, today)
    for batch in batched(records, BATCH_SIZE):
        _upsert_batch(connector, run, batch, stats, now)
        run.report_progress(stats)
        if progress:
            progress(len(batch))
    stored = stats.created + stats.updated + stats.unchanged
    if stored == 0:
        # An empty source is more likely broken than empty: keep what we have.
        current = JobOffer.objects.filter(connector=connector).count()
        if current:
            raise ImportFailed(
                gettext_noop(
                    "The source has no offers (read %(seen)s); keeping the "
                    "%(current)s current offers."
                ),
                seen=stats.seen,
                current=current,
            )
    stats.removed, _by_model = (
        JobOffer.objects.filter(connector=connector).exclude(import_run=run).delete()
    )
    stats.removed += remove_expired(connector.municipality, today=today)


def _raw_records(connector, source_file, cleanup):
    """The raw records of the connector's source; what they read is closed
    by ``cleanup`` (an ``ExitStack``)."""
    if connector.kind == Connector.Kind.JOBSEARCH:
        known = dict(
            JobOffer.objects.filter(
                municipality=connector.municipality, source=connector.source
            ).values_list("external_reference", "source_modified_at")
        )
        return jobsearch.fetch_offers(connector, allowed_kinds(connector), known)
    if connector.kind != Connector.Kind.FEED:
        raise ImportFailed(gettext_noop("Manual connectors have nothing to import."))
    if source_file is not None:
        stream = cleanup.enter_context(open(source_file, "rb"))  # noqa: SIM115
    elif not connector.feed_url:
        raise ImportFailed(gettext_noop("The connector has no feed URL."))
    else:
        stream = cleanup.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        api.http_download(
            requests.Session(),
            connector.feed_url,
            stream,
            max_bytes=getattr(
                django_settings, "RATHAUS_JOBS_MAX_FEED_BYTES", MAX_FEED_BYTES
            ),
            too_large=gettext_noop("The feed at %(url)s is larger than %(size)s MB."),
        )
    records = feed_connector.iter_feed(
        stream,
        connector.feed_format,
        connector.field_mapping,
        items_path=connector.items_path,
        delimiter=connector.csv_delimiter,
    )
    cleanup.callback(records.close)  # the parser before its file
    return records


def run_import(
    connector, *, trigger="task", source_file=None, progress=None, run_id=None
):
    """Import one connector; returns its ``ImportRun`` (succeeded or failed).

    ``run_id`` is the connector's queued run to carry out (``ImportRun.queue``);
    without it a new run is recorded with ``trigger``. Returns None, importing
    nothing, when another import of the connector is queued or running (or
    that run is no longer queued): two imports of one source never overlap.
    ``source_file`` reads a feed from a local file instead of its URL (the
    demo, ``import_jobs --file``); ``progress(count)`` is called after each
    batch of offers. Never raises for a bad source: the error is stored on
    the run and the connector, the old offers stay.
    """
    municipality = connector.municipality
    run = ImportRun.begin(connector, trigger=trigger, run_id=run_id)
    if run is None:
        return None
    connector.last_run_at = run.started_at
    stats = ImportStats()
    cleanup = contextlib.ExitStack()
    try:
        if not api.is_enabled(municipality, MODULE):
            raise ImportFailed(
                gettext_noop("The jobs module is not enabled for the municipality.")
            )
        module_settings = api.get_settings(municipality, MODULE)
        if connector.kind not in module_settings["enabled_connector_kinds"]:
            raise ImportFailed(
                gettext_noop(
                    "%(kind)s connectors are switched off in the module's settings."
                ),
                kind=api.Message(api.msgid_of(Connector.Kind(connector.kind).label)),
            )
        if not connector.enabled:
            raise ImportFailed(gettext_noop("The connector is switched off."))
        run.report_progress(stats)
        raw_records = _raw_records(connector, source_file, cleanup)
        with transaction.atomic():
            store_records(connector, run, raw_records, progress=progress, stats=stats)
            transaction.on_commit(
                lambda: api.content_changed(municipality, module="jobs")
            )
    except api.MessageError as error:  # an ImportFailed or a TransportError
        return _fail(connector, run, error)
    except Exception as error:  # an unexpected bug must not hide behind a retry
        logger.exception("Import of connector %s failed", connector.pk)
        _fail(connector, run, api.unexpected_error(error))
        raise
    finally:
        cleanup.close()
    run.finish(ImportRun.Status.SUCCEEDED, **vars(stats))
    connector.last_success_at = run.finished_at
    connector.offer_count = JobOffer.objects.filter(connector=connector).count()
    connector.save(update_fields=["last_run_at", "last_success_at", "offer_count"])
    return run


def _fail(connector, run, error):
    """Record ``error`` (an ``api.Message``) on the run and the connector: its
    English text, and its structured form that the admin renders."""
    logger.warning("Import of connector %s failed: %s", connector.pk, error)
    run.finish(ImportRun.Status.FAILED, error)
    stored = error.stored("last_error")
    for name, value in stored.items():
        setattr(connector, name, value)
    connector.last_error_at = run.finished_at
    connector.save(update_fields=["last_run_at", "last_error_at", *stored])
    return run


def due_connectors(now=None):
    """Enabled import connectors of municipalities using the module whose
    last run is older than the municipality's import interval."""
    now = now or timezone.now()
    connectors = (
        Connector.objects.filter(
            enabled=True, municipality__in=api.municipalities_where_enabled(MODULE)
        )
        .exclude(kind=Connector.Kind.MANUAL)
        .select_related("municipality")
    )

    @functools.cache
    def interval(municipality):
        hours = api.get_settings(municipality, MODULE)["import_interval_hours"]
        return datetime.timedelta(hours=hours)

    return [
        connector
        for connector in connectors
        if connector.last_run_at is None
        or connector.last_run_at + interval(connector.municipality) <= now
    ]


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
