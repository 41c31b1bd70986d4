from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from rathaus.modules.jobs import services
from rathaus.modules.jobs.errors import ImportFailed


class Command(BaseCommand):
    help = (
        "Import postal code centroids from a CSV with columns code (or plz), "
        "place (or ort), latitude (or lat), longitude (or lon)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file (, or ; separated).")
        parser.add_argument(
            "--shipped",
            action="store_true",
            help="Import the centroids shipped with the module instead.",
        )

    def handle(self, *args, **options):
        if not options["file"] and not options["shipped"]:
            raise CommandError("Give a CSV file or --shipped.")
        path = services.SHIPPED_POSTAL_CODES if options["shipped"] else options["file"]
        try:
            with (
                open(path, encoding="utf-8-sig", newline="") as stream,
                tqdm(unit=" codes", disable=options["verbosity"] < 1) as bar,
            ):
                created, updated = services.import_postal_codes(
                    stream, progress=bar.update
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except ImportFailed as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{created} postal codes added, {updated} updated.")
