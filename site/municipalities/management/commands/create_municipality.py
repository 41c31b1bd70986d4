import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rathaus.site.core.console import validation_error_lines
from rathaus.site.municipalities.models import Municipality
from rathaus.site.municipalities.services import (
    MunicipalitySpec,
    boundary_geometry,
    create_municipality,
)


def numbers(count):
    def parse(value):
        try:
            parts = [float(part) for part in value.split(",")]
        except ValueError:
            raise ValueError(f"expected {count} comma-separated numbers") from None
        if len(parts) != count:
            raise ValueError(f"expected {count} comma-separated numbers")
        return tuple(parts)

    parse.__name__ = f"{count} numbers"
    return parse


def codes(value):
    return [part.strip() for part in value.split(",") if part.strip()]


class Command(BaseCommand):
    help = (
        "Create a municipality with its Site, home page and locale roots, media "
        "collection, groups, permissions and review workflows. Running it again "
        "with the same slug updates and completes the municipality."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=Municipality.Kind.values)
        parser.add_argument("--ags", required=True, help="8 digits, e.g. 09462000")
        parser.add_argument("--ars", required=True, help="12 digits, e.g. 094620000000")
        parser.add_argument(
            "--locales", type=codes, required=True, help="e.g. de,en,ar,uk,tr"
        )
        parser.add_argument("--default-locale", default="de")
        parser.add_argument(
            "--centre", type=numbers(2), required=True, help="latitude,longitude"
        )
        parser.add_argument(
            "--bbox", type=numbers(4), required=True, help="south,west,north,east"
        )
        parser.add_argument("--hostname", default="")
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument("--postal-codes", type=codes, default=[])
        parser.add_argument(
            "--boundary-file", help="a GeoJSON file with a Polygon or MultiPolygon"
        )
        parser.add_argument("--partners", type=codes, default=[])

    def handle(self, *args, **options):
        boundary = None
        if options["boundary_file"]:
            boundary = read_boundary(options["boundary_file"])
        spec = MunicipalitySpec(
            slug=options["slug"],
            name=options["name"],
            kind=options["kind"],
            ags=options["ags"],
            ars=options["ars"],
            locales=options["locales"],
            default_locale=options["default_locale"],
            centre=options["centre"],
            bbox=options["bbox"],
            hostname=options["hostname"],
            port=options["port"],
            postal_codes=options["postal_codes"],
            boundary=boundary,
            partners=options["partners"],
        )
        try:
            municipality, created = create_municipality(spec)
        except ValidationError as error:
            raise CommandError(format_errors(error)) from None
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {municipality.name} ({municipality.slug}) at "
                f"{municipality.site.hostname}:{municipality.site.port} in "
                + ", ".join(
                    sorted(municipality.locales.values_list("language_code", flat=True))
                )
            )
        )


def read_boundary(path):
    try:
        data = json.loads(Path(path).read_text())
    except OSError as error:
        raise CommandError(f"Cannot read the boundary file: {error}") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"The boundary file is not valid JSON: {error}") from None
    return boundary_geometry(data)


def format_errors(error):
    return "Nothing was created:\n  " + "\n  ".join(validation_error_lines(error))
