"""The defect reporter's upkeep by hand (the scheduler runs the same as
periodic tasks, see ``apps.py``):

- retries failed forwardings whose backoff has passed,
- anonymises reporters' contact data after the retention period.
"""

from django.core.management.base import BaseCommand

from rathaus.modules.defects import services


class Command(BaseCommand):
    help = "Retry due forwardings and anonymise closed reports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=["forwardings", "retention"],
            help="Run one part only.",
        )

    def handle(self, *args, only=None, **options):
        if only in (None, "forwardings"):
            count = services.retry_due_forwardings()
            self.stdout.write(f"Forwardings attempted: {count}")
        if only in (None, "retention"):
            count = services.anonymise_closed_reports()
            self.stdout.write(f"Reports anonymised: {count}")
