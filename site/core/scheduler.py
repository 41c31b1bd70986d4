"""The periodic jobs: django-tasks tasks that modules declare in
``ModuleConfig.periodic_tasks``, plus the core's own upkeep.

``run_due`` enqueues every job whose interval slot (Unix time // interval)
has not been claimed yet. A claim is a unique database row
(:class:`~.models.ScheduledRun`), so any number of schedulers (replicas, or a
cron ``--once`` beside a long-running one) enqueue each job once per
interval. The tasks do the work in a worker; they are idempotent.
"""

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from rathaus.site.module_platform.registry import all_modules

logger = logging.getLogger(__name__)

#: The core's upkeep: (interval in seconds, task path).
CORE_TASKS = (
    (3600, "rathaus.site.core.tasks.prune_submission_data"),
    (86400, "rathaus.site.content.tasks.prune_sync_states"),
)


@dataclass(frozen=True)
class PeriodicJob:
    interval: int
    path: str
    owner: str  # "core" or a module identifier

    def task(self):
        try:
            found = import_string(self.path)
        except ImportError as error:
            raise ImproperlyConfigured(
                f"{self.owner}: periodic task {self.path!r} cannot be imported."
            ) from error
        if not isinstance(found, Task):
            raise ImproperlyConfigured(
                f"{self.owner}: {self.path!r} is not a django-tasks task."
            )
        return found

    def slot(self, now):
        return int(now // self.interval)


def periodic_jobs():
    """Every job, the core's first, then by module and path."""
    jobs = [PeriodicJob(int(interval), path, "core") for interval, path in CORE_TASKS]
    for module in sorted(all_modules(), key=lambda module: module.identifier):
        for interval, path in module.periodic_tasks:
            if int(interval) < 60:
                raise ImproperlyConfigured(
                    f"{module.identifier}: {path} runs more often than once a minute."
                )
            jobs.append(PeriodicJob(int(interval), path, module.identifier))
    return jobs


def claim(job, now):
    """True if this scheduler won ``job``'s current slot."""
    from .models import ScheduledRun

    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job.path, slot=job.slot(now))
    except IntegrityError:
        return False
    return True


def run_due(now=None, jobs=None):
    """Enqueue every job whose current slot is unclaimed; return the paths
    enqueued. A failing job is logged and never stops the others."""
    now = time.time() if now is None else now
    enqueued = []
    for job in periodic_jobs() if jobs is None else jobs:
        try:
            task = job.task()
            if not claim(job, now):
                continue
            task.enqueue()
        except Exception:
            logger.exception("Periodic task %s could not be enqueued", job.path)
            continue
        logger.info("Periodic task %s enqueued", job.path)
        enqueued.append(job.path)
    return enqueued


def prune_claims(older_than=timedelta(days=7)):
    from .models import ScheduledRun

    deleted, _ = ScheduledRun.objects.filter(
        claimed_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
