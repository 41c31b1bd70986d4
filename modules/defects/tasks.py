"""Background work (django-tasks). Thin: the logic is in services; the tasks
a service enqueues itself live beside it."""

from django_tasks import task

from . import services


@task()
def retry_due_forwardings_task():
    """Periodic (see ``apps.py``)."""
    return services.retry_due_forwardings()


@task()
def anonymise_closed_reports_task():
    """Periodic (see ``apps.py``)."""
    return services.anonymise_closed_reports()
