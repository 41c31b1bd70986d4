"""Background work of the waste module (django-tasks)."""

from django_tasks import task

from .services import importing, reminders


@task()
def send_due_reminders():
    """Enqueued every few minutes by the scheduler (see apps.py)."""
    return reminders.send_due()


@task()
def run_import_source(source_id, user_id=None, trigger="task"):
    """Import from a configured source (AbfallNavi or ICS feeds)."""
    run = importing.run_source(source_id, user_id=user_id, trigger=trigger)
    return None if run is None else {"run": run.pk, "status": run.status}
