"""Run the modules' periodic maintenance commands.

django-tasks has no scheduler of its own. This command is one: run it as a
long-lived process (the Docker image's ``scheduler`` role), or with ``--once``
from cron. Each module declares ``periodic_commands`` on its ModuleConfig.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from rathaus.site.module_platform.registry import all_modules

logger = logging.getLogger(__name__)


TASK = "task"


def periodic_commands():
    """(interval, command, args) of every installed module, in a stable order.

    A module's ``periodic_tasks`` appear as ``(interval, "task", (path,))``:
    running one enqueues the django-tasks task, so a worker does the work.
    """
    jobs = []
    for module in all_modules():
        for interval, command, *arguments in module.periodic_commands:
            jobs.append((int(interval), command, tuple(arguments)))
        for interval, task_path in module.periodic_tasks:
            jobs.append((int(interval), TASK, (task_path,)))
    return sorted(jobs, key=lambda job: (job[1], job[2]))


def run_job(command, arguments, stdout):
    """Run one job; a failure is logged and never stops the scheduler."""
    started = time.monotonic()
    try:
        if command == TASK:
            import_string(arguments[0]).enqueue()
        else:
            call_command(command, *arguments, stdout=stdout, verbosity=0)
    except Exception:
        logger.exception("Periodic command %s %s failed", command, " ".join(arguments))
        return False
    logger.info(
        "Periodic command %s %s took %.1f s",
        command,
        " ".join(arguments),
        time.monotonic() - started,
    )
    return True


class Command(BaseCommand):
    help = "Run the modules' periodic maintenance commands (forever, or --once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every command once and exit."
        )
        parser.add_argument(
            "--tick",
            type=float,
            default=30.0,
            help="Seconds between checks for due commands (default 30).",
        )

    def handle(self, *args, once=False, tick=30.0, **options):
        jobs = periodic_commands()
        if not jobs:
            self.stdout.write("No module declares periodic commands.")
            return
        for interval, command, arguments in jobs:
            self.stdout.write(f"every {interval:>5} s: {command} {' '.join(arguments)}")
        if once:
            failures = [
                command
                for _interval, command, arguments in jobs
                if not run_job(command, arguments, self.stdout)
            ]
            if failures:
                self.stderr.write("Failed: " + ", ".join(failures))
            return
        next_run = dict.fromkeys(jobs, 0.0)
        while True:  # ends with the process (SIGTERM from the orchestrator)
            now = time.monotonic()
            for job, due in next_run.items():
                if due <= now:
                    interval, command, arguments = job
                    run_job(command, arguments, self.stdout)
                    next_run[job] = time.monotonic() + interval
            time.sleep(tick)
