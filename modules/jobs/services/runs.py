"""Import runs: queueing ("Import now"), one import per connector at a time,
and the progress the admin shows.

A run is queued (the admin asked for it, a task will start it), running,
then succeeded or failed. The database allows one queued or running run per
connector (a partial unique constraint), so a second "Import now", or the
scheduler while an import runs, starts nothing: an insert races no check.
A run left queued or running by a worker that died is given up after
``RATHAUS_JOBS_IMPORT_STALE_MINUTES`` (default 180), so the connector can be
imported again.

Counts so far: the import writes its offers in one transaction, so the run's
row shows its counts only at the end; while it runs, they are in the cache
after every batch (across processes with Redis; with a per-process cache the
admin sees the state, and the counts once the run has finished).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from rathaus.site.module_platform import api

from ..models import ImportRun

COUNT_FIELDS = ("seen", "created", "updated", "unchanged", "skipped", "removed")
PROGRESS_TIMEOUT = 24 * 60 * 60
DEFAULT_STALE_MINUTES = 180

INTERRUPTED = api.Message(
    gettext_noop("The import stopped without finishing and was given up.")
)
NOT_QUEUED = api.Message(gettext_noop("The import could not be queued."))


def latest_run(connector):
    return ImportRun.objects.filter(connector=connector).order_by("-pk").first()


def latest_runs(connectors):
    """Connector id -> its latest run, in one query."""
    latest = (
        ImportRun.objects.filter(connector__in=[c.pk for c in connectors])
        .values("connector")
        .annotate(latest=Max("pk"))
        .values("latest")
    )
    return {run.connector_id: run for run in ImportRun.objects.filter(pk__in=latest)}


def release_stale_runs(connector):
    """Fail the connector's runs queued or running for too long (their
    worker died); returns how many."""
    now = timezone.now()
    minutes = getattr(
        settings, "RATHAUS_JOBS_IMPORT_STALE_MINUTES", DEFAULT_STALE_MINUTES
    )
    return ImportRun.objects.filter(
        connector=connector,
        status__in=ImportRun.ACTIVE_STATUSES,
        started_at__lt=now - datetime.timedelta(minutes=minutes),
    ).update(status=ImportRun.Status.FAILED, finished_at=now, **INTERRUPTED.stored())


def _create_active_run(connector, *, status, trigger, user=None):
    """A new queued or running run, or None when the connector has one."""
    release_stale_runs(connector)
    try:
        with transaction.atomic():
            return ImportRun.objects.create(
                municipality_id=connector.municipality_id,
                connector=connector,
                trigger=trigger,
                status=status,
                requested_by=user,
            )
    except IntegrityError:  # the constraint: one queued or running run
        return None


def queue_import(connector, *, trigger="admin", user=None):
    """``(run, True)`` with a new queued run, or ``(run, False)`` with the
    connector's queued or running one: then nothing is to be enqueued."""
    run = _create_active_run(
        connector, status=ImportRun.Status.QUEUED, trigger=trigger, user=user
    )
    if run is not None:
        return run, True
    return latest_run(connector), False


def begin_run(connector, *, trigger, run=None):
    """The run to import now, marked running: ``run`` (a queued run), or a new
    one. None when ``run`` is no longer queued (another worker took it) or
    another import of the connector is queued or running."""
    if run is None:
        return _create_active_run(
            connector, status=ImportRun.Status.RUNNING, trigger=trigger
        )
    taken = ImportRun.objects.filter(
        pk=run.pk, connector=connector, status=ImportRun.Status.QUEUED
    ).update(status=ImportRun.Status.RUNNING, started_at=timezone.now())
    if not taken:
        return None
    run.refresh_from_db()
    return run


def fail_queued(run, message=NOT_QUEUED):
    """Give up a queued run whose task could not be enqueued; ``message`` is
    an ``api.Message``."""
    ImportRun.objects.filter(pk=run.pk, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.FAILED, finished_at=timezone.now(), **message.stored()
    )


# Progress --------------------------------------------------------------------


def _progress_key(run_pk):
    return f"jobs:import-run:{run_pk}:progress"


def report_progress(run, stats):
    """Publish the counts so far of a running import (cheap: one cache set)."""
    cache.set(
        _progress_key(run.pk),
        {name: getattr(stats, name) for name in COUNT_FIELDS},
        PROGRESS_TIMEOUT,
    )


def forget_progress(run):
    cache.delete(_progress_key(run.pk))


def counts_of(run):
    """The run's counts: so far while it runs, else as recorded."""
    if run.status == ImportRun.Status.RUNNING:
        so_far = cache.get(_progress_key(run.pk)) or {}
        return {name: so_far.get(name, 0) for name in COUNT_FIELDS}
    return {name: getattr(run, name) for name in COUNT_FIELDS}


def error_text(run):
    """The run's error in the active language."""
    return api.message_text(run.error, run.error_detail)


def counts_text(counts):
    return gettext(
        "%(seen)s read, %(created)s new, %(updated)s updated, %(removed)s removed"
    ) % {name: counts[name] for name in ("seen", "created", "updated", "removed")}


def summary(run):
    """One line for the listing and the status page, in the active language."""
    if run is None:
        return gettext("Never imported")
    label = run.get_status_display()
    if run.status == ImportRun.Status.QUEUED:
        return label
    if run.status == ImportRun.Status.FAILED:
        return f"{label}: {error_text(run)}"
    return f"{label}: {counts_text(counts_of(run))}"


def status_of(run):
    """The run as the status page's JSON answer shows it."""
    if run is None:
        return {"run": None, "status": None, "active": False, "summary": summary(run)}
    return {
        "run": run.pk,
        "status": run.status,
        "label": str(run.get_status_display()),
        "active": run.is_active,
        "trigger": run.trigger,
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "counts": counts_of(run),
        "error": error_text(run),
        "summary": summary(run),
    }
