"""Background work (django-tasks): the poll cycle and one relay per warning.

``poll_all`` is what the scheduler enqueues every two minutes (see
``apps.py``). Each changed warning gets its own ``relay_warning`` task, so a
slow push provider never holds up the poll. Both are idempotent.
"""

from django_tasks import task

from .services import polling, relay


@task()
def relay_warning(alert_id, translate=True):
    return relay.relay(alert_id, translate=translate)


def enqueue_relay(alert_id):
    relay_warning.enqueue(alert_id)


@task()
def poll_all():
    results = polling.poll_cycle(relay=enqueue_relay)
    return {
        result.municipality.slug: {
            "outcome": result.outcome,
            "created": len(result.created),
            "updated": len(result.updated),
            "closed": len(result.closed),
            "ignored": result.ignored,
            "error": result.error,
        }
        for result in results
    }
