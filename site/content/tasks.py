"""Content upkeep (django-tasks), scheduled by ``run_scheduler``."""

from django_tasks import task

from .models import SyncState


@task()
def prune_sync_states():
    """Delete delta-sync states no app used for 30 days."""
    return {"sync_states": SyncState.prune()}
