"""Scheduled upkeep of the defect reporter; run it from cron every few
minutes (e.g. ``*/5 * * * * manage.py defects_maintenance``):

- retries failed forwardings whose backoff has passed,
- anonymises reporters' contact data after the retention period,
- deletes expired photo uploads and old idempotency keys.
"""

from django.core.management.base import BaseCommand

from rathaus.modules.defects import services
from rathaus.site.core import idempotency, uploads


class Command(BaseCommand):
    help = "Retry forwardings, anonymise closed reports, prune uploads and keys."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only",
            choices=["forwardings", "retention", "prune"],
            help="Run one part only.",
        )

    def handle(self, *args, only=None, **options):
        if only in (None, "forwardings"):
            count = services.retry_due_forwardings()
            self.stdout.write(f"Forwardings attempted: {count}")
        if only in (None, "retention"):
            count = services.anonymise_closed_reports()
            self.stdout.write(f"Reports anonymised: {count}")
        if only in (None, "prune"):
            self.stdout.write(f"Uploads pruned: {uploads.prune_uploads()}")
            self.stdout.write(f"Idempotency keys pruned: {idempotency.prune()}")
