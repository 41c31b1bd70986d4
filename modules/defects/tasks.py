"""Background work (django-tasks). Thin: the logic is in services."""

from django_tasks import task

from . import services


@task()
def send_forwarding_task(forwarding_id):
    forwarding = services.send_forwarding(forwarding_id)
    return forwarding.state if forwarding is not None else None


@task()
def retry_due_forwardings_task():
    return services.retry_due_forwardings()


@task()
def notify_reporter_task(event_id):
    return services.notify_reporter(event_id)


@task()
def anonymise_closed_reports_task():
    return services.anonymise_closed_reports()
