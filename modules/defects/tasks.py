"""Background work (django-tasks). Thin: the logic is in services; the tasks
a service enqueues itself live beside it."""

from django_tasks import task

from . import services
from .services.forwarding import send_forwarding_task
from .services.notices import notify_reporter_task

__all__ = [
    "anonymise_closed_reports_task",
    "notify_reporter_task",
    "retry_due_forwardings_task",
    "send_forwarding_task",
]


@task()
def retry_due_forwardings_task():
    """Periodic (see ``apps.py``)."""
    return services.retry_due_forwardings()


@task()
def anonymise_closed_reports_task():
    """Periodic (see ``apps.py``)."""
    return services.anonymise_closed_reports()
