from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from rathaus.site.demo import prepared

from .load_demo import TqdmProgress


class Command(BaseCommand):
    help = (
        "Build the demo's content live in this empty database and store its "
        "rows as the prepared demo (site/demo/prepared/), which load_demo "
        "inserts in seconds. Run it through `make demo-fixture`, on a throwaway "
        "database, after changing the demo, its data or a migration."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply the migrations first, in the same process.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: prepare the demo on a development setup.")
        verbosity = options["verbosity"]
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=verbosity)
        progress = TqdmProgress(self.stderr._out, enabled=verbosity >= 1)
        try:
            manifest = prepared.build(progress=progress)
        except prepared.PreparedDemoError as error:
            raise CommandError(str(error)) from error
        size = prepared.FIXTURE.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Stored {manifest['rows']} rows ({size / 1024:.0f} kB) in "
                f"{prepared.FIXTURE}, "
                f"built on {manifest['built_on']}."
            )
        )
