"""Background imports (django-tasks).

``import_due_connectors`` is periodic (``apps.py``: the scheduler enqueues
it every 15 minutes); it enqueues one ``import_connector``
per connector whose interval has passed; "Import now" in the admin queues
one (``api.ImportNowViewSetMixin``). Both are idempotent: an import
upserts by (municipality, source, reference), so running one twice or
retrying it after a crash leaves the same rows; and a connector is imported
by one task at a time (``api.BaseImportRun``).
"""

from django_tasks import task

from . import services
from .models import Connector


@task()
def import_connector(connector_id, trigger="task", run_id=None):
    """Import the connector: its queued run ``run_id``, or a new run."""
    connector = (
        Connector.objects.select_related("municipality").filter(pk=connector_id).first()
    )
    if connector is None:
        return None
    run = services.run_import(connector, trigger=trigger, run_id=run_id)
    if run is None:  # another import of the connector is queued or running
        return {"run": None, "status": "skipped", "error": ""}
    return {"run": run.pk, "status": run.status, "error": run.error}


@task()
def import_due_connectors():
    connector_ids = [connector.pk for connector in services.due_connectors()]
    for connector_id in connector_ids:
        import_connector.enqueue(connector_id)
    return connector_ids
