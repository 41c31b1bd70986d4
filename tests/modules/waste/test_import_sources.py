"""AbfallNavi and ICS imports against recorded responses (no network)."""

import datetime
import io
import json
from pathlib import Path

import pytest
import responses

from rathaus.modules.waste.connectors import abfallnavi, ics
from rathaus.modules.waste.models import (
    CollectionDate,
    ImportRun,
    ImportSource,
    Street,
)
from rathaus.modules.waste.services import schedule, sources

from .builders import make_fraction

pytestmark = pytest.mark.django_db
RECORDINGS = Path(__file__).parent / "recordings"
BASE = abfallnavi.base_url("cas")
MAPPING = {"Restabfall": "residual", "Papier": "paper", "Bioabfall": "bio"}


def recording(name):
    return json.loads((RECORDINGS / "abfallnavi" / name).read_text(encoding="utf-8"))


def serve_abfallnavi(rsps, streets="strassen.json"):
    rsps.get(f"{BASE}/fraktionen", json=recording("fraktionen.json"))
    rsps.get(f"{BASE}/orte", json=recording("orte.json"))
    rsps.get(f"{BASE}/orte/5270710/strassen", json=recording(streets))
    for street in recording(streets):
        number = street["id"]
        rsps.get(f"{BASE}/strassen/{number}", json=recording(f"strasse-{number}.json"))
        path = RECORDINGS / "abfallnavi" / f"termine-strasse-{number}.json"
        if path.exists():
            rsps.get(f"{BASE}/strassen/{number}/termine", json=recording(path.name))
    for house in (6100001, 6100002):
        rsps.get(
            f"{BASE}/hausnummern/{house}/termine",
            json=recording(f"termine-haus-{house}.json"),
        )


@pytest.fixture
def navi_source(waste_a):
    for key, name in (("residual", "Restmüll"), ("paper", "Papier"), ("bio", "Bio")):
        make_fraction(waste_a, key, name)
    return ImportSource.objects.create(
        municipality=waste_a,
        name="AbfallNavi",
        kind=ImportSource.Kind.ABFALLNAVI,
        service="cas",
        place="Castrop-Rauxel",
        fraction_mapping=MAPPING,
    )


def test_abfallnavi_chain_with_house_numbers(navi_source):
    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        run = sources.run(navi_source.pk)
    assert run.status == ImportRun.Status.SUCCEEDED, (run.error, run.report)
    assert run.report["skipped_fractions"] == {"Sperrmüll": 1}
    lange = Street.objects.get(name="Lange Straße")
    assert (lange.locality, lange.external_id) == ("Ickern", "5271001")
    wittener = Street.objects.get(name="Wittener Straße")
    calendar = schedule.calendar_for(
        navi_source.municipality,
        wittener.pk,
        house_number="2a",
        fraction_keys=["residual"],
        date_from=datetime.date(2026, 1, 1),
        date_to=datetime.date(2026, 1, 31),
    )
    assert [c.date.isoformat() for c in calendar.collections] == ["2026-01-07"]
    # Papier Do on 2026-01-08 is one date of one district for both streets.
    assert CollectionDate.objects.count() == 5


def test_abfallnavi_run_twice_changes_nothing_and_survives_new_ids(navi_source):
    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        sources.run(navi_source.pk)
    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        again = sources.run(navi_source.pk)
    assert (again.created, again.deleted, again.updated) == (0, 0, 0)
    # New year, new ids: the street is matched by name, not duplicated.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        serve_abfallnavi(rsps, streets="strassen-2027.json")
        year = sources.run(navi_source.pk)
    assert year.status == ImportRun.Status.SUCCEEDED
    assert Street.objects.filter(name="Lange Straße").count() == 1
    assert Street.objects.get(name="Lange Straße").external_id == "5299001"
    assert CollectionDate.objects.filter(date__year=2027).count() == 1


def test_abfallnavi_outage_changes_nothing(navi_source):
    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        sources.run(navi_source.pk)
    before = CollectionDate.objects.count()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.get(f"{BASE}/fraktionen", json=recording("fraktionen.json"))
        rsps.get(f"{BASE}/orte", status=404)
        failed = sources.run(navi_source.pk, http=abfallnavi.session(retries=0))
    assert failed.status == ImportRun.Status.FAILED
    assert "HTTP 404" in failed.error
    assert CollectionDate.objects.count() == before


def test_ics_feeds_per_street(waste_a):
    make_fraction(waste_a, "residual", "Restmüll")
    make_fraction(waste_a, "paper", "Papier")
    make_fraction(waste_a, "christmas-trees", "Weihnachtsbäume")
    Street.objects.create(municipality=waste_a, name="Lange Straße")
    source = ImportSource.objects.create(
        municipality=waste_a,
        name="EUV",
        kind=ImportSource.Kind.ICS,
        ics_url_template="https://euv.example/ics?strasse={street}",
        fraction_mapping={
            "Restmüll": "residual",
            "Papier": "paper",
            "Weihnachtsbaum": "christmas-trees",
        },
    )
    body = (RECORDINGS / "strasse.ics").read_bytes()
    with responses.RequestsMock() as rsps:
        rsps.get("https://euv.example/ics?strasse=Lange%20Stra%C3%9Fe", body=body)
        run = sources.run(source.pk)
    assert run.status == ImportRun.Status.SUCCEEDED, (run.error, run.report)
    got = sorted(CollectionDate.objects.values_list("district__fraction__key", "date"))
    assert [(key, day.isoformat()) for key, day in got] == [
        ("christmas-trees", "2026-01-14"),
        ("paper", "2026-01-12"),
        ("residual", "2026-01-05"),
    ]


def test_an_oversized_ics_feed_is_refused_while_it_is_read(waste_a, monkeypatch):
    make_fraction(waste_a, "residual", "Restmüll")
    Street.objects.create(municipality=waste_a, name="Ring")
    source = ImportSource.objects.create(
        municipality=waste_a,
        name="EUV",
        kind=ImportSource.Kind.ICS,
        ics_url_template="https://euv.example/{street}.ics",
        fraction_mapping={"Restmüll": "residual"},
    )
    monkeypatch.setattr(ics, "MAX_BYTES", 100 * 1024)
    read = []

    class Endless(io.RawIOBase):  # the body is streamed: reading stops early
        def readable(self):
            return True

        def readinto(self, buffer):
            read.append(len(buffer))
            buffer[:] = b"X" * len(buffer)
            return len(buffer)

    with responses.RequestsMock() as rsps:
        rsps.get("https://euv.example/Ring.ics", body=io.BufferedReader(Endless()))
        run = sources.run(source.pk)
    assert run.status == ImportRun.Status.FAILED
    assert run.error == "https://euv.example/Ring.ics: larger than 100 KB."
    assert sum(read) < 1024 * 1024
    assert not CollectionDate.objects.exists()
