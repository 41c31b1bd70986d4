"""django-tasks tasks; the periodic ones are declared in apps.py."""

from django_tasks import task

from .services import devices, fanout, sending


@task()
def deliver_message(message_id):
    """Fan one message out to its devices (idempotent: claims, resumes)."""
    return fanout.deliver(message_id)


@task()
def send_due_messages():
    """Enqueue scheduled messages whose time (and quiet hours) has passed."""
    return sending.enqueue_due()


@task()
def remove_stale_devices():
    return devices.remove_stale()
