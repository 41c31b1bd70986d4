"""The core's own upkeep (django-tasks), scheduled by ``run_scheduler``."""

from django_tasks import task

from . import idempotency, scheduler, uploads


@task()
def prune_submission_data():
    """Delete expired photo uploads, old idempotency keys and old scheduler
    claims."""
    return {
        "uploads": uploads.prune_uploads(),
        "idempotency_keys": idempotency.prune(),
        "scheduler_claims": scheduler.prune_claims(),
    }
