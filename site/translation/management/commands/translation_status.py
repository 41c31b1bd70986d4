"""Prove (or make) the stored status matrix equal to the one derived from facts."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.site.municipalities.models import Municipality
from rathaus.site.translation import status


class Command(BaseCommand):
    help = (
        "Compare the stored translation statuses with the ones derived from "
        "revisions and segments (--check), or rewrite those that differ (--repair)."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--check",
            action="store_true",
            help="List differences; exit with status 1 if there are any.",
        )
        action.add_argument(
            "--repair", action="store_true", help="Rewrite every row that differs."
        )
        parser.add_argument("--municipality", help="Only this municipality (its slug).")

    def handle(self, *, check, repair, municipality=None, **options):
        municipalities = Municipality.objects.select_related("default_locale")
        if municipality:
            municipalities = municipalities.filter(slug=municipality)
            if not municipalities.exists():
                raise CommandError(f"No municipality {municipality!r}.")
        if repair:
            differences = status.repair(municipalities)
            self.stdout.write(f"Repaired {len(differences)} statuses.")
            return
        differences = status.check(municipalities)
        for difference in differences:
            self.stdout.write(str(difference))
        if differences:
            raise CommandError(
                f"{len(differences)} stored statuses differ from the facts."
            )
        self.stdout.write("The stored statuses equal the ones derived from the facts.")
