"""``manage.py poll_warnings``: one NINA poll cycle now."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.site.module_platform import api

from ...services import polling
from ...tasks import enqueue_relay


class Command(BaseCommand):
    help = "Poll NINA for every municipality using the warnings module."

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality",
            action="append",
            default=[],
            help="Only this municipality (slug); may be given more than once.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Poll even municipalities in backoff after failures.",
        )

    def handle(self, *args, **options):
        municipalities = api.municipalities_where_enabled(polling.MODULE)
        if options["municipality"]:
            slugs = set(options["municipality"])
            municipalities = municipalities.filter(slug__in=slugs)
            missing = slugs - set(municipalities.values_list("slug", flat=True))
            if missing:
                raise CommandError(
                    "Unknown municipality or warnings not enabled: "
                    + ", ".join(sorted(missing))
                )
        results = polling.poll_cycle(
            list(municipalities), relay=enqueue_relay, force=options["force"]
        )
        failed = 0
        for result in results:
            failed += result.outcome == "failed"
            self.stdout.write(
                f"{result.municipality.slug}: {result.outcome}, "
                f"{len(result.created)} new, {len(result.updated)} updated, "
                f"{len(result.closed)} closed, {result.ignored} ignored"
                + (f" ({result.error})" if result.error else "")
            )
        if failed:
            self.stderr.write(f"{failed} of {len(results)} polls failed.")
