"""``manage.py modules``: list, enable, disable and configure modules.

    manage.py modules list [--municipality SLUG]
    manage.py modules enable IDENTIFIER --municipality SLUG [--set KEY=VALUE ...]
    manage.py modules disable IDENTIFIER --municipality SLUG
    manage.py modules configure IDENTIFIER --municipality SLUG --set KEY=VALUE ...

Values given with ``--set`` are parsed by the module's settings form, like
admin input; a key given twice becomes a list. ``--json`` takes a JSON object
for settings that are easier written that way.
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rathaus.site.core.console import format_table, validation_error_lines
from rathaus.site.module_platform import services
from rathaus.site.module_platform.registry import module_source
from rathaus.site.municipalities.models import Municipality


def parse_settings(pairs, raw_json):
    values = {}
    if raw_json:
        try:
            values = json.loads(raw_json)
        except json.JSONDecodeError as error:
            raise CommandError(f"--json is not valid JSON: {error}") from error
        if not isinstance(values, dict):
            raise CommandError("--json must be a JSON object.")
    given = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise CommandError(f"--set takes KEY=VALUE, not {pair!r}.")
        given.setdefault(key, []).append(value)
    for key, items in given.items():
        values[key] = items[0] if len(items) == 1 else items
    return values


def format_errors(error):
    return "\n".join(f"  {line}" for line in validation_error_lines(error))


class Command(BaseCommand):
    help = "List modules and enable, disable or configure them per municipality."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="List installed modules.")
        listing.add_argument(
            "--municipality", help="Also show whether each module is enabled there."
        )
        for name, help_text in (
            ("enable", "Enable a module for a municipality."),
            ("disable", "Disable a module for a municipality (keeps its data)."),
            ("configure", "Change settings of an enabled module."),
        ):
            action = actions.add_parser(name, help=help_text)
            action.add_argument("identifier")
            action.add_argument("--municipality", required=True, metavar="SLUG")
            if name != "disable":
                action.add_argument(
                    "--set",
                    action="append",
                    default=[],
                    metavar="KEY=VALUE",
                    # Not "settings": Django's own --settings option writes
                    # that name, and the top-level parser would read a list.
                    dest="pairs",
                    help="A setting; repeat for more.",
                )
                action.add_argument("--json", help="Settings as a JSON object.")

    def handle(self, *args, action, **options):
        if action == "list":
            return self.list_modules(options.get("municipality"))
        municipality = self.get_municipality(options["municipality"])
        identifier = options["identifier"]
        try:
            if action == "enable":
                settings = parse_settings(options["pairs"], options["json"])
                services.enable_module(municipality, identifier, settings=settings)
                self.stdout.write(f"Enabled {identifier} for {municipality.slug}.")
            elif action == "disable":
                activation = services.disable_module(municipality, identifier)
                self.stdout.write(f"Disabled {identifier} for {municipality.slug}.")
                if activation is None:
                    self.stdout.write("(It was never enabled.)")
            else:
                settings = parse_settings(options["pairs"], options["json"])
                if not settings:
                    raise CommandError("Give at least one --set KEY=VALUE or --json.")
                services.configure_module(municipality, identifier, settings)
                self.stdout.write(f"Configured {identifier} for {municipality.slug}.")
        except ValidationError as error:
            raise CommandError(
                f"Cannot {action} {identifier} for {municipality.slug}:\n"
                + format_errors(error)
            ) from error

    def get_municipality(self, slug):
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise CommandError(f"There is no municipality {slug!r}.")
        return municipality

    def list_modules(self, slug):
        headers = ["IDENTIFIER", "NAME", "VERSION", "REQUIRES", "SOURCE"]
        enabled = None
        if slug:
            enabled = services.enabled_identifiers(self.get_municipality(slug))
            headers.append("ENABLED")
        rows = []
        for module in services.all_modules():
            row = [
                module.identifier,
                str(module.verbose_name),
                module.version,
                ", ".join(module.requires) or "-",
                module_source(module),
            ]
            if enabled is not None:
                row.append("yes" if module.identifier in enabled else "no")
            rows.append(row)
        if not rows:
            self.stdout.write("No modules are installed.")
            return
        self.stdout.write(format_table([headers, *rows]))
