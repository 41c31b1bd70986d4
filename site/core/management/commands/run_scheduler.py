"""Enqueue the periodic django-tasks tasks (``ModuleConfig.periodic_tasks``
and the core's upkeep) when they are due.

django-tasks has no scheduler of its own. Run this as a long-lived process
(the Docker image's ``scheduler`` role), or with ``--once`` from cron. Several
may run at once: each job is enqueued once per interval (see
``rathaus.site.core.scheduler``).
"""

import time

from django.core.management.base import BaseCommand

from rathaus.site.core import scheduler


class Command(BaseCommand):
    help = "Enqueue the periodic tasks when they are due (forever, or --once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue the due tasks and exit."
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=30.0,
            help="Seconds between checks for due tasks (default 30).",
        )

    def handle(self, *args, once=False, tick=30.0, **options):
        jobs = scheduler.periodic_jobs()
        for job in jobs:
            job.task()  # fail at start-up, not at the first run, on a bad path
            self.stdout.write(f"every {job.interval:>5} s: {job.path} ({job.owner})")
        while True:  # ends with the process (SIGTERM from the orchestrator)
            scheduler.run_due(jobs=jobs)
            if once:
                return
            time.sleep(tick)
