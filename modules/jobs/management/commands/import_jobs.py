from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from rathaus.modules.jobs import services
from rathaus.modules.jobs.models import Connector, ImportRun


class Command(BaseCommand):
    help = "Import job offers from connectors (all enabled ones by default)."

    def add_arguments(self, parser):
        parser.add_argument("--municipality", help="Municipality slug.")
        parser.add_argument("--connector", help="Connector id or name.")
        parser.add_argument(
            "--file", help="Read the feed from this file instead of its URL."
        )
        parser.add_argument(
            "--due", action="store_true", help="Only connectors whose interval passed."
        )

    def handle(self, *args, **options):
        connectors = (
            Connector.objects.select_related("municipality")
            .exclude(kind=Connector.Kind.MANUAL)
            .filter(enabled=True)
        )
        if options["municipality"]:
            connectors = connectors.filter(municipality__slug=options["municipality"])
        if options["connector"]:
            value = options["connector"]
            connectors = connectors.filter(
                **({"pk": int(value)} if value.isdigit() else {"name": value})
            )
        if options["due"]:
            due = {connector.pk for connector in services.due_connectors()}
            connectors = connectors.filter(pk__in=due)
        connectors = list(connectors)
        if not connectors and options["due"]:
            self.stdout.write("No connector is due.")
            return
        if not connectors:
            raise CommandError("No enabled connector matches.")
        if options["file"] and len(connectors) != 1:
            raise CommandError("--file needs exactly one connector.")
        failed = 0
        for connector in connectors:
            with tqdm(
                desc=f"{connector.municipality.slug}: {connector.name}",
                unit=" offers",
                disable=options["verbosity"] < 1,
            ) as bar:
                run = services.run_import(
                    connector,
                    trigger="command",
                    source_file=options["file"],
                    progress=bar.update,
                )
            if run is None:
                self.stderr.write(
                    f"{connector}: skipped: an import is already queued or running."
                )
            elif run.status == ImportRun.Status.SUCCEEDED:
                self.stdout.write(
                    f"{connector}: {run.created} new, {run.updated} updated, "
                    f"{run.unchanged} unchanged, {run.skipped} skipped, "
                    f"{run.removed} removed."
                )
            else:
                failed += 1
                self.stderr.write(f"{connector}: failed: {run.error}")
        if failed:
            raise CommandError(f"{failed} of {len(connectors)} imports failed.")
