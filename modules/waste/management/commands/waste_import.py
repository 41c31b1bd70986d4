"""Import a municipality's waste calendar from a CSV file (see importing.py)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from rathaus.modules.waste.models import ImportRun
from rathaus.modules.waste.services import importing
from rathaus.site.module_platform import api


class Command(BaseCommand):
    help = "Import collection dates from a CSV file into a municipality."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Its slug.")
        parser.add_argument("--csv", required=True, help="Path of the CSV file.")

    def handle(self, *args, **options):
        municipality = api.Municipality.objects.filter(
            slug=options["municipality"]
        ).first()
        if municipality is None:
            raise CommandError(f"No municipality {options['municipality']!r}.")
        try:
            with open(options["csv"], encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the file: {error}") from error
        with tqdm(desc="Lines", unit=" lines", disable=options["verbosity"] < 1) as bar:
            run = importing.import_csv(
                municipality,
                text,
                description=options["csv"],
                trigger="command",
                progress=bar.update,
            )
        if run.status != ImportRun.Status.SUCCEEDED:
            for refusal in run.report.get("refused", []):
                self.stderr.write(f"line {refusal['line']}: {refusal['reason']}")
            raise CommandError(f"Import {run.status}: {run.error}")
        self.stdout.write(
            f"{run.created} created, {run.updated} updated, {run.deleted} deleted, "
            f"{run.unchanged} unchanged."
        )
