"""CSV import: idempotent, one transaction, refusals with line and reason."""

import pytest
from django.core.management import CommandError, call_command

from rathaus.modules.waste.models import CollectionDate, ImportRun, Street
from rathaus.modules.waste.services import importing

from .builders import make_fraction

pytestmark = pytest.mark.django_db

HEADER = ";".join(importing.CSV_COLUMNS)
CSV = (
    HEADER
    + """
Hauptstraße;;44575;1;99;odd;residual;Bezirk 1;2026-01-05;;;
Hauptstraße;;44575;1;99;odd;residual;Bezirk 1;19.01.2026;;;
Hauptstraße;;44575;;;even;residual;Bezirk 2;2026-01-06;;;
Mühlenweg;Ickern;44581;;;all;residual;Bezirk 1;2026-01-05;;;
Marktplatz;;44575;;;all;hazardous;Marktplatz;2026-03-14;09:00;10:30;Marktplatz 1
"""
)


@pytest.fixture
def fractions(waste_a):
    make_fraction(waste_a, "residual", "Restmüll")
    make_fraction(waste_a, "hazardous", "Schadstoffmobil", kind="mobile")
    return waste_a


def test_import_creates_and_a_second_run_changes_nothing(fractions):
    run = importing.import_csv(fractions, CSV)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    changes = run.report["changes"]
    assert changes["streets"]["created"] == 3
    assert changes["dates"]["created"] == 4
    assert Street.objects.get(name="Mühlenweg").search_key == "muhlenweg"
    again = importing.import_csv(fractions, CSV)
    assert again.status == ImportRun.Status.SUCCEEDED
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    marktplatz = CollectionDate.objects.get(district__name="Marktplatz")
    assert marktplatz.start_time.hour == 9


def test_a_changed_file_reports_what_changed(fractions):
    importing.import_csv(fractions, CSV)
    changed = CSV.replace("19.01.2026", "20.01.2026")
    run = importing.import_csv(fractions, changed)
    assert run.report["changes"]["dates"] == {
        "created": 1,
        "updated": 0,
        "deleted": 1,
        "unchanged": 3,
    }


def test_refused_lines_change_nothing(fractions):
    bad = (
        CSV
        + "Kirchweg;;;5;3;all;residual;Bezirk 1;2026-01-05;;;\n"
        + "Kirchweg;;;;;all;compost;Bezirk 1;2026-01-05;;;\n"
        + "Kirchweg;;;;;sometimes;residual;Bezirk 1;2026-01-05;;;\n"
        + "Kirchweg;;;;;all;residual;Bezirk 1;2026-13-05;;;\n"
    )
    run = importing.import_csv(fractions, bad)
    assert run.status == ImportRun.Status.REFUSED
    assert [(r["line"], r["reason"][:20]) for r in run.report["refused"]] == [
        (7, "house_from ist größe"),
        (8, "Unbekannte Abfallart"),
        (9, "Die Parität 'sometim"),
        (10, "Das Datum '2026-13-0"),
    ]
    assert not Street.objects.exists()
    assert not CollectionDate.objects.exists()


def test_municipalities_are_isolated(fractions, waste_b):
    make_fraction(waste_b, "residual", "Restmüll")
    importing.import_csv(fractions, CSV)
    run = importing.import_csv(waste_b, CSV.replace("Hauptstraße", "Bahnhofstraße"))
    assert run.status == ImportRun.Status.REFUSED  # B has no hazardous fraction
    assert not Street.objects.filter(municipality=waste_b).exists()
    assert Street.objects.filter(municipality=fractions).count() == 3


def test_command_imports_and_fails_loudly(fractions, tmp_path):
    path = tmp_path / "calendar.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("waste_import", municipality="stadt-a", csv=str(path), verbosity=0)
    assert Street.objects.count() == 3
    path.write_text(CSV + "X;;;;;all;nope;B;2026-01-01;;;\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("waste_import", municipality="stadt-a", csv=str(path), verbosity=0)
