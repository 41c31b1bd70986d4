"""Background work of the waste module (django-tasks)."""

from django_tasks import task

from rathaus.site.module_platform import api

from .services import bulky, importing, reminders, sources


@task()
def send_due_reminders():
    """Enqueued every few minutes by the scheduler (see apps.py)."""
    return reminders.send_due()


@task()
def import_csv_upload(municipality_id, text, description="CSV", user_id=None):
    """The admin's CSV upload, run in the background (see services/importing)."""
    municipality = api.Municipality.objects.get(pk=municipality_id)
    run = importing.import_csv(
        municipality, text, description=description, trigger="admin", user_id=user_id
    )
    return {"run": run.pk, "status": run.status}


@task()
def run_import_source(source_id, trigger="task", run_id=None, user_id=None):
    """Import from a configured source (AbfallNavi or ICS feeds): its queued
    run ``run_id`` ("Import now" in the admin), or a new run. ``user_id`` is
    ignored (tasks queued before runs were queued by the admin pass it)."""
    run = sources.run(source_id, trigger=trigger, run_id=run_id)
    return None if run is None else {"run": run.pk, "status": run.status}


@task()
def forward_bulky_request(request_id):
    """Forward a bulky-waste request to the operator and confirm it."""
    return bulky.process(request_id)


@task()
def retry_bulky_forwarding():
    """Periodic: forward again what failed (bounded attempts)."""
    return len(bulky.retry_failed())
