"""Background imports (django-tasks).

``import_due_connectors`` is periodic (``apps.py``: the scheduler enqueues
it every 15 minutes); it enqueues one ``import_connector``
per connector whose interval has passed. ``import_now`` queues one from the
admin ("Import now"). Both are idempotent: an import
upserts by (municipality, source, reference), so running one twice or
retrying it after a crash leaves the same rows; and a connector is imported
by one task at a time (``services.runs``).
"""

import functools
import logging

from django.db import transaction
from django_tasks import task

from . import services
from .models import Connector, ImportRun

logger = logging.getLogger(__name__)


@task()
def import_connector(connector_id, trigger="task", run_id=None):
    """Import the connector: its queued run ``run_id``, or a new run."""
    connector = (
        Connector.objects.select_related("municipality").filter(pk=connector_id).first()
    )
    if connector is None:
        return None
    queued = None
    if run_id is not None:
        queued = ImportRun.objects.filter(pk=run_id, connector=connector).first()
        if queued is None:
            return None
    run = services.run_import(connector, trigger=trigger, run=queued)
    if run is None:  # another import of the connector is queued or running
        return {"run": None, "status": "skipped", "error": ""}
    return {"run": run.pk, "status": run.status, "error": run.error}


@task()
def import_due_connectors():
    connector_ids = [connector.pk for connector in services.due_connectors()]
    for connector_id in connector_ids:
        import_connector.enqueue(connector_id)
    return connector_ids


def import_now(connector, user):
    """Queue an import of ``connector`` and enqueue its task once committed.

    Returns ``(run, True)``, or ``(run, False)`` with the import already
    queued or running: then nothing is enqueued.
    """
    run, queued = services.queue_import(connector, user=user)
    if queued:
        transaction.on_commit(functools.partial(_enqueue, connector.pk, run))
    return run, queued


def _enqueue(connector_id, run):
    try:
        import_connector.enqueue(connector_id, trigger=run.trigger, run_id=run.pk)
    except Exception:  # the queue is down: the run must not wait forever
        logger.exception("Could not enqueue the import of connector %s", connector_id)
        services.fail_queued(run)
