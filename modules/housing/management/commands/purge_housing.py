"""Delete ended housing listings with their photos, translations, relay
messages and reports (run daily, e.g. from cron or a scheduler)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from rathaus.modules.housing import services


class Command(BaseCommand):
    help = (
        "Delete expired, rejected and never-confirmed housing listings (after "
        "each municipality's purge_after_days) with their photos and contact data."
    )

    def handle(self, *args, **options):
        with tqdm(
            desc="Purging listings",
            unit="listing",
            disable=options["verbosity"] < 1,
        ) as bar:
            count = services.purge(progress=bar.update)
        self.stdout.write(f"Purged {count} housing listing(s).")
