"""A 100,000-offer feed is streamed: memory stays bounded."""

import json
import time
import tracemalloc

import pytest

from rathaus.modules.jobs import services
from rathaus.modules.jobs.models import JobOffer

from .conftest import CSV_HEADER, make_feed_connector

pytestmark = pytest.mark.django_db
OFFERS = 100_000
PEAK_LIMIT_MB = 60


def write_csv(path, offers):
    with path.open("w", encoding="utf-8") as out:
        out.write(CSV_HEADER)
        for n in range(offers):
            out.write(
                f"L-{n},Fachkraft Lagerlogistik {n} (m/w/d),Betrieb {n % 500} GmbH,"
                f"{'job' if n % 3 else 'Ausbildung'},95444,Bayreuth,"
                f"{49.9 + (n % 100) / 1000:.4f},{11.5 + (n % 97) / 1000:.4f},"
                f"2099-12-31,de:B1,{'ja' if n % 2 else 'nein'}\n"
            )


def write_json(path, offers):
    with path.open("w", encoding="utf-8") as out:
        out.write('{"source": "test", "offers": [')
        for n in range(offers):
            record = {
                "ref": f"L-{n}",
                "title": f"Fachkraft Lagerlogistik {n} (m/w/d)",
                "employer": f"Betrieb {n % 500} GmbH",
                "kind": "job" if n % 3 else "Ausbildung",
                "plz": "95444",
                "place": "Bayreuth",
                "lat": 49.9 + (n % 100) / 1000,
                "lon": 11.5 + (n % 97) / 1000,
                "expires": "2099-12-31",
                "languages": [{"sprache": "Deutsch", "niveau": "B1"}],
                "refugees": bool(n % 2),
            }
            out.write(("," if n else "") + json.dumps(record))
        out.write("]}")


@pytest.mark.parametrize(
    ("feed_format", "offers"),
    # The JSON run is smaller: it checks ijson streams; the CSV run the scale.
    [("csv", OFFERS), ("json", 20_000)],
)
def test_large_feed_with_bounded_memory(feed_format, offers, tmp_path, jobs_a, capsys):
    path = tmp_path / f"big.{feed_format}"
    (write_csv if feed_format == "csv" else write_json)(path, offers)
    connector = make_feed_connector(jobs_a, feed_format)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        run = services.run_import(connector, source_file=path)
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert run.status == "succeeded", run.error
    assert run.created == offers
    assert JobOffer.objects.filter(municipality=jobs_a).count() == offers
    peak_mb = peak / (1024 * 1024)
    size_mb = path.stat().st_size / (1024 * 1024)
    with capsys.disabled():
        print(
            f"\n{feed_format}: {offers} offers ({size_mb:.0f} MB) in {elapsed:.1f}s, "
            f"peak traced memory {peak_mb:.1f} MB"
        )
    assert peak_mb < PEAK_LIMIT_MB
