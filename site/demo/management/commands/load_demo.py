import time
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from rathaus.site.core.console import format_table
from rathaus.site.demo import prepared
from rathaus.site.demo.data.municipalities import BY_SLUG
from rathaus.site.demo.loader import DEMO_PASSWORD, DemoLoader


class TqdmProgress:
    def __init__(self, stream, enabled):
        self.stream, self.enabled = stream, enabled

    @contextmanager
    def __call__(self, total, description):
        with tqdm(
            total=total,
            desc=description,
            unit="page",
            file=self.stream,
            disable=not self.enabled,
            leave=True,
        ) as bar:
            yield bar


class Command(BaseCommand):
    help = (
        "Load the demo: Stadt Bayreuth, Landkreis Bayreuth and Castrop-Rauxel "
        "with German page trees (information, news, events, locations, legal "
        "pages), contacts, location categories, their translations and a user "
        "for every role. "
        "Idempotent: running it again creates and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality",
            action="append",
            choices=list(BY_SLUG),
            dest="municipalities",
            help="Load only this municipality (may be given more than once).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo although DEBUG is off (it creates known passwords).",
        )
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Apply the migrations first, in the same process (as make demo "
            "does: one start-up less).",
        )
        parser.add_argument(
            "--live",
            action="store_true",
            help="Build the content through Wagtail and wagtail-localize (over a "
            "minute) even where the prepared demo could be inserted.",
        )
        parser.add_argument(
            "--no-translations",
            action="store_false",
            dest="translations",
            help="Load the German pages only.",
        )

    def handle(self, *args, municipalities=None, translations=True, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "DEBUG is off: the demo creates accounts with a published password. "
                "Pass --allow-production if you really want it here."
            )
        verbosity = options["verbosity"]
        if options["migrate"]:
            call_command("migrate", interactive=False, verbosity=verbosity)
        started = time.monotonic()
        unusable = options["live"] or prepared.why_not_usable(
            municipalities, translations
        )
        if not unusable:
            how = "from the prepared demo"
            report = prepared.load()
        else:
            how = "live"
            if verbosity >= 1 and getattr(unusable, "rebuild", False):
                self.stdout.write(
                    f"Building the demo live (over a minute): {unusable}. "
                    "`make demo-fixture` prepares it again."
                )
            loader = DemoLoader(
                translations=translations,
                progress=TqdmProgress(self.stderr._out, enabled=verbosity >= 1),
            )
            try:
                report = loader.load(municipalities)
            except (KeyError, ValidationError) as error:
                raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        if verbosity < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded {how} in {elapsed:.1f} s: "
                f"{len(report.municipalities)} municipalities, "
                f"{report.pages_created} pages created, "
                f"{report.translations_saved} translations saved, "
                f"{report.strings_translated} strings translated, "
                f"{report.images_created} images created, "
                f"{report.users_created} users created."
            )
        )
        self.stdout.write(
            f"\nDemo accounts (password for all: {DEMO_PASSWORD}; for the demo only):\n"
        )
        rows = [("username", "role", "municipality", "locale")] + [
            (user.username, user.role, user.municipality, user.locale)
            for user in report.users
        ]
        self.stdout.write(format_table(rows, rule_after_header=True))
